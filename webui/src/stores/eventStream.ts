// A session's live event stream: reconnects with the last sequence number it handed on, so every
// event reaches the consumer exactly once and in order; a RESYNC reloads the history first.
import { ApiError } from '../api/client';
import type { SessionEvent } from '../api/types';

export type StreamStatus = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'resyncing' | 'closed' | 'failed';

/**
 * Opens the stream of events after {@code after}; ends when the connection does. It calls
 * {@code opened} once the connection is up, so a quiet session shows as live before its next event.
 */
export type StreamTransport = (after: number, signal: AbortSignal, opened?: () => void) => AsyncIterable<SessionEvent>;

export interface StreamCallbacks {
  /** Each event once, in sequence order (RESYNC and sequence-less events are not passed on). */
  onEvent(event: SessionEvent): void;
  /**
   * The stream lost its place: reload the conversation. With {@code reset} the events seen so far
   * cannot be continued (the server no longer has what follows them, or it restarted): forget them,
   * the stream starts again from the oldest event the server keeps.
   */
  onResync(reset: boolean): Promise<void>;
  onStatus?(status: StreamStatus, detail?: string): void;
  /** The credential was refused or revoked: renew it; false ends the stream. */
  onUnauthorized?(): Promise<boolean>;
}

export interface StreamOptions {
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Delay before reconnect attempt n (0-based). */
  backoff?: (attempt: number) => number;
}

export function defaultBackoff(attempt: number): number {
  const base = Math.min(15_000, 500 * 2 ** attempt);
  return base / 2 + Math.random() * (base / 2);
}

function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}

/** Why a connection ended, decided while reading it. */
type Ending = 'eof' | 'resync' | 'gap' | 'revoked';

export class SessionEventStream {
  private last = 0;
  private stopped = true;
  private control = new AbortController();
  private connection: AbortController | null = null;
  /** The wait before the next attempt, while it lasts (reconnectNow cuts it short). */
  private pause: AbortController | null = null;
  /** reconnectNow() was called: the next attempt goes without waiting. */
  private hurry = false;
  private status: StreamStatus = 'idle';
  private loop: Promise<void> | null = null;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly backoff: (attempt: number) => number;

  constructor(
    private readonly transport: StreamTransport,
    private readonly callbacks: StreamCallbacks,
    options: StreamOptions = {},
  ) {
    this.sleep = options.sleep ?? defaultSleep;
    this.backoff = options.backoff ?? defaultBackoff;
  }

  /** The sequence number of the last event handed on (0 before the first). */
  get lastSeq(): number {
    return this.last;
  }

  get currentStatus(): StreamStatus {
    return this.status;
  }

  /** Starts (or keeps) the stream; resolves when it has stopped for good. */
  start(after = this.last): Promise<void> {
    if (!this.stopped && this.loop) return this.loop;
    this.last = after;
    this.stopped = false;
    this.control = new AbortController();
    this.loop = this.run();
    return this.loop;
  }

  /** Ends the stream and its connection. */
  stop(): void {
    this.stopped = true;
    this.control.abort();
    this.connection?.abort();
    this.setStatus('closed');
  }

  /**
   * Drops the current connection, or ends the wait before the next attempt, and connects again at
   * once (the browser came back online, or went offline: the open connection cannot carry anything).
   */
  reconnectNow(): void {
    if (this.stopped) return;
    this.hurry = true;
    this.connection?.abort();
    this.pause?.abort();
  }

  /** Waits {@code ms} unless stopped or told to reconnect now. */
  private async wait(ms: number): Promise<void> {
    if (this.hurry) return;
    const pause = new AbortController();
    this.pause = pause;
    const end = () => pause.abort();
    this.control.signal.addEventListener('abort', end);
    try {
      await this.sleep(ms, pause.signal);
    } finally {
      this.control.signal.removeEventListener('abort', end);
      if (this.pause === pause) this.pause = null;
    }
  }

  private setStatus(status: StreamStatus, detail?: string) {
    this.status = status;
    this.callbacks.onStatus?.(status, detail);
  }

  private async run(): Promise<void> {
    let failures = 0;
    let resyncs = 0;
    let authRetries = 0;
    let first = true;
    while (!this.stopped) {
      const connection = new AbortController();
      this.connection = connection;
      this.hurry = false;
      this.setStatus(first ? 'connecting' : 'reconnecting');
      first = false;
      let ending: Ending = 'eof';
      try {
        const opened = () => {
          if (!this.stopped && this.connection === connection && this.status !== 'open') this.setStatus('open');
        };
        for await (const event of this.transport(this.last, connection.signal, opened)) {
          if (this.stopped) return;
          if (this.status !== 'open') this.setStatus('open');
          failures = 0;
          authRetries = 0;
          if (event.type === 'RESYNC') {
            ending = 'resync';
            break;
          }
          if (!(event.seq > 0)) {
            if (event.type === 'ERROR') {
              // a revoked credential: the stream ends with this sequence-less ERROR
              ending = 'revoked';
              break;
            }
            continue;
          }
          if (event.seq <= this.last) continue; // replayed: the consumer has it already
          if (this.last > 0 && event.seq > this.last + 1) {
            // events are numbered without gaps: ask again from the last one handed on
            ending = 'gap';
            break;
          }
          this.last = event.seq;
          resyncs = 0;
          this.callbacks.onEvent(event);
        }
      } catch (e) {
        if (this.stopped) return;
        if (e instanceof ApiError) {
          if (e.status === 401) {
            ending = 'revoked';
          } else if ((e.status === 404 || e.status === 403 || e.status === 410) && e.problem) {
            // the studio itself refused (its problem document says why). A 404 without one comes
            // from a studio whose API is not there (yet): one that is starting, or a proxy before it
            this.setStatus('failed', e.message);
            this.stopped = true;
            return;
          }
        }
        if (ending !== 'revoked' && !connection.signal.aborted) {
          this.setStatus('reconnecting', e instanceof Error ? e.message : String(e));
        }
      } finally {
        connection.abort();
        if (this.connection === connection) this.connection = null;
      }
      if (this.stopped) return;
      // the connection is gone: say so while waiting for the next one
      if (ending === 'eof' && this.status === 'open') this.setStatus('reconnecting');

      if (ending === 'resync') {
        resyncs++;
        const reset = resyncs > 1;
        this.setStatus('resyncing');
        try {
          await this.callbacks.onResync(reset);
        } catch {
          // the history could not be reloaded now: the next RESYNC tries again
        }
        if (reset) this.last = 0;
        if (resyncs > 2) await this.wait(this.backoff(resyncs - 3));
        continue;
      }
      if (ending === 'revoked') {
        authRetries++;
        const renewed = authRetries <= 2 && this.callbacks.onUnauthorized ? await this.callbacks.onUnauthorized() : false;
        if (!renewed) {
          this.setStatus('failed', 'Your login ended: log in again to follow this session.');
          this.stopped = true;
          return;
        }
        continue;
      }
      if (ending === 'gap') continue; // reconnect at once after the last event handed on
      await this.wait(this.backoff(failures++));
    }
  }
}
