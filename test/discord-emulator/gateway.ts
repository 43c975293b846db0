import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Json } from './model.js';

/** Gateway opcodes (https://discord.com/developers/docs/topics/opcodes-and-status-codes#gateway). */
export const Op = { Dispatch: 0, Heartbeat: 1, Identify: 2, PresenceUpdate: 3, Resume: 6, Reconnect: 7, RequestGuildMembers: 8, InvalidSession: 9, Hello: 10, HeartbeatAck: 11 } as const;

export interface Identify {
  shard: [number, number];
  intents: number;
  tokenValid: boolean;
  at: number;
}

export interface GatewaySession {
  id: string;
  shard: [number, number];
  intents: number;
  socket?: WebSocket;
  seq: number;
  /** Every dispatch sent, so a RESUME can replay what a dropped connection missed. */
  sent: Json[];
  heartbeats: number;
}

export interface GatewayHooks {
  /** Answer heartbeats with ACK (off: the client sees a zombie connection and reconnects). */
  ackHeartbeats: boolean;
  heartbeatIntervalMs: number;
  /** Close every connection with this code right after HELLO: a gateway that refuses the bot, as seen in the wild. */
  refuseWith?: number;
}

export interface GatewayWorld {
  tokenValid(token: string): boolean;
  /** The READY payload's user and application, and the guilds a shard serves. */
  readyPayload(session: GatewaySession): Json;
  guildCreates(shard: [number, number]): Json[];
}

/** A JSON, uncompressed Discord gateway: HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeats, RESUME and dispatches. */
export class Gateway {
  readonly identifies: Identify[] = [];
  readonly sessions = new Map<string, GatewaySession>();
  /** Every payload a client sent, for tests of heartbeats and resumes. */
  readonly received: { op: number; d: unknown; at: number }[] = [];
  readonly connections = new Set<WebSocket>();
  /** How each connection ended: 1000 is a clean close by the client, 1006 one without a close frame. */
  readonly closes: { code: number; at: number }[] = [];
  private server?: WebSocketServer;
  url = '';

  constructor(
    private readonly world: GatewayWorld,
    readonly hooks: GatewayHooks,
  ) {}

