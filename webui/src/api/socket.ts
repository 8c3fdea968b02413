// A session's events over the studio's WebSocket (bundles/studio-ws EventSocketServlet and
// EventSocket): GET /ws?org=…&session=…&after=… with the token as the subprotocols
// ["bearer", "bearer.<token>"] (a browser cannot set headers on a WebSocket). Server frames are the
// SSE stream's JSON events; close 4000 follows a RESYNC event, 4001 an ERROR (the credential ended).
// The client sends {"type":"ping"} every 30 s and presence frames while the socket is open.
//
// When sockets cannot be opened at all on this page (no WebSocket in the browser, or two handshakes
// in a row failed before any socket opened: a proxy that refuses upgrades, a stand-in studio without
// /ws), the page reads the events over SSE for the rest of its life. Drops of an open socket are
// ordinary: the stream reconnects over the socket again.
import { ApiError } from './client';
import type { SessionEvent } from './types';

/** The same contract as the SSE transport (stores/eventStream.ts StreamTransport). */
export type EventTransport = (after: number, signal: AbortSignal, opened?: () => void) => AsyncIterable<SessionEvent>;

/** Close codes of EventSocket.java. */
export const CLOSE_RESYNC = 4000;
export const CLOSE_UNAUTHORIZED = 4001;
export const PING_MS = 30_000;
/** The longest the reader hands on events without letting the page render (a replay's burst). */
export const SLICE_MS = 12;
/** Handshakes in a row that may fail (before any socket opened) until the page uses SSE. */
export const HANDSHAKE_FAILURES = 2;

/** Whether sockets work on this page; one per page (tests make their own). */
export interface SocketSupport {
  /** Handshakes that failed in a row. */
  failures: number;
  /** A socket opened on this page at least once. */
  opened: boolean;
  /** Sockets do not work here: SSE from now on. */
  fallback: boolean;
}

export const pageSocketSupport: SocketSupport = { failures: 0, opened: false, fallback: false };

/** The parts of the browser's WebSocket this module uses (tests pass a fake class). */
export interface SocketLike {
  readonly readyState: number;
  readonly protocol: string;
  onopen: ((ev: Event) => unknown) | null;
  onmessage: ((ev: MessageEvent) => unknown) | null;
  onerror: ((ev: Event) => unknown) | null;
  onclose: ((ev: CloseEvent) => unknown) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export type SocketFactory = new (url: string, protocols: string[]) => SocketLike;

const OPEN = 1;

export interface SessionSocketOptions {
  /** The socket's URL for events after {@code after}. */
  url(after: number): string;
  /** A token good for a new handshake (renewed first when it has run out), or null when logged out. */
  token(): Promise<string | null> | string | null;
  /** The SSE transport, for a page where sockets do not work. */
  fallback: EventTransport;
  /** The WebSocket class; defaults to the browser's (none: SSE). */
  WebSocket?: SocketFactory | null;
  support?: SocketSupport;
  pingMs?: number;
  /** Which transport a connection used (for the status line). */
  onTransport?(transport: 'websocket' | 'sse'): void;
}

/** Where socket events wait for the reader. */
type Item = { kind: 'frame'; data: string } | { kind: 'open' } | { kind: 'close'; code: number; reason: string; wasClean: boolean };

/** The socket of one session's stream: its events transport, and frames sent on it while open. */
export class SessionSocket {
  private current: SocketLike | null = null;
  private readonly support: SocketSupport;
  private readonly Impl: SocketFactory | null;

  constructor(private readonly options: SessionSocketOptions) {
    this.support = options.support ?? pageSocketSupport;
    const global = (globalThis as { WebSocket?: SocketFactory }).WebSocket;
    this.Impl = options.WebSocket === undefined ? (global ?? null) : options.WebSocket;
  }

  /** The stream transport: over the socket, or SSE where sockets do not work. */
  readonly events: EventTransport = (after, signal, onOpen) => this.connect(after, signal, onOpen);

  /** Sends a client frame on the open socket; false when there is none (send it over REST then). */
  send(frame: Record<string, unknown>): boolean {
    const ws = this.current;
    if (!ws || ws.readyState !== OPEN) return false;
    try {
      ws.send(JSON.stringify(frame));
      return true;
    } catch {
      return false;
    }
  }

  /** Whether the page reads events over SSE for good. */
  get usesSse(): boolean {
    return this.support.fallback || !this.Impl;
  }

  private async *sse(after: number, signal: AbortSignal, onOpen?: () => void): AsyncGenerator<SessionEvent> {
    this.options.onTransport?.('sse');
    yield* this.options.fallback(after, signal, onOpen);
  }

