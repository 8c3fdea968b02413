import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import type { ChatTurn, ConversationMessage, Page, SessionEvent } from '../api/types';
import { event, message, resetSeq, resyncEvent } from '../test/fixtures';
import { createChatStore, type ChatApi } from './chat';
import { pendingApprovals } from './chatModel';

const page = (items: ConversationMessage[]): Page<ConversationMessage> => ({ items, total: items.length, nextCursor: null });

function fakeApi(overrides: Partial<ChatApi> = {}): ChatApi {
  return {
    conversation: vi.fn(async () => page([])),
    send: vi.fn(async () => ({ turnId: 't1', sessionId: 's1', userId: 'ann', messageSeq: 1, startedAt: '' })),
    cancel: vi.fn(async () => {}),
    decide: vi.fn(async () => {}),
    events: () => (async function* () {})(),
    ...overrides,
  };
}

beforeEach(() => resetSeq());

describe('approval flow', () => {
  const requested = () => [event('TURN_STARTED', {}), event('APPROVAL_REQUESTED', { approvalId: 'a1', callId: 'c1', tool: 'run_command', reason: 'deletes files' })];

  it('sends the decision once and settles when the stream confirms it', async () => {
    const api = fakeApi();
    const store = createChatStore(api);
    requested().forEach((e) => store.getState().apply(e));
    expect(pendingApprovals(store.getState().live)).toHaveLength(1);

    const deciding = store.getState().decide('a1', false, '  not now ');
    expect(store.getState().deciding).toEqual({ a1: 'deny' });
    void store.getState().decide('a1', true); // a second click while the first is under way
    await deciding;
    expect(api.decide).toHaveBeenCalledTimes(1);
    expect(api.decide).toHaveBeenCalledWith('a1', false, 'not now');
    expect(pendingApprovals(store.getState().live)).toHaveLength(1); // until the event

    store.getState().apply(event('APPROVAL_DENIED', { approvalId: 'a1', by: 'ann', reason: 'not now' }));
    expect(store.getState().deciding).toEqual({});
    expect(pendingApprovals(store.getState().live)).toHaveLength(0);
    expect(store.getState().items.find((i) => i.kind === 'approval')).toMatchObject({ state: 'denied', by: 'ann' });
  });

  it('lets the person decide again when sending the decision failed', async () => {
    const api = fakeApi({ decide: vi.fn().mockRejectedValueOnce(new ApiError(409, null, 'The turn is busy.')).mockResolvedValueOnce(undefined) });
    const store = createChatStore(api);
    requested().forEach((e) => store.getState().apply(e));
    await store.getState().decide('a1', true);
    expect(store.getState().deciding).toEqual({});
    expect(store.getState().error).toBe('The turn is busy.');
    await store.getState().decide('a1', true);
    expect(api.decide).toHaveBeenLastCalledWith('a1', true, null);
  });

  it('does not send decisions for approvals that are not pending', async () => {
    const api = fakeApi();
    const store = createChatStore(api);
    await store.getState().decide('unknown', true);
    expect(api.decide).not.toHaveBeenCalled();
  });
});

describe('sending and cancelling', () => {
  it('shows the message as sending, then once from the stream', async () => {
    let release: () => void = () => {};
    const api = fakeApi({
      send: vi.fn(
        () =>
          new Promise<ChatTurn>((resolve) => {
            release = () => resolve({ turnId: 't1', sessionId: 's1', userId: 'ann', messageSeq: 1, startedAt: '' });
          }),
      ),
    });
    const store = createChatStore(api);
    store.getState().setModel('anthropic/claude');
    const sent = store.getState().send('  hello  ');
    expect(store.getState().items).toMatchObject([{ kind: 'user', text: 'hello', pending: true }]);
    expect(api.send).toHaveBeenCalledWith('hello', 'anthropic/claude');
    store.getState().apply(event('USER_MESSAGE', { text: 'hello' }, 't1', 'ann'));
    release();
    expect(await sent).toBe(true);
    const users = store.getState().items.filter((i) => i.kind === 'user');
    expect(users).toHaveLength(1);
    expect(users[0]).toMatchObject({ text: 'hello', authorId: 'ann' });
    expect(store.getState().pending).toEqual([]);
  });

  it('reports a refused message and keeps nothing of it', async () => {
    const api = fakeApi({ send: vi.fn().mockRejectedValue(new ApiError(409, null, 'A turn is still running.')) });
    const store = createChatStore(api);
    expect(await store.getState().send('hi')).toBe(false);
    expect(store.getState().items).toEqual([]);
    expect(store.getState().error).toBe('A turn is still running.');
  });

  it('cancels the running turn', async () => {
    const api = fakeApi();
    const store = createChatStore(api);
    store.getState().apply(event('TURN_STARTED', {}, 'tX'));
    await store.getState().cancel();
    expect(api.cancel).toHaveBeenCalledWith('tX');
    expect(store.getState().cancelling).toBe(true);
    store.getState().apply(event('DONE', { reason: 'cancelled' }, 'tX'));
    expect(store.getState().cancelling).toBe(false);
  });
});

