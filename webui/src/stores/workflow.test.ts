import { describe, expect, it } from 'vitest';
import type { SessionEvent } from '../api/types';
import { message } from '../test/fixtures';
import {
  applyWorkflowEvent,
  childrenOf,
  composeWorkflow,
  emptyRun,
  formatDuration,
  historyWorkflow,
  parseTime,
  reduceWorkflow,
  summary,
  type ApprovalNode,
  type StepNode,
  type ToolNode,
  type WorkflowTurn,
} from './workflow';

const T0 = Date.parse('2026-03-01T10:00:00Z');

/** Events of turn t1, each {@code ms} after 10:00:00. */
function script(items: [number, string, Record<string, unknown>, (string | null)?][]): SessionEvent[] {
  return items.map(([ms, type, data, turnId], i) => ({
    seq: i + 1,
    sessionId: 's1',
    type,
    at: new Date(T0 + ms).toISOString(),
    actor: type === 'USER_MESSAGE' ? 'ann' : type.startsWith('APPROVAL_') && type !== 'APPROVAL_REQUESTED' ? 'bob' : null,
    turnId: turnId === undefined ? 't1' : turnId,
    data,
  }));
}

const steps = (t: WorkflowTurn) => t.nodes.filter((n): n is StepNode => n.kind === 'step');
const tool = (t: WorkflowTurn, callId: string) => t.nodes.find((n): n is ToolNode => n.kind === 'tool' && n.callId === callId)!;

/** A turn with two steps: the first calls two tools (the second after an approval), the second answers. */
const turnWithTools = script([
  [0, 'USER_MESSAGE', { text: 'Clean the build' }],
  [400, 'TURN_STARTED', { turnId: 't1', provider: 'anthropic', model: 'claude' }],
  [500, 'TEXT_DELTA', { text: 'Let me look.' }],
  [600, 'TOOL_CALL_STARTED', { callId: 'c1', tool: 'list_files' }],
  [650, 'TOOL_CALL_DELTA', { callId: 'c1', delta: '{"path":' }],
  [700, 'TOOL_CALL_DELTA', { callId: 'c1', delta: '"project"}' }],
  [800, 'TOOL_CALL_STARTED', { callId: 'c2', tool: 'run_command' }],
  [900, 'USAGE', { inputTokens: 1000, outputTokens: 100, costUsd: '0.01', provider: 'anthropic', model: 'claude' }],
  [1200, 'TOOL_CALL_RESULT', { callId: 'c1', tool: 'list_files', output: 'a\nb', error: false, truncated: false }],
  [1300, 'APPROVAL_REQUESTED', { approvalId: 'a1', callId: 'c2', tool: 'run_command', arguments: '{"command":["rm"]}', reason: 'deletes files' }],
  [5300, 'APPROVAL_GRANTED', { approvalId: 'a1', callId: 'c2', by: 'bob' }],
  [5800, 'TOOL_CALL_RESULT', { callId: 'c2', tool: 'run_command', output: 'removed', error: false, truncated: false }],
  [5900, 'PROVIDER_SWITCHED', { from: 'anthropic/claude', to: 'openai/gpt', reason: 'rate limited' }],
  [6500, 'TEXT_DELTA', { text: 'Done.' }],
  [7000, 'USAGE', { inputTokens: 2500, outputTokens: 150, costUsd: '0.025', provider: 'openai', model: 'gpt' }],
  [7100, 'CHECKPOINT_CREATED', { checkpointId: 'cp1', commitId: 'abcdef1234567890', message: 'Agent turn t1' }],
  [7200, 'DONE', { reason: 'completed', inputTokens: 2500, outputTokens: 150, costUsd: '0.025' }],
]);