  async start(): Promise<void> {
    this.server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
    await new Promise<void>((resolve) => this.server!.once('listening', resolve));
    this.url = `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.server.on('connection', (socket, request) => this.accept(socket, request.url ?? ''));
  }

  async stop(): Promise<void> {
    for (const socket of this.connections) socket.terminate();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** Sessions currently connected for a guild's shard. */
  liveSessions(): GatewaySession[] {
    return [...this.sessions.values()].filter((s) => s.socket && s.socket.readyState === s.socket.OPEN);
  }

  /**
   * Sends an event to every session of the shards it concerns (connected or not: a disconnected one gets it on
   * RESUME). `shape` adjusts the payload per session, e.g. to withhold content from a session without the intent,
   * or withholds the event altogether (undefined) from a session that did not ask for it.
   */
  dispatch(event: string, data: Json, shardFilter: (shard: [number, number]) => boolean, shape?: (data: Json, session: GatewaySession) => Json | undefined): void {
    for (const session of this.sessions.values()) {
      if (!shardFilter(session.shard)) continue;
      const payload = shape ? shape(data, session) : data;
      if (payload) this.send(session, event, payload);
    }
  }

  /** Ends a shard's connection: 1006 drops it without a close frame (a network failure), other codes close it. */
  drop(shardId: number, code = 4000): void {
    for (const session of this.sessions.values()) {
      if (session.shard[0] !== shardId || !session.socket) continue;
      if (code === 1006) session.socket.terminate();
      else session.socket.close(code, 'emulator closed the connection');
    }
  }

  /** Asks the client to reconnect and resume (op 7), or tells it its session is invalid (op 9). */
  reconnect(shardId: number): void {
    for (const session of this.sessions.values()) if (session.shard[0] === shardId) this.raw(session.socket, { op: Op.Reconnect, d: null });
  }

  invalidateSession(shardId: number, resumable: boolean): void {
    for (const session of this.sessions.values()) {
      if (session.shard[0] !== shardId) continue;
      this.raw(session.socket, { op: Op.InvalidSession, d: resumable });
      // As on Discord, a session declared not resumable is gone: a RESUME of it gets another invalid session.
      if (!resumable) this.sessions.delete(session.id);
    }
  }

  private accept(socket: WebSocket, url: string): void {
    this.connections.add(socket);
    socket.on('close', (code) => {
      this.connections.delete(socket);
      this.closes.push({ code, at: performance.now() });
    });
    const params = new URL(url, 'ws://x').searchParams;
    if (params.get('encoding') !== 'json' || params.get('compress')) {
      socket.close(4002, 'the emulator speaks uncompressed JSON only');
      return;
    }
    let session: GatewaySession | undefined;
    socket.on('message', (raw) => {
      let payload: Json;
      try {
        payload = JSON.parse(String(raw));
      } catch {
        socket.close(4002, 'Error while decoding payload.');
        return;
      }
      this.received.push({ op: payload.op, d: payload.d, at: performance.now() });
      switch (payload.op) {
        case Op.Heartbeat:
          if (session) session.heartbeats++;
          if (this.hooks.ackHeartbeats) this.raw(socket, { op: Op.HeartbeatAck });
          return;
        case Op.Identify:
          session = this.identify(socket, payload.d);
          return;
        case Op.Resume:
          session = this.resume(socket, payload.d);
          return;
        default:
          return;
      }
    });
    this.raw(socket, { op: Op.Hello, d: { heartbeat_interval: this.hooks.heartbeatIntervalMs } });
    if (this.hooks.refuseWith !== undefined) socket.close(this.hooks.refuseWith, 'the emulator refuses connections');
  }

  private identify(socket: WebSocket, d: Json): GatewaySession | undefined {
    const shard: [number, number] = Array.isArray(d.shard) ? [d.shard[0], d.shard[1]] : [0, 1];
    const tokenValid = this.world.tokenValid(String(d.token ?? ''));
    this.identifies.push({ shard, intents: Number(d.intents), tokenValid, at: performance.now() });
    if (!tokenValid) {
      socket.close(4004, 'Authentication failed.');
      return undefined;
    }
    if (shard[0] < 0 || shard[0] >= shard[1]) {
      socket.close(4010, 'Invalid shard.');
      return undefined;
    }
    const session: GatewaySession = { id: randomUUID().replace(/-/g, ''), shard, intents: Number(d.intents), socket, seq: 0, sent: [], heartbeats: 0 };
    this.sessions.set(session.id, session);
    this.send(session, 'READY', { v: 10, session_id: session.id, resume_gateway_url: this.url, shard, ...this.world.readyPayload(session) });
    // A guild's events reach the bot only after its GUILD_CREATE, as on Discord.
    for (const guild of this.world.guildCreates(shard)) this.send(session, 'GUILD_CREATE', guild);
    return session;
  }

  private resume(socket: WebSocket, d: Json): GatewaySession | undefined {
    const session = this.sessions.get(String(d.session_id));
    if (!session || !this.world.tokenValid(String(d.token ?? ''))) {
      this.raw(socket, { op: Op.InvalidSession, d: false });
      return undefined;
    }
    session.socket = socket;
    for (const missed of session.sent.filter((p) => p.s > Number(d.seq ?? 0))) this.raw(socket, missed);
    this.send(session, 'RESUMED', {});
    return session;
  }

  private send(session: GatewaySession, event: string, data: Json): void {
    const payload = { op: Op.Dispatch, t: event, s: ++session.seq, d: data };
    session.sent.push(payload);
    this.raw(session.socket, payload);
  }

  private raw(socket: WebSocket | undefined, payload: Json): void {
    if (socket && socket.readyState === socket.OPEN) socket.send(JSON.stringify(payload));
  }
}