describe('connect', () => {
  it('loads the history, follows the stream, and on RESYNC reloads the history and continues without duplicates', async () => {
    const history1 = [message({ id: 'm1', role: 'USER', turnId: 't0', text: 'old' })];
    const history2 = [...history1, message({ id: 'm2', role: 'USER', turnId: 't1', text: 'new' }), message({ id: 'm3', role: 'ASSISTANT', turnId: 't1', text: 'answer' })];
    const conversation = vi.fn().mockResolvedValueOnce(page(history1)).mockResolvedValue(page(history2));
    const afters: number[] = [];
    const scripts: SessionEvent[][] = [
      [event('USER_MESSAGE', { text: 'new' }, 't1'), event('TURN_STARTED', {}, 't1'), resyncEvent(2)],
      [event('TEXT_DELTA', { text: 'answer' }, 't1'), event('DONE', { reason: 'completed' }, 't1')],
    ];
    let idle: () => void = () => {};
    const allDone = new Promise<void>((r) => (idle = r));
    const api = fakeApi({
      conversation,
      events: (after, signal) => {
        afters.push(after);
        const script = scripts.shift();
        return (async function* () {
          if (!script) {
            idle();
            await new Promise((r) => signal.addEventListener('abort', r));
            return;
          }
          yield* script;
        })();
      },
    });
    const store = createChatStore(api, { streamOptions: { sleep: async () => {}, backoff: () => 0 } });
    const stop = store.getState().connect();
    await allDone;
    stop();
    expect(conversation).toHaveBeenCalledTimes(2);
    expect(afters).toEqual([0, 2, 4]);
    const texts = store
      .getState()
      .items.filter((i) => i.kind === 'user' || i.kind === 'assistant')
      .map((i) => (i as { text: string }).text);
    expect(texts).toEqual(['old', 'new', 'answer']);
    expect(store.getState().stream).toBe('closed');
  });

  it('drops the connection when the browser goes offline and connects again at once when it is back', async () => {
    const afters: number[] = [];
    const signals: AbortSignal[] = [];
    let online = true;
    const api = fakeApi({
      events: (after, signal, opened) => {
        afters.push(after);
        signals.push(signal);
        return (async function* () {
          if (!online) throw new TypeError('Failed to fetch');
          opened?.();
          if (after === 0) yield event('USER_MESSAGE', { text: 'hi' }, 't1');
          await new Promise((r) => signal.addEventListener('abort', r));
        })();
      },
    });
    // the backoff would wait a minute: only 'online' ends it early
    const store = createChatStore(api, { streamOptions: { sleep: (_ms, signal) => new Promise<void>((r) => signal.addEventListener('abort', () => r())), backoff: () => 60_000 } });
    const stop = store.getState().connect();
    await vi.waitFor(() => expect(store.getState().stream).toBe('open'));
    expect(store.getState().lastSeq).toBe(1);

    online = false;
    window.dispatchEvent(new Event('offline'));
    expect(signals[0].aborted).toBe(true);
    await vi.waitFor(() => expect(afters).toEqual([0, 1]));
    await vi.waitFor(() => expect(store.getState().stream).toBe('reconnecting'));

    online = true;
    window.dispatchEvent(new Event('online'));
    await vi.waitFor(() => expect(store.getState().stream).toBe('open'));
    expect(afters).toEqual([0, 1, 1]);
    stop();
    window.dispatchEvent(new Event('online'));
    expect(afters).toEqual([0, 1, 1]);
  });

  it('after a server restart (its events numbered from 1 again) reloads the history and shows each message once', async () => {
    const stored = [
      message({ id: 'm1', role: 'USER', turnId: 't1', text: 'before the restart' }),
      message({ id: 'm2', role: 'ASSISTANT', turnId: 't1', text: 'the answer' }),
    ];
    const conversation = vi.fn(async () => page(stored));
    const before = [
      event('USER_MESSAGE', { text: 'before the restart' }, 't1'),
      event('TURN_STARTED', {}, 't1'),
      event('TEXT_DELTA', { text: 'the answer' }, 't1'),
      event('DONE', { reason: 'completed' }, 't1'),
    ];
    resetSeq(0);
    const afterRestart = event('PRESENCE', { user: 'bob', name: 'Bob', state: 'watching' }, null, 'bob');
    const scripts: Array<{ events: SessionEvent[]; fail?: Error; stay?: boolean }> = [
      { events: before, fail: new TypeError('The live connection dropped (1006).') }, // the studio stops
      { events: [], fail: new TypeError('The live connection could not be opened.') }, // it is down
      { events: [resyncEvent(4)] }, // back: "event 4 was never sent in this session's stream"
      { events: [resyncEvent(4)] },
      { events: [afterRestart], stay: true }, // from the new stream's start
    ];
    const afters: number[] = [];
    let idle: () => void = () => {};
    const allDone = new Promise<void>((r) => (idle = r));
    const api = fakeApi({
      conversation,
      events: (after, signal) => {
        afters.push(after);
        const script = scripts.shift();
        return (async function* () {
          if (!script) return;
          yield* script.events;
          if (script.fail) throw script.fail;
          if (script.stay) {
            idle();
            await new Promise((r) => signal.addEventListener('abort', r));
          }
        })();
      },
    });
    const store = createChatStore(api, { streamOptions: { sleep: async () => {}, backoff: () => 0 } });
    const stop = store.getState().connect();
    await allDone;
    expect(afters).toEqual([0, 4, 4, 4, 0]);
    expect(conversation).toHaveBeenCalledTimes(3); // on connect, then on each RESYNC
    const texts = store
      .getState()
      .items.filter((i) => i.kind === 'user' || i.kind === 'assistant')
      .map((i) => (i as { text: string }).text);
    expect(texts).toEqual(['before the restart', 'the answer']);
    expect(store.getState().live.presence.bob).toMatchObject({ state: 'watching' });
    expect(store.getState().stream).toBe('open');
    stop();
  });
});
