import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SessionEventStream, type StreamStatus } from '../stores/eventStream';
import { ApiError } from './client';
import { CLOSE_RESYNC, CLOSE_UNAUTHORIZED, SessionSocket, socketUrl, type SocketSupport } from './socket';
import type { SessionEvent } from './types';
import { numbered } from '../test/fixtures';

const ev = numbered;

/** A stand-in for the browser's WebSocket: the test plays the server. */
class FakeSocket {
  static all: FakeSocket[] = [];
  static failConstruct = false;
  readyState = 0;
  protocol = '';
  sent: string[] = [];
  closedWith: [number | undefined, string | undefined] | null = null;
  onopen: ((ev: Event) => unknown) | null = null;
  onmessage: ((ev: MessageEvent) => unknown) | null = null;
  onerror: ((ev: Event) => unknown) | null = null;
  onclose: ((ev: CloseEvent) => unknown) | null = null;

  constructor(
    readonly url: string,
    readonly protocols: string[],
  ) {
    if (FakeSocket.failConstruct) throw new DOMException('refused', 'SyntaxError');
    FakeSocket.all.push(this);
  }

  static get last(): FakeSocket {
    return FakeSocket.all[FakeSocket.all.length - 1];
  }

  send(data: string) {
    if (this.readyState !== 1) throw new Error('not open');
    this.sent.push(data);
  }

  close(code?: number, reason?: string) {
    this.closedWith = [code, reason];
    this.readyState = 3;
  }

  // ---- the server's side
  open() {
    this.readyState = 1;
    this.protocol = 'bearer';
    this.onopen?.(new Event('open'));
  }

  frame(value: unknown) {
    this.onmessage?.(new MessageEvent('message', { data: typeof value === 'string' ? value : JSON.stringify(value) }));
  }

  serverClose(code: number, reason = '', wasClean = true) {
    this.readyState = 3;
    this.onclose?.({ code, reason, wasClean } as CloseEvent);
  }

  /** A handshake the server refused (the browser only says: closed, 1006). */
  refuse() {
    this.readyState = 3;
    this.onerror?.(new Event('error'));
    this.onclose?.({ code: 1006, reason: '', wasClean: false } as CloseEvent);
  }
}

const tick = () => new Promise<void>((r) => setTimeout(r, 0));

/** Reads a transport into an array as events come; `done` resolves with how it ended. */
function read(iterable: AsyncIterable<SessionEvent>) {
  const events: SessionEvent[] = [];
  const done = (async () => {
    try {
      for await (const e of iterable) events.push(e);
      return 'eof' as const;
    } catch (e) {
      return e;
    }
  })();
  return { events, done };
}

let support: SocketSupport;
const sseCalls: number[] = [];
const sse = (after: number, signal: AbortSignal): AsyncIterable<SessionEvent> => {
  sseCalls.push(after);
  return (async function* () {
    yield ev(after + 1);
    await new Promise<void>((r) => signal.addEventListener('abort', () => r()));
  })();
};

function socket(token: () => string | null = () => 'tok.en-1', extra: Partial<ConstructorParameters<typeof SessionSocket>[0]> = {}) {
  return new SessionSocket({
    url: (after) => `ws://studio.test/ws?org=o&session=s&after=${after}`,
    token,
    fallback: sse,
    WebSocket: FakeSocket,
    support,
    ...extra,
  });
}

beforeEach(() => {
  FakeSocket.all = [];
  FakeSocket.failConstruct = false;
  support = { failures: 0, opened: false, fallback: false };
  sseCalls.length = 0;
});

