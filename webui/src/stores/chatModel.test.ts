import { beforeEach, describe, expect, it } from 'vitest';
import { event, message, resetSeq } from '../test/fixtures';
import {
  applyEvent,
  composeItems,
  emptyLive,
  historyItems,
  pendingApprovals,
  runningTurn,
  type ApprovalItem,
  type AssistantItem,
  type LiveState,
  type ToolItem,
  type TurnFooterItem,
} from './chatModel';
import type { SessionEvent } from '../api/types';

const run = (events: SessionEvent[], start: LiveState = emptyLive()) => events.reduce(applyEvent, start);

beforeEach(() => resetSeq());

describe('live events', () => {
  it('streams text into one assistant item and records provider, usage and the end', () => {
    const live = run([
      event('USER_MESSAGE', { text: 'hello' }, 't1', 'ann'),
      event('TURN_STARTED', { provider: 'anthropic', model: 'claude' }),
      event('TEXT_DELTA', { text: 'Hel' }),
      event('TEXT_DELTA', { text: 'lo!' }),
      event('USAGE', { inputTokens: 12, outputTokens: 3, costUsd: 0.0021 }),
    ]);
    const items = composeItems([], live);
    expect(items.map((i) => i.kind)).toEqual(['user', 'assistant', 'footer']);
    expect((items[1] as AssistantItem).text).toBe('Hello!');
    expect((items[1] as AssistantItem).streaming).toBe(true);
    const footer = items[2] as TurnFooterItem;
    expect(footer.meta).toMatchObject({ provider: 'anthropic', model: 'claude', running: true, usage: { inputTokens: 12, outputTokens: 3, costUsd: 0.0021 } });
    expect(runningTurn(live)).toBe('t1');

    const done = applyEvent(live, event('DONE', { reason: 'completed' }));
    expect(runningTurn(done)).toBeNull();
    const after = composeItems([], done);
    expect((after[1] as AssistantItem).streaming).toBe(false);
    expect((after[2] as TurnFooterItem).meta.done).toBe('completed');
  });

  it('builds tool calls from their argument fragments and result; text after a tool starts a new item', () => {
    const live = run([
      event('TURN_STARTED', {}),
      event('TEXT_DELTA', { text: 'Let me look.' }),
      event('TOOL_CALL_STARTED', { callId: 'c1', tool: 'read_file' }),
      event('TOOL_CALL_DELTA', { callId: 'c1', delta: '{"path":' }),
      event('TOOL_CALL_DELTA', { callId: 'c1', delta: '"a.txt"}' }),
      event('TOOL_CALL_RESULT', { callId: 'c1', output: 'contents', error: false, truncated: true }),
      event('TEXT_DELTA', { text: 'Done.' }),
    ]);
    const items = composeItems([], live);
    expect(items.map((i) => i.kind)).toEqual(['assistant', 'tool', 'assistant', 'footer']);
    expect(items[1]).toMatchObject({ tool: 'read_file', args: '{"path":"a.txt"}', output: 'contents', truncated: true, status: 'done' });
    expect((items[0] as AssistantItem).streaming).toBe(false);
  });

  it('tracks an approval from request to decision', () => {
    let live = run([
      event('TURN_STARTED', {}),
      event('TOOL_CALL_STARTED', { callId: 'c1', tool: 'run_command' }),
      event('APPROVAL_REQUESTED', { approvalId: 'a1', callId: 'c1', tool: 'run_command', reason: 'rm -rf build' }),
    ]);
    expect(pendingApprovals(live).map((a) => a.approvalId)).toEqual(['a1']);
    expect((composeItems([], live)[0] as ToolItem).status).toBe('waiting');
    live = applyEvent(live, event('APPROVAL_DENIED', { approvalId: 'a1', by: 'ann', reason: 'too risky' }, null));
    expect(pendingApprovals(live)).toEqual([]);
    const approval = composeItems([], live).find((i) => i.kind === 'approval') as ApprovalItem;
    expect(approval).toMatchObject({ state: 'denied', by: 'ann', denyReason: 'too risky' });
    expect((composeItems([], live)[0] as ToolItem).status).toBe('failed');
  });

  it('takes the provider, the totals and the cost (a decimal string) from USAGE and DONE', () => {
    const live = run([
      event('TURN_STARTED', { provider: 'anthropic', model: 'a' }),
      event('USAGE', { inputTokens: 10, outputTokens: 2, costUsd: '0.000150', provider: 'openai', model: 'b' }),
      event('DONE', { reason: 'cancelled', inputTokens: 30, outputTokens: 5, costUsd: '0.00045', by: 'ann' }),
    ]);
    const footer = composeItems([], live).at(-1) as TurnFooterItem;
    expect(footer.meta).toMatchObject({ provider: 'openai', model: 'b', done: 'cancelled', usage: { inputTokens: 30, outputTokens: 5, costUsd: 0.00045 } });
  });

  it('shows the arguments of the call waiting for approval', () => {
    const live = run([
      event('TOOL_CALL_STARTED', { callId: 'c1', tool: 'run_command' }),
      event('TOOL_CALL_DELTA', { callId: 'c1', delta: '{"command":["ls"]}' }),
      event('APPROVAL_REQUESTED', { approvalId: 'a1', callId: 'c1', tool: 'run_command', arguments: '{"command":["rm","-rf","/"]}' }),
      event('APPROVAL_REQUESTED', { approvalId: 'a2', callId: 'c1', tool: 'run_command' }),
    ]);
    expect(pendingApprovals(live).map((a) => a.args)).toEqual(['{"command":["rm","-rf","/"]}', '{"command":["ls"]}']);
  });

  it('expires approvals still pending when the turn ends', () => {
    const live = run([event('TURN_STARTED', {}), event('APPROVAL_REQUESTED', { approvalId: 'a1', tool: 'x' }), event('DONE', { reason: 'cancelled' })]);
    expect(pendingApprovals(live)).toEqual([]);
    expect((composeItems([], live).find((i) => i.kind === 'approval') as ApprovalItem).state).toBe('expired');
  });

  it('shows the provider actually used after a switch', () => {
    const live = run([
      event('TURN_STARTED', { provider: 'openai', model: 'gpt' }),
      event('PROVIDER_SWITCHED', { from: 'openai/gpt', to: 'gemini/flash', reason: 'rate limited' }),
    ]);
    const footer = composeItems([], live).at(-1) as TurnFooterItem;
    expect(footer.meta).toMatchObject({ provider: 'gemini', model: 'flash' });
    expect(footer.meta.switches).toEqual([{ from: 'openai/gpt', to: 'gemini/flash', reason: 'rate limited' }]);
  });

  it('keeps presence per user and forgets those who left', () => {
    let live = run([event('PRESENCE', { user: 'bob', state: 'typing' }, null), event('PRESENCE', { user: 'eve', state: 'watching' }, null)]);
    expect(Object.keys(live.presence).sort()).toEqual(['bob', 'eve']);
    live = applyEvent(live, event('PRESENCE', { user: 'bob', state: 'left' }, null));
    expect(Object.keys(live.presence)).toEqual(['eve']);
    expect(composeItems([], live)).toEqual([]);
  });

  it('keeps the name the studio sends with a presence (none from an older studio)', () => {
    const live = run([
      event('PRESENCE', { user: 'bob', name: 'Bob Builder', state: 'typing' }, null, 'bob'),
      event('PRESENCE', { user: 'eve', state: 'watching' }, null, 'eve'),
    ]);
    expect(live.presence.bob).toMatchObject({ state: 'typing', name: 'Bob Builder' });
    expect(live.presence.eve).toMatchObject({ state: 'watching', name: null });
  });
});

