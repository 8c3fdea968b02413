import { describe, expect, it, vi } from 'vitest';
import { event, resetSeq } from '../test/fixtures';
import type { ChatApi } from './chat';
import { createSessionChat } from './sessionChat';

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
