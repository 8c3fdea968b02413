import { afterEach, describe, expect, it, vi } from 'vitest';
import { event, resetSeq } from '../test/fixtures';
import { useAuth } from './auth';
import type { ChatApi } from './chat';
import { createSessionChat, sessionChatApi } from './sessionChat';

const api = (): ChatApi => ({
  conversation: vi.fn(async () => ({ items: [], total: 0, nextCursor: null })),
  send: vi.fn(),
  cancel: vi.fn(),
  decide: vi.fn(),
  events: () => (async function* () {})(),
});

describe('the shared chat of a session', () => {
  it('feeds every event the chat applies to the workflow graph, and forgets it on a reset', async () => {
    resetSeq();
    const { chat, workflow } = createSessionChat('o/s', api());
    chat.getState().apply(event('USER_MESSAGE', { text: 'Clean up' }, 't1', 'ann'));
    chat.getState().apply(event('TOOL_CALL_STARTED', { callId: 'c1', tool: 'list_files' }));
    expect(chat.getState().items.some((i) => i.kind === 'tool')).toBe(true);
    expect(workflow.getState().order).toEqual(['t1']);
    expect(workflow.getState().turns.t1).toMatchObject({ author: 'ann', text: 'Clean up', steps: 1 });
    expect(workflow.getState().lastSeq).toBe(2);

    await chat.getState().resync(false);
    expect(workflow.getState().order).toEqual(['t1']); // a plain RESYNC keeps what was seen

    await chat.getState().resync(true);
    expect(workflow.getState().order).toEqual([]);
    expect(workflow.getState().lastSeq).toBe(0);
  });
});

describe('the real chat API of a session', () => {
  class FakeSocket {
    static last: FakeSocket | null = null;
    readyState = 0;
    protocol = '';
    sent: string[] = [];
    onopen: ((ev: Event) => unknown) | null = null;
    onmessage: ((ev: MessageEvent) => unknown) | null = null;
    onerror: ((ev: Event) => unknown) | null = null;
    onclose: ((ev: CloseEvent) => unknown) | null = null;
    constructor(
      readonly url: string,
      readonly protocols: string[],
    ) {
      FakeSocket.last = this;
    }
    send(data: string) {
      this.sent.push(data);
    }
    close() {
      this.readyState = 3;
    }
  }

  afterEach(() => {
    vi.unstubAllGlobals();
    useAuth.setState({ accessToken: null, expiresAt: 0 });
  });

  it('reads events over the WebSocket and sends presence on it while it is open, else over REST', async () => {
    vi.stubGlobal('WebSocket', FakeSocket);
    const fetch = vi.fn(async (_url: string, _init?: RequestInit) => new Response(null, { status: 204 }));
    vi.stubGlobal('fetch', fetch);
    useAuth.setState({ accessToken: 'tok-1', expiresAt: Date.now() + 600_000 });
    const api = sessionChatApi('acme', 's1');

    await api.presence!('watching', false); // no socket yet: POST …/presence
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch.mock.calls[0][0]).toBe('/api/v1/orgs/acme/sessions/s1/presence');

    const abort = new AbortController();
    const reading = (async () => {
      const seen: number[] = [];
      for await (const e of api.events(0, abort.signal)) seen.push(e.seq);
      return seen;
    })();
    await new Promise((r) => setTimeout(r, 0));
    const ws = FakeSocket.last!;
    expect(ws.url).toBe(`ws://${window.location.host}/ws?org=acme&session=s1&after=0`);
    expect(ws.protocols).toEqual(['bearer', 'bearer.tok-1']);
    ws.readyState = 1;
    ws.onopen?.(new Event('open'));
    ws.onmessage?.(new MessageEvent('message', { data: JSON.stringify({ ...event('TEXT_DELTA', { text: 'hi' }), seq: 1 }) }));
    await new Promise((r) => setTimeout(r, 0));

    await api.presence!('typing', false);
    expect(ws.sent).toEqual(['{"type":"presence","state":"typing"}']);
    expect(fetch).toHaveBeenCalledTimes(1);
    await api.presence!('left', true); // must survive the page's unload: REST with keepalive
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(fetch.mock.calls[1][1]?.keepalive).toBe(true);

    abort.abort();
    expect(await reading).toEqual([1]);
  });
});