describe('SessionSocket (events over the WebSocket)', () => {
  it('offers the token as the bearer subprotocols and hands on the events in order, without pongs', async () => {
    const s = socket();
    const abort = new AbortController();
    const r = read(s.events(7, abort.signal));
    await tick();
    const ws = FakeSocket.last;
    expect(ws.url).toBe('ws://studio.test/ws?org=o&session=s&after=7');
    expect(ws.protocols).toEqual(['bearer', 'bearer.tok.en-1']);
    ws.open();
    ws.frame(ev(8));
    ws.frame({ type: 'pong' });
    ws.frame('not json');
    ws.frame(ev(9, 'PRESENCE', { user: 'bob', name: 'Bob', state: 'typing' }));
    ws.frame(ev(10, 'DONE', { reason: 'completed' }));
    await tick();
    expect(r.events.map((e) => [e.seq, e.type])).toEqual([
      [8, 'TEXT_DELTA'],
      [9, 'PRESENCE'],
      [10, 'DONE'],
    ]);
    ws.serverClose(1000, 'bye');
    expect(await r.done).toBe('eof'); // an orderly close is the end of the stream: reconnect after seq 10
  });

  it('hands a long burst on in slices, letting the page run between them', async () => {
    const s = socket();
    const abort = new AbortController();
    let now = 0;
    const clock = vi.spyOn(Date, 'now').mockImplementation(() => now);
    const seenAt: number[] = [];
    let task = 0;
    const consumer = (async () => {
      for await (const e of s.events(0, abort.signal)) {
        seenAt.push(task);
        now += 5; // each event takes 5 ms to show
        if (e.seq === 10) break;
      }
    })();
    await tick();
    FakeSocket.last.open();
    for (let i = 1; i <= 10; i++) FakeSocket.last.frame(ev(i));
    while (seenAt.length < 10) {
      await tick();
      task++;
    }
    await consumer;
    clock.mockRestore();
    // 12 ms a slice: three events (15 ms), then the page gets a turn
    expect(seenAt.filter((t) => t === seenAt[0])).toHaveLength(3);
    expect(new Set(seenAt).size).toBeGreaterThanOrEqual(4);
    abort.abort();
  });

  it('says the connection is up when the socket opens, before any event', async () => {
    const s = socket();
    const abort = new AbortController();
    const onOpen = vi.fn();
    read(s.events(0, abort.signal, onOpen));
    await tick();
    expect(onOpen).not.toHaveBeenCalled();
    FakeSocket.last.open();
    await tick();
    expect(onOpen).toHaveBeenCalledTimes(1);
    abort.abort();
  });

  it('passes the RESYNC on and ends when the server closes with 4000 (a RESYNC made up if its frame got lost)', async () => {
    const s = socket();
    let r = read(s.events(0, new AbortController().signal));
    await tick();
    FakeSocket.last.open();
    FakeSocket.last.frame(ev(1));
    FakeSocket.last.frame(ev(0, 'RESYNC', { lastSeq: 1, reason: 'the client fell behind' }));
    FakeSocket.last.serverClose(CLOSE_RESYNC, 'resync: reconnect with after=<last seq>');
    expect(await r.done).toBe('eof');
    expect(r.events.map((e) => e.type)).toEqual(['TEXT_DELTA', 'RESYNC']);

    r = read(s.events(4, new AbortController().signal));
    await tick();
    FakeSocket.last.open();
    FakeSocket.last.frame(ev(5));
    FakeSocket.last.serverClose(CLOSE_RESYNC, 'resync');
    expect(await r.done).toBe('eof');
    expect(r.events.map((e) => [e.type, e.data.lastSeq ?? e.seq])).toEqual([
      ['TEXT_DELTA', 5],
      ['RESYNC', 5],
    ]);
  });

  it('turns 4001 into a 401 (with the ERROR frame’s message), unless the page renewed its token meanwhile', async () => {
    let token = 'old';
    const s = socket(() => token);
    let r = read(s.events(0, new AbortController().signal));
    await tick();
    FakeSocket.last.open();
    FakeSocket.last.frame(ev(0, 'ERROR', { message: 'credential revoked: log in again', retryable: false }));
    FakeSocket.last.serverClose(CLOSE_UNAUTHORIZED, 'credential revoked: log in again');
    const failure = await r.done;
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).status).toBe(401);
    expect((failure as ApiError).message).toBe('credential revoked: log in again');
    expect(r.events).toEqual([]); // the sequence-less ERROR is not an event of the stream

    r = read(s.events(0, new AbortController().signal));
    await tick();
    FakeSocket.last.open();
    token = 'new'; // renewed a minute before the old one ran out; the server closes the old socket
    FakeSocket.last.serverClose(CLOSE_UNAUTHORIZED, 'credential expired: log in again');
    expect(await r.done).toBe('eof');
  });

  it('closes the socket when the reader aborts, and stops pinging', async () => {
    vi.useFakeTimers();
    try {
      const s = socket(() => 't', { pingMs: 30_000 });
      const abort = new AbortController();
      const r = read(s.events(0, abort.signal));
      await vi.advanceTimersByTimeAsync(0);
      const ws = FakeSocket.last;
      ws.open();
      await vi.advanceTimersByTimeAsync(0);
      expect(s.send({ type: 'presence', state: 'typing' })).toBe(true);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(ws.sent).toEqual(['{"type":"presence","state":"typing"}', '{"type":"ping"}', '{"type":"ping"}']);
      abort.abort();
      expect(await r.done).toBe('eof');
      expect(ws.closedWith?.[0]).toBe(1000);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(ws.sent).toHaveLength(3);
      expect(s.send({ type: 'presence', state: 'watching' })).toBe(false); // no socket: REST then
    } finally {
      vi.useRealTimers();
    }
  });

  it('falls back to SSE for good after two failed handshakes when no socket ever opened', async () => {
    const s = socket();
    let r = read(s.events(3, new AbortController().signal));
    await tick();
    FakeSocket.last.refuse();
    expect(await r.done).toBeInstanceOf(Error); // the first: the stream tries again after its backoff
    expect(support).toMatchObject({ failures: 1, fallback: false });

    const abort = new AbortController();
    r = read(s.events(3, abort.signal));
    await tick();
    FakeSocket.last.refuse();
    await tick();
    expect(support.fallback).toBe(true);
    expect(sseCalls).toEqual([3]);
    expect(r.events.map((e) => e.seq)).toEqual([4]); // the same call goes on over SSE
    abort.abort();
    expect(await r.done).toBe('eof');

    // and every later connection of the page, without trying a socket again
    const sockets = FakeSocket.all.length;
    const later = new AbortController();
    r = read(s.events(9, later.signal));
    await tick();
    expect(FakeSocket.all.length).toBe(sockets);
    expect(sseCalls).toEqual([3, 9]);
    later.abort();
    await r.done;
  });

  it('does not give up sockets for drops or failed handshakes once one has opened on the page', async () => {
    const s = socket();
    let r = read(s.events(0, new AbortController().signal));
    await tick();
    FakeSocket.last.open();
    FakeSocket.last.serverClose(1006, '', false); // an ordinary drop
    expect(await r.done).toBeInstanceOf(Error);
    for (let i = 0; i < 3; i++) {
      r = read(s.events(0, new AbortController().signal));
      await tick();
      FakeSocket.last.refuse();
      await tick();
    }
    expect(support.fallback).toBe(false);
    // the second refusal in a row asked over SSE once (it tells a 401, 403 or 404 apart)
    expect(sseCalls.length).toBeGreaterThan(0);
    const before = FakeSocket.all.length;
    r = read(s.events(0, new AbortController().signal));
    await tick();
    expect(FakeSocket.all.length).toBe(before + 1); // the socket is tried again
  });

  it('uses SSE where the browser has no WebSocket or refuses to make one', async () => {
    const none = socket(() => 't', { WebSocket: null });
    const abort = new AbortController();
    const r = read(none.events(0, abort.signal));
    await tick();
    expect(sseCalls).toEqual([0]);
    abort.abort();
    await r.done;

    support = { failures: 0, opened: false, fallback: false };
    FakeSocket.failConstruct = true;
    const refused = socket();
    const abort2 = new AbortController();
    const r2 = read(refused.events(2, abort2.signal));
    await tick();
    expect(sseCalls).toEqual([0, 2]);
    expect(support.fallback).toBe(true);
    abort2.abort();
    await r2.done;
  });

  it('asks for a login (401) without a token, before opening anything', async () => {
    const r = read(socket(() => null).events(0, new AbortController().signal));
    const failure = await r.done;
    expect((failure as ApiError).status).toBe(401);
    expect(FakeSocket.all).toHaveLength(0);
  });

  it('builds ws: and wss: URLs on the page’s host', () => {
    expect(socketUrl('acme', 's 1', 5, { protocol: 'https:', host: 'studio.example:8443' })).toBe('wss://studio.example:8443/ws?org=acme&session=s+1&after=5');
    expect(socketUrl('acme', 's1', 0, { protocol: 'http:', host: 'localhost:5173' })).toBe('ws://localhost:5173/ws?org=acme&session=s1&after=0');
  });
});