describe('workflow of a turn from its events', () => {
  it('finds the steps, the tool calls with their timings and the approval', () => {
    const run = reduceWorkflow(turnWithTools);
    expect(run.order).toEqual(['t1']);
    const t = run.turns.t1;
    expect(t).toMatchObject({ began: true, author: 'ann', text: 'Clean the build', status: 'completed', startedAt: T0, endedAt: T0 + 7200, inputTokens: 2500, outputTokens: 150, costUsd: 0.025 });

    const [s1, s2] = steps(t);
    expect(steps(t)).toHaveLength(2);
    // the first model call: from the message until its usage arrived
    expect(s1).toMatchObject({ index: 1, startedAt: T0, endedAt: T0 + 900, status: 'done', provider: 'anthropic', model: 'claude', calls: ['c1', 'c2'], inputTokens: 1000, outputTokens: 100, chars: 12 });
    // the second: from the last tool result until its usage; the tokens are what the turn's grew by
    expect(s2).toMatchObject({ index: 2, startedAt: T0 + 5800, endedAt: T0 + 7000, status: 'done', provider: 'openai', model: 'gpt', inputTokens: 1500, outputTokens: 50 });
    expect(s2.costUsd).toBeCloseTo(0.015);

    // c1 ran from the step's end to its result; c2 waited for the approval, then ran
    expect(tool(t, 'c1')).toMatchObject({ step: 1, tool: 'list_files', args: '{"path":"project"}', status: 'done', requestedAt: T0 + 600, startedAt: T0 + 900, endedAt: T0 + 1200, output: 'a\nb' });
    expect(tool(t, 'c2')).toMatchObject({ step: 1, status: 'done', approvalId: 'a1', startedAt: T0 + 5300, endedAt: T0 + 5800 });
    const approval = t.nodes.find((n): n is ApprovalNode => n.kind === 'approval')!;
    expect(approval).toMatchObject({ step: 1, state: 'granted', by: 'bob', startedAt: T0 + 1300, endedAt: T0 + 5300, reason: 'deletes files', args: '{"command":["rm"]}' });

    // the switch and the checkpoint belong to the second step
    expect(childrenOf(t, 2).map((n) => n.kind)).toEqual(['switch', 'checkpoint']);
    expect(childrenOf(t, 2)[0]).toMatchObject({ from: 'anthropic/claude', to: 'openai/gpt', reason: 'rate limited' });
    expect(summary(t)).toEqual({ steps: 2, tools: 2, failed: 0, approvals: 1, switches: 1 });
  });

  it('shows what runs and waits while the turn is under way', () => {
    let run = reduceWorkflow(turnWithTools.slice(0, 1));
    expect(steps(run.turns.t1)).toMatchObject([{ index: 1, status: 'running', startedAt: T0, endedAt: null }]);

    run = reduceWorkflow(turnWithTools.slice(0, 8));
    expect(tool(run.turns.t1, 'c1').status).toBe('running');
    expect(tool(run.turns.t1, 'c2').status).toBe('queued');

    run = reduceWorkflow(turnWithTools.slice(0, 10));
    expect(tool(run.turns.t1, 'c2')).toMatchObject({ status: 'waiting', startedAt: null });
    expect(run.turns.t1.nodes.find((n) => n.kind === 'approval')).toMatchObject({ state: 'waiting', endedAt: null });

    run = reduceWorkflow(turnWithTools.slice(0, 12));
    // the last call has its result: the model is being asked again
    expect(steps(run.turns.t1)).toHaveLength(2);
    expect(steps(run.turns.t1)[1]).toMatchObject({ status: 'running', startedAt: T0 + 5800 });
    expect(run.turns.t1.status).toBe('running');
  });

  it('records denials, errors and a cancelled turn', () => {
    const run = reduceWorkflow(
      script([
        [0, 'USER_MESSAGE', { text: 'Delete it' }],
        [100, 'TURN_STARTED', { provider: 'p', model: 'm' }],
        [200, 'TOOL_CALL_STARTED', { callId: 'c1', tool: 'run_command' }],
        [300, 'TOOL_CALL_STARTED', { callId: 'c2', tool: 'write_file' }],
        [400, 'APPROVAL_REQUESTED', { approvalId: 'a1', callId: 'c1', tool: 'run_command', reason: 'dangerous' }],
        [900, 'APPROVAL_DENIED', { approvalId: 'a1', callId: 'c1', by: 'bob', reason: 'no' }],
        [950, 'TOOL_CALL_RESULT', { callId: 'c1', output: 'not run: a person denied this call', error: true }],
        [1000, 'ERROR', { message: 'the provider failed', retryable: true }],
        [1100, 'DONE', { reason: 'cancelled', by: 'ann' }],
      ]),
    );
    const t = run.turns.t1;
    expect(t.status).toBe('cancelled');
    expect(t.cancelledBy).toBe('ann');
    expect(tool(t, 'c1')).toMatchObject({ status: 'denied', startedAt: T0 + 900, endedAt: T0 + 900, error: true });
    expect(tool(t, 'c2')).toMatchObject({ status: 'failed', startedAt: T0 + 950, endedAt: T0 + 1100 }); // ran after c1, ended by the cancel
    expect(t.nodes.find((n) => n.kind === 'approval')).toMatchObject({ state: 'denied', denyReason: 'no', by: 'bob' });
    expect(t.nodes.find((n) => n.kind === 'error')).toMatchObject({ message: 'the provider failed', retryable: true });
    expect(summary(t).failed).toBe(2);
  });

  it('ends what still runs when the turn ends and drops a step that never called the model', () => {
    const run = reduceWorkflow(
      script([
        [0, 'USER_MESSAGE', { text: 'x' }],
        [100, 'TOOL_CALL_STARTED', { callId: 'c1', tool: 'read_file' }],
        [200, 'USAGE', { inputTokens: 10, outputTokens: 5 }],
        [300, 'TOOL_CALL_RESULT', { callId: 'c1', output: 'ok', error: false }],
        [350, 'CHECKPOINT_CREATED', { checkpointId: 'cp', commitId: 'c0ffee', message: 'm' }],
        [400, 'DONE', { reason: 'cancelled' }],
      ]),
    );
    const t = run.turns.t1;
    expect(steps(t)).toHaveLength(1);
    expect(t.steps).toBe(1);
    expect(t.nodes.find((n) => n.kind === 'checkpoint')).toMatchObject({ step: 1, commitId: 'c0ffee' });

    const waiting = reduceWorkflow(
      script([
        [0, 'USER_MESSAGE', { text: 'x' }],
        [100, 'TOOL_CALL_STARTED', { callId: 'c1', tool: 'run_command' }],
        [200, 'APPROVAL_REQUESTED', { approvalId: 'a1', callId: 'c1', tool: 'run_command' }],
        [900, 'DONE', { reason: 'failed' }],
      ]),
    ).turns.t1;
    expect(tool(waiting, 'c1').status).toBe('not-run');
    expect(waiting.nodes.find((n) => n.kind === 'approval')).toMatchObject({ state: 'expired', endedAt: T0 + 900 });
  });

  it('ignores events it has seen, finds the turn of an approval decision and keeps session-wide nodes apart', () => {
    const events = script([
      [0, 'USER_MESSAGE', { text: 'x' }],
      [100, 'TOOL_CALL_STARTED', { callId: 'c1', tool: 'run_command' }],
      [200, 'APPROVAL_REQUESTED', { approvalId: 'a1', callId: 'c1', tool: 'run_command' }],
      [300, 'APPROVAL_GRANTED', { approvalId: 'a1', by: 'bob' }, null],
      [400, 'CHECKPOINT_CREATED', { checkpointId: 'cp', commitId: 'feed', message: 'by hand' }, null],
      [500, 'PRESENCE', { user: 'ann', state: 'watching' }, null],
    ]);
    const once = reduceWorkflow(events);
    const twice = reduceWorkflow(events, once);
    expect(twice).toBe(once);
    expect(once.lastSeq).toBe(6);
    expect(once.turns.t1.nodes.find((n) => n.kind === 'approval')).toMatchObject({ state: 'granted', by: 'bob' });
    expect(tool(once.turns.t1, 'c1')).toMatchObject({ status: 'running', startedAt: T0 + 300 });
    expect(once.session).toMatchObject([{ kind: 'checkpoint', commitId: 'feed', message: 'by hand' }]);
    expect(once.order).toEqual(['t1']);
  });

  it('follows a turn it joined half-way', () => {
    const run = applyWorkflowEvent(emptyRun(), { seq: 40, sessionId: 's1', type: 'TEXT_DELTA', at: '2026-03-01T10:00:01.123456789Z', actor: null, turnId: 'tx', data: { text: 'abc' } });
    expect(run.turns.tx).toMatchObject({ began: false, steps: 1, startedAt: T0 + 1123 });
    expect(steps(run.turns.tx)[0]).toMatchObject({ status: 'running', chars: 3 });
  });
});

