import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the scripted server does with one chat completion request. */
export type ChatScript =
  | { reply: string; chunkSize?: number; chunkDelayMs?: number }
  | { status: number; body?: string }
  | { hang: true };

export interface RecordedRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: { model?: string; stream?: boolean; max_tokens?: number; max_completion_tokens?: number; messages?: { role: string; content: string }[]; input?: string | string[]; encoding_format?: string };
}

/**
 * An OpenAI-compatible HTTP server on loopback that answers from a script: the real ChatOpenAI and
 * OpenAIEmbeddings clients talk to it exactly as they would to OpenAI, Ollama or vLLM.
 */
export class ScriptedOpenAI {
  readonly requests: RecordedRequest[] = [];
  /** How long the server takes over each embeddings request, as a slow provider would. */
  embeddingsDelayMs = 0;
  private readonly chatScripts: ((req: RecordedRequest) => ChatScript)[] = [];
  private fallback?: (req: RecordedRequest) => ChatScript;
  private server?: Server;

  /** Queues the answers of the next chat requests, in order; a function decides from the request. */
  script(...steps: (ChatScript | ((req: RecordedRequest) => ChatScript))[]): void {
    for (const step of steps) this.chatScripts.push(typeof step === 'function' ? step : () => step);
  }

  /** Answers every chat request once the queue is empty, for runs that cannot count their requests in advance. */
  otherwise(step: (req: RecordedRequest) => ChatScript): void {
    this.fallback = step;
  }

  /** Forgets recorded requests and unused script steps, so one test's leftovers cannot answer the next. */
  reset(): void {
    this.requests.length = 0;
    this.chatScripts.length = 0;
    this.fallback = undefined;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const recorded: RecordedRequest = { path: req.url ?? '', headers: req.headers, body: raw ? JSON.parse(raw) : {} };
    this.requests.push(recorded);
    if (recorded.path.endsWith('/embeddings')) {
      if (this.embeddingsDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.embeddingsDelayMs));
      return this.embeddings(recorded, res);
    }
    if (!recorded.path.endsWith('/chat/completions')) {
      res.writeHead(404).end();
      return;
    }
    const step = this.chatScripts.shift()?.(recorded) ?? this.fallback?.(recorded) ?? { status: 500, body: '{"error":{"message":"no script left"}}' };
    if ('hang' in step) return; // never answers: the client's timeout must fire
    if ('status' in step) {
      res.writeHead(step.status, { 'content-type': 'application/json' }).end(step.body ?? '{"error":{"message":"scripted failure"}}');
      return;
    }
    if (!recorded.body.stream) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          id: 'chatcmpl-test',
          object: 'chat.completion',
          created: 0,
          model: recorded.body.model,
          choices: [{ index: 0, message: { role: 'assistant', content: step.reply }, finish_reason: 'stop' }],
        }),
      );
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const size = step.chunkSize ?? 8;
    for (let i = 0; i < step.reply.length; i += size) {
      const delta = { id: 'chatcmpl-test', object: 'chat.completion.chunk', created: 0, model: recorded.body.model, choices: [{ index: 0, delta: { content: step.reply.slice(i, i + size) }, finish_reason: null }] };
      res.write(`data: ${JSON.stringify(delta)}\n\n`);
      if (step.chunkDelayMs) await new Promise((resolve) => setTimeout(resolve, step.chunkDelayMs));
    }
    res.write(`data: ${JSON.stringify({ id: 'chatcmpl-test', object: 'chat.completion.chunk', created: 0, model: recorded.body.model, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`);
    res.end('data: [DONE]\n\n');
  }

  /** Deterministic 8-dimensional vectors from character counts: enough to exercise the hosted-embedder path. */
  private embeddings(recorded: RecordedRequest, res: ServerResponse): void {
    const inputs = Array.isArray(recorded.body.input) ? recorded.body.input : [recorded.body.input ?? ''];
    const data = inputs.map((text, index) => {
      const v = new Array(8).fill(0.01);
      for (const ch of String(text).toLowerCase()) v[ch.charCodeAt(0) % 8] += 1;
      // Like OpenAI, answer in the encoding the client asked for: its SDK asks for base64 float32 by default.
      const embedding = recorded.body.encoding_format === 'base64' ? Buffer.from(new Float32Array(v).buffer).toString('base64') : v;
      return { object: 'embedding', index, embedding };
    });
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data, model: 'scripted', usage: { prompt_tokens: 0, total_tokens: 0 } }));
  }
}