describe('SessionEventStream over the WebSocket', () => {
  afterEach(() => vi.useRealTimers());

  it('reconnects after the last event, resyncs on 4000 and renews the login on 4001', async () => {
    const s = socket();
    const seen: number[] = [];
    const statuses: StreamStatus[] = [];
    const onResync = vi.fn(async () => {});
    const onUnauthorized = vi.fn(async () => true);
    const stream = new SessionEventStream(s.events, { onEvent: (e) => seen.push(e.seq), onResync, onStatus: (st) => statuses.push(st), onUnauthorized }, { sleep: async () => {}, backoff: () => 0 });
    void stream.start(0);
    await tick();
    FakeSocket.last.open();
    FakeSocket.last.frame(ev(1));
    FakeSocket.last.frame(ev(2));
    await tick();
    FakeSocket.last.serverClose(1001, 'going away');
    await tick();
    await tick();
    expect(FakeSocket.last.url).toMatch(/after=2$/);

    FakeSocket.last.open();
    FakeSocket.last.frame(ev(0, 'RESYNC', { lastSeq: 2, reason: 'behind' }));
    FakeSocket.last.serverClose(CLOSE_RESYNC);
    await tick();
    await tick();
    expect(onResync).toHaveBeenCalledWith(false);

    FakeSocket.last.open();
    FakeSocket.last.frame(ev(0, 'ERROR', { message: 'credential revoked: log in again' }));
    FakeSocket.last.serverClose(CLOSE_UNAUTHORIZED, 'credential revoked: log in again');
    await tick();
    await tick();
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    FakeSocket.last.open();
    FakeSocket.last.frame(ev(3));
    await tick();
    expect(seen).toEqual([1, 2, 3]);
    expect(statuses).toContain('open');
    stream.stop();
    await tick();
    expect(FakeSocket.last.closedWith?.[0]).toBe(1000);
  });
});