describe('workflow from the stored conversation', () => {
  const stored = [
    message({ id: 'u', role: 'USER', turnId: 'h1', authorId: 'ann', text: 'Fix it', at: '2026-03-01T09:00:00Z' }),
    message({ id: 'a1', role: 'ASSISTANT', turnId: 'h1', text: 'Looking', provider: 'p', model: 'm', inputTokens: 10, outputTokens: 2, at: '2026-03-01T09:00:02Z', toolCalls: [{ callId: 'k1', toolName: 'read_file', argumentsJson: '{}' }] }),
    message({ id: 't', role: 'TOOL', turnId: 'h1', toolCallId: 'k1', text: 'content', at: '2026-03-01T09:00:03Z' }),
    message({ id: 'a2', role: 'ASSISTANT', turnId: 'h1', text: 'Fixed', provider: 'p', model: 'm', inputTokens: 20, outputTokens: 3, at: '2026-03-01T09:00:05Z' }),
    message({ id: 'u2', role: 'USER', turnId: 'h2', text: 'Next', at: '2026-03-01T09:10:00Z' }),
  ];

  it('makes a step of each answer and times the tool calls between the stored messages', () => {
    const [h1, h2] = historyWorkflow(stored);
    const base = Date.parse('2026-03-01T09:00:00Z');
    expect(h1).toMatchObject({ id: 'h1', fromHistory: true, author: 'ann', text: 'Fix it', steps: 2, inputTokens: 30, outputTokens: 5, startedAt: base, endedAt: base + 5000 });
    expect(steps(h1).map((s) => [s.startedAt! - base, s.endedAt! - base])).toEqual([
      [0, 2000],
      [3000, 5000],
    ]);
    expect(tool(h1, 'k1')).toMatchObject({ status: 'done', startedAt: base + 2000, endedAt: base + 3000, output: 'content' });
    expect(h2).toMatchObject({ id: 'h2', steps: 0, text: 'Next' });
  });

  it('prefers the events of a turn the stream carries from its beginning and joins a half-seen one', () => {
    const history = historyWorkflow(stored);
    const fromStream = reduceWorkflow(script([[0, 'USER_MESSAGE', { text: 'Next' }, 'h2']]));
    const shown = composeWorkflow(history, fromStream);
    expect(shown.map((t) => [t.id, t.fromHistory])).toEqual([
      ['h1', true],
      ['h2', false],
    ]);

    const halfSeen = reduceWorkflow(script([[9000, 'TEXT_DELTA', { text: 'more' }, 'h1']]));
    const joined = composeWorkflow(history, halfSeen);
    expect(joined).toHaveLength(2);
    expect(joined[0]).toMatchObject({ id: 'h1', steps: 3, status: 'running', text: 'Fix it' });
    expect(steps(joined[0]).map((s) => s.index)).toEqual([1, 2, 3]);
  });
});

describe('reading times', () => {
  it('parses instants with nanoseconds and formats durations', () => {
    expect(parseTime('2026-03-01T10:00:00.123456789Z')).toBe(T0 + 123);
    expect(parseTime('not a time')).toBeNull();
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(2400)).toBe('2.4 s');
    expect(formatDuration(42_000)).toBe('42 s');
    expect(formatDuration(185_000)).toBe('3 min 5 s');
    expect(formatDuration(2 * 3_600_000 + 60_000)).toBe('2 h 1 min');
  });
});
