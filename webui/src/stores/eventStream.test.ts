import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import type { SessionEvent } from '../api/types';
import { SessionEventStream, type StreamStatus } from './eventStream';
import { numbered } from '../test/fixtures';

const ev = numbered;
const resync = (lastSeq: number) => ev(0, 'RESYNC', { lastSeq, reason: 'behind' });

/**
 * A fake server: each connection gets the next script (events, then an end or an error); records
 * the `after` each connection asked with.
 */
function fakeServer(scripts: Array<{ events: SessionEvent[]; fail?: unknown } | 'hang'>) {
  const afters: number[] = [];
  let done: () => void = () => {};
  const finished = new Promise<void>((r) => (done = r));
  const transport = (after: number, signal: AbortSignal): AsyncIterable<SessionEvent> => {
    afters.push(after);
    const script = scripts.shift();
    return (async function* () {
      if (!script || script === 'hang') {
        done();
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
        return;
      }
      for (const e of script.events) yield e;
      if (script.fail) throw script.fail;
    })();
  };
  return { transport, afters, finished };
}

const noSleep = { sleep: async () => {}, backoff: () => 0 };

describe('SessionEventStream', () => {
  it('reconnects after a dropped connection with the last sequence number and drops replayed duplicates', async () => {
    const server = fakeServer([
      { events: [ev(1), ev(2), ev(3)], fail: new TypeError('network down') },
      { events: [ev(2), ev(3), ev(4), ev(5)] }, // the server replays from an older point
      'hang',
    ]);
    const seen: number[] = [];
    const stream = new SessionEventStream(server.transport, { onEvent: (e) => seen.push(e.seq), onResync: async () => {} }, noSleep);
    void stream.start(0);
    await server.finished;
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(server.afters).toEqual([0, 3, 5]);
    expect(stream.lastSeq).toBe(5);
    stream.stop();
  });

  it('is open as soon as the transport says its connection is up, before the first event', async () => {
    let up: () => void = () => {};
    const transport = (_after: number, signal: AbortSignal, opened?: () => void): AsyncIterable<SessionEvent> =>
      (async function* () {
        up = () => opened?.();
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
      })();
    const statuses: StreamStatus[] = [];
    const stream = new SessionEventStream(transport, { onEvent: () => {}, onResync: async () => {}, onStatus: (s) => statuses.push(s) }, noSleep);
    void stream.start(0);
    await new Promise((r) => setTimeout(r, 0));
    expect(stream.currentStatus).toBe('connecting');
    up();
    expect(stream.currentStatus).toBe('open');
    stream.stop();
    expect(statuses).toEqual(['connecting', 'open', 'closed']);
  });

  it('waits with growing backoff between failed connections', async () => {
    const server = fakeServer([{ events: [], fail: new TypeError('x') }, { events: [], fail: new TypeError('y') }, 'hang']);
    const waits: number[] = [];
    const stream = new SessionEventStream(
      server.transport,
      { onEvent: () => {}, onResync: async () => {} },
      { sleep: async (ms) => void waits.push(ms), backoff: (n) => 100 * 2 ** n },
    );
    void stream.start(0);
    await server.finished;
    expect(waits).toEqual([100, 200]);
    stream.stop();
  });

  it('on a gap asks again from the last event it handed on', async () => {
    const server = fakeServer([{ events: [ev(1), ev(2), ev(5)] }, { events: [ev(3), ev(4), ev(5)] }, 'hang']);
    const seen: number[] = [];
    const stream = new SessionEventStream(server.transport, { onEvent: (e) => seen.push(e.seq), onResync: async () => {} }, noSleep);
    void stream.start(0);
    await server.finished;
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(server.afters).toEqual([0, 2, 5]);
    stream.stop();
  });

  it('on RESYNC reloads the history, then continues after the last event; a second RESYNC starts over', async () => {
    const server = fakeServer([
      { events: [ev(1), ev(2), resync(2)] },
      { events: [resync(2)] }, // what followed 2 is no longer kept
      { events: [ev(40), ev(41)] }, // from the oldest kept
      'hang',
    ]);
    const seen: number[] = [];
    const resyncs: boolean[] = [];
    const order: string[] = [];
    const stream = new SessionEventStream(
      server.transport,
      {
        onEvent: (e) => {
          seen.push(e.seq);
          order.push(`event ${e.seq}`);
        },
        onResync: async (reset) => {
          resyncs.push(reset);
          order.push(`resync ${reset}`);
        },
      },
      noSleep,
    );
    void stream.start(0);
    await server.finished;
    expect(resyncs).toEqual([false, true]);
    expect(server.afters).toEqual([0, 2, 0, 41]);
    expect(seen).toEqual([1, 2, 40, 41]);
    expect(order).toEqual(['event 1', 'event 2', 'resync false', 'resync true', 'event 40', 'event 41']);
    stream.stop();
  });

  it('renews the login when the stream is refused, and gives up when that fails', async () => {
    const server = fakeServer([
      { events: [], fail: new ApiError(401, null, 'expired') },
      { events: [ev(1)], fail: new ApiError(401, null, 'expired') },
    ]);
    const renew = vi.fn().mockResolvedValueOnce(true).mockResolvedValueOnce(false);
    const statuses: StreamStatus[] = [];
    const stream = new SessionEventStream(
      server.transport,
      { onEvent: () => {}, onResync: async () => {}, onUnauthorized: renew, onStatus: (s) => statuses.push(s) },
      noSleep,
    );
    await stream.start(0);
    expect(renew).toHaveBeenCalledTimes(2);
    expect(server.afters).toEqual([0, 0]);
    expect(statuses.at(-1)).toBe('failed');
  });

  it('stops for good when the session is not found', async () => {
    const notFound = { type: 'https://coditect.io/problems/not-found', status: 404, detail: 'no such session' };
    const server = fakeServer([{ events: [], fail: new ApiError(404, notFound, 'no such session') }]);
    const statuses: string[] = [];
    const stream = new SessionEventStream(server.transport, { onEvent: () => {}, onResync: async () => {}, onStatus: (s, d) => statuses.push(`${s}${d ? `:${d}` : ''}`) }, noSleep);
    await stream.start(0);
    expect(statuses).toEqual(['connecting', 'failed:no such session']);
    expect(server.afters).toEqual([0]);
  });

  it('keeps reconnecting on a 404 without a problem document (a studio still starting has no API yet)', async () => {
    const server = fakeServer([{ events: [], fail: new ApiError(404, null, 'The studio answered 404 Not Found') }, { events: [ev(1)] }, 'hang']);
    const statuses: string[] = [];
    const seen: number[] = [];
    const stream = new SessionEventStream(
      server.transport,
      { onEvent: (e) => seen.push(e.seq), onResync: async () => {}, onStatus: (s, d) => statuses.push(`${s}${d ? `:${d}` : ''}`) },
      noSleep,
    );
    void stream.start(0);
    await server.finished;
    expect(statuses.slice(0, 2)).toEqual(['connecting', 'reconnecting:The studio answered 404 Not Found']);
    expect(statuses).not.toContain('failed');
    expect(seen).toEqual([1]);
    expect(server.afters).toEqual([0, 0, 1]);
    stream.stop();
  });

  it('says it is reconnecting as soon as an open connection ends, not only after the wait', async () => {
    const server = fakeServer([{ events: [ev(1)] }, 'hang']);
    const statuses: StreamStatus[] = [];
    let during: StreamStatus | null = null;
    const stream = new SessionEventStream(
      server.transport,
      { onEvent: () => {}, onResync: async () => {}, onStatus: (s) => statuses.push(s) },
      {
        sleep: async () => {
          during = stream.currentStatus;
        },
        backoff: () => 0,
      },
    );
    void stream.start(0);
    await server.finished;
    expect(during).toBe('reconnecting');
    expect(statuses).toEqual(['connecting', 'open', 'reconnecting', 'reconnecting']);
    stream.stop();
  });

  it('reconnectNow() cuts the wait before the next attempt short (the browser is back online)', async () => {
    const server = fakeServer([{ events: [], fail: new TypeError('offline') }, 'hang']);
    let waiting: (() => void) | null = null;
    const waited = new Promise<void>((r) => (waiting = r));
    const stream = new SessionEventStream(
      server.transport,
      { onEvent: () => {}, onResync: async () => {} },
      {
        // a long wait that only ends early
        sleep: (_ms, signal) =>
          new Promise<void>((resolve) => {
            waiting?.();
            signal.addEventListener('abort', () => resolve());
          }),
        backoff: () => 60_000,
      },
    );
    void stream.start(0);
    await waited;
    expect(server.afters).toEqual([0]);
    stream.reconnectNow();
    await server.finished;
    expect(server.afters).toEqual([0, 0]);
    expect(stream.currentStatus).toBe('reconnecting');
    stream.stop();
  });

  it('reconnectNow() drops an open connection and connects again after the last event', async () => {
    const server = fakeServer(['hang', 'hang']);
    const stream = new SessionEventStream(server.transport, { onEvent: () => {}, onResync: async () => {} }, { sleep: () => new Promise<void>(() => {}), backoff: () => 60_000 });
    void stream.start(7);
    await server.finished;
    stream.reconnectNow();
    await vi.waitFor(() => expect(server.afters).toEqual([7, 7]));
    stream.stop();
  });

  it('ends a revoked stream (sequence-less ERROR) without passing it on as an event', async () => {
    const server = fakeServer([{ events: [ev(1), ev(0, 'ERROR', { message: 'revoked', retryable: false })] }]);
    const seen: number[] = [];
    const stream = new SessionEventStream(server.transport, { onEvent: (e) => seen.push(e.seq), onResync: async () => {}, onUnauthorized: async () => false }, noSleep);
    await stream.start(0);
    expect(seen).toEqual([1]);
    expect(stream.currentStatus).toBe('failed');
  });

  it('stop() ends the open connection', async () => {
    const server = fakeServer(['hang']);
    const stream = new SessionEventStream(server.transport, { onEvent: () => {}, onResync: async () => {} }, noSleep);
    const running = stream.start(0);
    await server.finished;
    stream.stop();
    await running;
    expect(stream.currentStatus).toBe('closed');
    expect(server.afters).toEqual([0]);
  });
});