  private async *connect(after: number, signal: AbortSignal, onOpen?: () => void): AsyncGenerator<SessionEvent> {
    if (signal.aborted) return;
    if (this.usesSse) {
      this.support.fallback = true;
      yield* this.sse(after, signal, onOpen);
      return;
    }
    const token = await this.options.token();
    if (signal.aborted) return;
    if (!token) throw new ApiError(401, null, 'Log in to follow this session.');

    let ws: SocketLike;
    try {
      ws = new this.Impl!(this.options.url(after), ['bearer', `bearer.${token}`]);
    } catch {
      // the browser refuses the URL or the protocols outright: sockets cannot work here
      this.support.fallback = true;
      yield* this.sse(after, signal, onOpen);
      return;
    }

    const items: Item[] = [];
    let wake: (() => void) | null = null;
    let waking = false;
    // The reader wakes in a task of its own rather than in each frame's: the frames of a burst (the
    // replay of a late joiner, thousands of events) are read together, and the page renders once
    // for them instead of once per frame
    const push = (item: Item) => {
      items.push(item);
      if (waking) return;
      waking = true;
      setTimeout(() => {
        waking = false;
        wake?.();
        wake = null;
      }, 0);
    };
    ws.onopen = () => push({ kind: 'open' });
    ws.onmessage = (e) => push({ kind: 'frame', data: typeof e.data === 'string' ? e.data : '' });
    ws.onclose = (e) => push({ kind: 'close', code: e.code, reason: e.reason, wasClean: e.wasClean });
    ws.onerror = () => {}; // a close event follows and says how it ended
    const onAbort = () => wake?.();
    signal.addEventListener('abort', onAbort);

    let opened = false;
    let ping: ReturnType<typeof setInterval> | null = null;
    let lastError: string | null = null;
    let resynced = false;
    let lastSeq = after;
    try {
      let slice = Date.now();
      while (true) {
        if (signal.aborted) return;
        const item = items.shift();
        if (!item) {
          await new Promise<void>((resolve) => (wake = resolve));
          slice = Date.now();
          continue;
        }
        if (item.kind === 'open') {
          opened = true;
          this.current = ws;
          this.support.opened = true;
          this.support.failures = 0;
          this.options.onTransport?.('websocket');
          ping = setInterval(() => this.send({ type: 'ping' }), this.options.pingMs ?? PING_MS);
          onOpen?.();
          continue;
        }
        if (item.kind === 'frame') {
          let event: SessionEvent;
          try {
            event = JSON.parse(item.data) as SessionEvent;
          } catch {
            continue; // not an event of this API
          }
          if (!event || typeof event !== 'object' || typeof event.type !== 'string' || event.type === 'pong') continue;
          if (!(event.seq > 0) && event.type === 'ERROR') {
            // a refused client frame, or the credential ending (then 4001 follows): not for the stream
            lastError = typeof event.data?.message === 'string' ? event.data.message : null;
            continue;
          }
          if (event.type === 'RESYNC') resynced = true;
          if (event.seq > 0) lastSeq = event.seq;
          yield event;
          if (Date.now() - slice > SLICE_MS) {
            // a long burst is handed on in slices, with the page free to render and scroll between them
            await new Promise<void>((resolve) => setTimeout(resolve, 0));
            slice = Date.now();
          }
          continue;
        }
        // closed
        if (!opened) {
          this.support.failures++;
          if (this.support.failures >= HANDSHAKE_FAILURES) {
            if (!this.support.opened) this.support.fallback = true;
            // sockets worked on this page before: ask over SSE this once, which also says why
            // (a 401, 403 or 404 the handshake cannot tell), and try the socket again next time
            yield* this.sse(after, signal, onOpen);
            return;
          }
          throw new Error('The live connection could not be opened.');
        }
        if (item.code === CLOSE_RESYNC) {
          if (!resynced) {
            yield { seq: 0, sessionId: '', type: 'RESYNC', at: new Date().toISOString(), actor: null, turnId: null, data: { lastSeq, reason: item.reason } };
          }
          return;
        }
        if (item.code === CLOSE_UNAUTHORIZED) {
          // the page renewed its token since this socket opened: just connect again with the new one
          if ((await this.options.token()) !== token) return;
          throw new ApiError(401, null, lastError ?? (item.reason || 'Your login ended: log in again.'));
        }
        if (!item.wasClean) throw new Error(`The live connection dropped${item.code ? ` (${item.code})` : ''}.`);
        return; // an orderly end: the stream reconnects after the last event
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      if (ping) clearInterval(ping);
      if (this.current === ws) this.current = null;
      ws.onopen = ws.onmessage = ws.onerror = ws.onclose = null;
      if (ws.readyState <= OPEN) {
        try {
          ws.close(1000, 'done');
        } catch {
          // already closing
        }
      }
    }
  }
}

/** ws:// or wss:// on this page's host: /ws?org=…&session=…&after=… */
export function socketUrl(org: string, session: string, after: number, location: Pick<Location, 'protocol' | 'host'> = window.location): string {
  const q = new URLSearchParams({ org, session, after: String(after) });
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws?${q}`;
}