describe('history and events together', () => {
  const history = [
    message({ id: 'm1', role: 'USER', turnId: 't0', text: 'first question', authorId: 'ann' }),
    message({ id: 'm2', role: 'ASSISTANT', turnId: 't0', text: 'first answer', provider: 'offline', model: 'echo', inputTokens: 5, outputTokens: 7, toolCalls: [{ callId: 'c0', toolName: 'ls', argumentsJson: '{}' }] }),
    message({ id: 'm3', role: 'TOOL', turnId: 't0', toolCallId: 'c0', text: 'a.txt' }),
    message({ id: 'm4', role: 'USER', turnId: 't1', text: 'second question', authorId: 'ann' }),
    message({ id: 'm5', role: 'ASSISTANT', turnId: 't1', text: 'second answer' }),
  ];

  it('turns stored messages into items, attaching tool output to its call', () => {
    const items = historyItems(history);
    expect(items.map((i) => i.kind)).toEqual(['user', 'assistant', 'tool', 'footer', 'user', 'assistant', 'footer']);
    expect(items[2]).toMatchObject({ callId: 'c0', output: 'a.txt', status: 'done' });
    expect((items[3] as TurnFooterItem).meta).toMatchObject({ provider: 'offline', model: 'echo', usage: { inputTokens: 5, outputTokens: 7 } });
  });

  it('shows a turn once: from the events when the stream has its beginning, else from the history', () => {
    const live = run([
      event('USER_MESSAGE', { text: 'second question' }, 't1', 'ann'),
      event('TURN_STARTED', {}, 't1'),
      event('TEXT_DELTA', { text: 'second answer' }, 't1'),
      event('DONE', { reason: 'completed' }, 't1'),
    ]);
    const items = composeItems(historyItems(history), live);
    const texts = items.filter((i) => i.kind === 'user' || i.kind === 'assistant').map((i) => (i as { text: string }).text);
    expect(texts).toEqual(['first question', 'first answer', 'second question', 'second answer']);
  });

  it('keeps the stored turn when the stream only has its tail', () => {
    resetSeq(100);
    const live = run([event('TEXT_DELTA', { text: 'answer' }, 't1'), event('DONE', { reason: 'completed' }, 't1')]);
    const texts = composeItems(historyItems(history), live)
      .filter((i) => i.kind === 'assistant')
      .map((i) => (i as AssistantItem).text);
    expect(texts).toEqual(['first answer', 'second answer']);
  });

  it('shows a message being sent until the stream carries it', () => {
    const pending = [{ kind: 'user' as const, key: 'p:1', turnId: 't9', authorId: null, text: 'hi', at: null, pending: true }];
    expect(composeItems([], emptyLive(), pending).map((i) => i.key)).toEqual(['p:1']);
    const live = run([event('USER_MESSAGE', { text: 'hi' }, 't9')]);
    expect(composeItems([], live, pending).map((i) => i.key)).not.toContain('p:1');
  });
});
