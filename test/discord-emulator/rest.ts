import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Json } from './model.js';

/** One HTTP request the bot made, with what the emulator answered. */
export interface RecordedRequest {
  /** Position in `requests`, from 1, in the order the answers were decided. */
  seq: number;
  /** performance.now() when the request arrived. */
  at: number;
  method: string;
  /** The path after /api/v10, e.g. /channels/123/messages. */
  path: string;
  query: Record<string, string>;
  headers: IncomingMessage['headers'];
  body: Json | undefined;
  status: number;
  response: unknown;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type RouteHandler = (request: RecordedRequest, params: string[]) => Reply | Promise<Reply>;

/** A scripted failure: the next `times` requests that match get this reply instead of the real one. */
export interface RestFault {
  match: (request: RecordedRequest) => boolean;
  reply: Reply;
  times: number;
}

const API_PREFIX = /^\/api\/v\d+/;

/** A tiny router over node:http that records every request before answering it. */
export class RestServer {
  readonly requests: RecordedRequest[] = [];
  readonly faults: RestFault[] = [];
  /** Runs before every answer: a delay here simulates a slow Discord. */
  beforeReply?: (request: RecordedRequest) => Promise<void> | void;
  private readonly routes: { method: string; pattern: RegExp; handler: RouteHandler }[] = [];
  private readonly listeners = new Set<(request: RecordedRequest) => void>();
  private server?: Server;
  url = '';

  route(method: string, pattern: RegExp, handler: RouteHandler): void {
    this.routes.push({ method, pattern, handler });
  }

  onRequest(listener: (request: RecordedRequest) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const request: RecordedRequest = {
      seq: 0,
      at: performance.now(),
      method: req.method ?? 'GET',
      path: decodeURIComponent(url.pathname).replace(API_PREFIX, ''),
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body: await readBody(req),
      status: 0,
      response: undefined,
    };
    let reply: Reply;
    try {
      await this.beforeReply?.(request);
      reply = this.takeFault(request) ?? (await this.dispatch(request));
    } catch (error) {
      reply = { status: 500, body: { message: `emulator error: ${(error as Error).message}`, code: 0 } };
    }
    request.status = reply.status;
    request.response = reply.body;
    request.seq = this.requests.length + 1;
    this.requests.push(request);
    for (const listener of this.listeners) listener(request);
    const headers = { ...(reply.body === undefined ? {} : { 'content-type': 'application/json' }), ...reply.headers };
    res.writeHead(reply.status, headers).end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
  }

  private takeFault(request: RecordedRequest): Reply | undefined {
    const fault = this.faults.find((f) => f.times > 0 && f.match(request));
    if (!fault) return undefined;
    fault.times--;
    return fault.reply;
  }

  private async dispatch(request: RecordedRequest): Promise<Reply> {
    for (const { method, pattern, handler } of this.routes) {
      if (method !== request.method) continue;
      const match = pattern.exec(request.path);
      if (match) return handler(request, match.slice(1));
    }
    return { status: 404, body: { message: '404: Not Found', code: 0 } };
  }
}

/** JSON bodies, and multipart bodies (messages with files) through their payload_json part. */
async function readBody(req: IncomingMessage): Promise<Json | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return undefined;
  const raw = Buffer.concat(chunks).toString('utf8');
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('multipart/form-data')) {
    const json = /name="payload_json"[^\r\n]*\r\n(?:[^\r\n]+\r\n)*\r\n([\s\S]*?)\r\n--/.exec(raw)?.[1];
    return json ? JSON.parse(json) : {};
  }
  return raw ? JSON.parse(raw) : undefined;
}
