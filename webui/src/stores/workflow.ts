// The agent run of a session as a graph: per turn its steps (model calls), the tool calls each step
// made with their timings and outcome, the approvals they waited for, provider switches, errors and
// checkpoints. Built incrementally from the session's events (applyWorkflowEvent, one event at a
// time, in sequence order) and, for turns the stream no longer carries, from the stored
// conversation (historyWorkflow, with the times the messages were stored).
//
// How the events of a turn map onto steps (see Turn.java and StepStream.java in studio-core): a
// step starts when the person's message arrives (the first) or when the last tool call of the
// previous step has its result; it streams TEXT_DELTA and TOOL_CALL_STARTED/DELTA and ends with
// USAGE (cumulative tokens and cost of the turn). Then its tool calls run one after the other: the
// first when the step ends, each next one when the previous one has its TOOL_CALL_RESULT; a call
// that needs a person waits between APPROVAL_REQUESTED and APPROVAL_GRANTED/DENIED. DONE ends the turn.
import type { ConversationMessage, SessionEvent } from '../api/types';

export type StepStatus = 'running' | 'done' | 'failed' | 'cancelled';
export type ToolStatus = 'queued' | 'waiting' | 'running' | 'done' | 'failed' | 'denied' | 'not-run';
export type ApprovalState = 'waiting' | 'granted' | 'denied' | 'expired';

interface NodeBase {
  id: string;
  /** The event sequence number that created it (0 from the stored conversation). */
  seq: number;
  /** Milliseconds since the epoch; null when unknown. */
  startedAt: number | null;
  endedAt: number | null;
}

export interface StepNode extends NodeBase {
  kind: 'step';
  index: number;
  provider: string | null;
  model: string | null;
  status: StepStatus;
  /** Characters of answer text streamed. */
  chars: number;
  /** Call ids of the tool calls the model made in this step. */
  calls: string[];
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
  text: string;
}

export interface ToolNode extends NodeBase {
  kind: 'tool';
  step: number;
  callId: string;
  tool: string;
  args: string;
  /** When the model asked for it (TOOL_CALL_STARTED); startedAt is when it began to run. */
  requestedAt: number | null;
  status: ToolStatus;
  output: string | null;
  error: boolean;
  truncated: boolean;
  approvalId: string | null;
}

export interface ApprovalNode extends NodeBase {
  kind: 'approval';
  step: number;
  approvalId: string;
  callId: string | null;
  tool: string;
  reason: string | null;
  args: string | null;
  state: ApprovalState;
  by: string | null;
  denyReason: string | null;
}

export interface SwitchNode extends NodeBase {
  kind: 'switch';
  step: number;
  from: string;
  to: string;
  reason: string;
}

export interface CheckpointNode extends NodeBase {
  kind: 'checkpoint';
  step: number;
  checkpointId: string | null;
  commitId: string;
  message: string | null;
}

export interface ErrorNode extends NodeBase {
  kind: 'error';
  step: number;
  message: string;
  retryable: boolean;
}

export type WorkflowNode = StepNode | ToolNode | ApprovalNode | SwitchNode | CheckpointNode | ErrorNode;

export type TurnStatus = 'running' | 'completed' | 'cancelled' | 'failed' | 'step-limit' | 'max-tokens' | string;

export interface WorkflowTurn {
  id: string;
  /** Whether the events carried its beginning (otherwise only what followed is known). */
  began: boolean;
  /** Built from the stored conversation: its times are those of the stored messages. */
  fromHistory: boolean;
  firstSeq: number;
  author: string | null;
  text: string;
  startedAt: number | null;
  endedAt: number | null;
  status: TurnStatus;
  provider: string | null;
  model: string | null;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
  cancelledBy: string | null;
  /** In the order they happened. */
  nodes: WorkflowNode[];
  /** Index of the step that streams now, or 0. */
  openStep: number;
  /** Steps so far. */
  steps: number;
  /** Where the next step or tool call starts: the last boundary seen (ms). */
  mark: number | null;
}

export interface WorkflowRun {
  turns: Record<string, WorkflowTurn>;
  order: string[];
  /** Checkpoints and errors that belong to no turn (a person's checkpoint, a failed stream). */
  session: WorkflowNode[];
  lastSeq: number;
}

export const emptyRun = (): WorkflowRun => ({ turns: {}, order: [], session: [], lastSeq: 0 });

const MAX_OUTPUT = 4000;
const MAX_TEXT = 2000;

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
const strOrNull = (v: unknown): string | null => (v === undefined || v === null || v === '' ? null : String(v));
const numOrNull = (v: unknown): number | null => {
  if (v === undefined || v === null || v === '') return null;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : null;
};
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** Milliseconds of an ISO instant (any number of fraction digits), null when it is not one. */
export function parseTime(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const t = Date.parse(iso.replace(/(\.\d{3})\d+/, '$1'));
  return Number.isFinite(t) ? t : null;
}

function newTurn(id: string, seq: number): WorkflowTurn {
  return {
    id,
    began: false,
    fromHistory: false,
    firstSeq: seq,
    author: null,
    text: '',
    startedAt: null,
    endedAt: null,
    status: 'running',
    provider: null,
    model: null,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: null,
    cancelledBy: null,
    nodes: [],
    openStep: 0,
    steps: 0,
    mark: null,
  };
}

function update<T extends WorkflowNode>(t: WorkflowTurn, pred: (n: WorkflowNode) => n is T, change: (n: T) => T): WorkflowTurn {
  let changed = false;
  const nodes = t.nodes.map((n) => {
    if (!pred(n)) return n;
    changed = true;
    return change(n);
  });
  return changed ? { ...t, nodes } : t;
}

const isStep = (index: number) => (n: WorkflowNode): n is StepNode => n.kind === 'step' && n.index === index;
const isTool = (callId: string) => (n: WorkflowNode): n is ToolNode => n.kind === 'tool' && n.callId === callId;
const isApproval = (approvalId: string) => (n: WorkflowNode): n is ApprovalNode => n.kind === 'approval' && n.approvalId === approvalId;

/** Opens the next step (a model call) at {@code at} unless one is open. */
function openStep(t: WorkflowTurn, seq: number, at: number | null): WorkflowTurn {
  if (t.openStep) return t;
  const index = t.steps + 1;
  const step: StepNode = {
    kind: 'step',
    id: `step:${t.id}:${index}`,
    seq,
    index,
    startedAt: t.mark ?? at,
    endedAt: null,
    provider: t.provider,
    model: t.model,
    status: 'running',
    chars: 0,
    calls: [],
    inputTokens: null,
    outputTokens: null,
    costUsd: null,
    text: '',
  };
  return { ...t, steps: index, openStep: index, nodes: [...t.nodes, step] };
}

/** The step that streams now or the last one: where tool calls, switches and errors belong. */
const currentStep = (t: WorkflowTurn) => t.openStep || t.steps;

/** Ends the open step at {@code at}; its first queued tool call starts to run then. */
function closeStep(t: WorkflowTurn, at: number | null, status: StepStatus = 'done'): WorkflowTurn {
  if (!t.openStep) return t;
  const index = t.openStep;
  let next = update({ ...t, openStep: 0, mark: at ?? t.mark }, isStep(index), (s) => ({ ...s, endedAt: at, status }));
  if (status === 'done') next = startNextTool(next, index, at);
  return next;
}

/** The first queued tool call of step {@code index} starts running at {@code at}. */
function startNextTool(t: WorkflowTurn, index: number, at: number | null): WorkflowTurn {
  const queued = t.nodes.find((n): n is ToolNode => n.kind === 'tool' && n.step === index && n.status === 'queued');
  if (!queued) return t;
  return update(t, isTool(queued.callId), (n) => ({ ...n, status: 'running', startedAt: at }));
}

/** Whether every tool call of step {@code index} has ended. */
function toolsEnded(t: WorkflowTurn, index: number): boolean {
  return !t.nodes.some((n) => n.kind === 'tool' && n.step === index && (n.status === 'queued' || n.status === 'running' || n.status === 'waiting'));
}

function updateTurn(run: WorkflowRun, id: string, seq: number, change: (t: WorkflowTurn) => WorkflowTurn): WorkflowRun {
  const existing = run.turns[id];
  const turn = existing ?? newTurn(id, seq);
  return { ...run, turns: { ...run.turns, [id]: change(turn) }, order: existing ? run.order : [...run.order, id] };
}

/** The turn an approval decision belongs to when the event names none. */
function approvalOwner(run: WorkflowRun, approvalId: string): string | undefined {
  return run.order.find((id) => run.turns[id].nodes.some((n) => n.kind === 'approval' && n.approvalId === approvalId));
}

/** The run after one more event (each event once, in sequence order). */
export function applyWorkflowEvent(run: WorkflowRun, e: SessionEvent): WorkflowRun {
  if (e.seq > 0 && e.seq <= run.lastSeq) return run; // seen already
  const d = e.data ?? {};
  const at = parseTime(e.at);
  const seq = e.seq;
  const base = e.seq > 0 ? { ...run, lastSeq: e.seq } : run;
  const turnId = e.turnId ?? strOrNull(d.turnId);

  if (e.type === 'PRESENCE' || e.type === 'RESYNC') return base;

  if (!turnId) {
    if (e.type === 'APPROVAL_GRANTED' || e.type === 'APPROVAL_DENIED') {
      const owner = approvalOwner(base, str(d.approvalId));
      return owner ? applyWorkflowEvent(run, { ...e, turnId: owner }) : base;
    }
    if (e.type === 'CHECKPOINT_CREATED') {
      const node: CheckpointNode = {
        kind: 'checkpoint', id: `checkpoint:${seq}`, seq, step: 0, startedAt: at, endedAt: at,
        checkpointId: strOrNull(d.checkpointId), commitId: str(d.commitId), message: strOrNull(d.message),
      };
      return { ...base, session: [...base.session, node] };
    }
    if (e.type === 'ERROR') {
      const node: ErrorNode = { kind: 'error', id: `error:${seq}`, seq, step: 0, startedAt: at, endedAt: at, message: str(d.message) || 'Error', retryable: d.retryable === true };
      return { ...base, session: [...base.session, node] };
    }
    return base; // a message that started no turn
  }

  switch (e.type) {
    case 'USER_MESSAGE':
      return updateTurn(base, turnId, seq, (t) =>
        openStep({ ...t, began: true, author: e.actor, text: clip(str(d.text), MAX_TEXT), startedAt: t.startedAt ?? at, mark: t.mark ?? at }, seq, at),
      );
    case 'TURN_STARTED':
      return updateTurn(base, turnId, seq, (t) => {
        const provider = strOrNull(d.provider) ?? t.provider;
        const model = strOrNull(d.model) ?? t.model;
        let next: WorkflowTurn = { ...t, began: true, provider, model, startedAt: t.startedAt ?? at, mark: t.mark ?? at };
        next = openStep(next, seq, at);
        return update(next, isStep(next.openStep), (s) => ({ ...s, provider: s.provider ?? provider, model: s.model ?? model }));
      });
    case 'TEXT_DELTA':
      return updateTurn(base, turnId, seq, (t) => {
        const next = openStep({ ...t, startedAt: t.startedAt ?? at }, seq, at);
        const text = str(d.text);
        return update(next, isStep(next.openStep), (s) => ({ ...s, chars: s.chars + text.length, text: s.text.length < MAX_TEXT ? clip(s.text + text, MAX_TEXT) : s.text }));
      });
    case 'TOOL_CALL_STARTED':
      return updateTurn(base, turnId, seq, (t) => {
        let next = openStep({ ...t, startedAt: t.startedAt ?? at }, seq, at);
        const callId = str(d.callId);
        if (next.nodes.some(isTool(callId))) return next;
        const step = next.openStep;
        next = update(next, isStep(step), (s) => ({ ...s, calls: [...s.calls, callId] }));
        const node: ToolNode = {
          kind: 'tool', id: `tool:${t.id}:${callId}`, seq, step, callId, tool: str(d.tool) || 'tool', args: '', requestedAt: at,
          startedAt: null, endedAt: null, status: 'queued', output: null, error: false, truncated: false, approvalId: null,
        };
        return { ...next, nodes: [...next.nodes, node] };
      });
    case 'TOOL_CALL_DELTA':
      return updateTurn(base, turnId, seq, (t) => update(t, isTool(str(d.callId)), (n) => ({ ...n, args: n.args.length < 100_000 ? n.args + str(d.delta) : n.args })));
    case 'USAGE':
      return updateTurn(base, turnId, seq, (t) => {
        const inputTokens = numOrNull(d.inputTokens) ?? t.inputTokens;
        const outputTokens = numOrNull(d.outputTokens) ?? t.outputTokens;
        const costUsd = numOrNull(d.costUsd);
        const provider = strOrNull(d.provider) ?? t.provider;
        const model = strOrNull(d.model) ?? t.model;
        // the numbers are the turn's so far: this step's share is what they grew by
        const stepIndex = t.openStep || t.steps;
        let next = update(t, isStep(stepIndex), (s) => ({
          ...s,
          provider,
          model,
          inputTokens: inputTokens - t.inputTokens,
          outputTokens: outputTokens - t.outputTokens,
          costUsd: costUsd === null ? null : costUsd - (t.costUsd ?? 0),
        }));
        next = { ...next, inputTokens, outputTokens, costUsd: costUsd ?? t.costUsd, provider, model };
        return closeStep(next, at);
      });
    case 'PROVIDER_SWITCHED':
      return updateTurn(base, turnId, seq, (t) => {
        let next = openStep({ ...t, startedAt: t.startedAt ?? at }, seq, at);
        const to = str(d.to);
        const slash = to.indexOf('/');
        const provider = slash < 0 ? to || next.provider : to.slice(0, slash);
        const model = slash < 0 ? next.model : to.slice(slash + 1);
        const node: SwitchNode = { kind: 'switch', id: `switch:${seq}`, seq, step: next.openStep, startedAt: at, endedAt: at, from: str(d.from), to, reason: str(d.reason) };
        next = update(next, isStep(next.openStep), (s) => ({ ...s, provider, model }));
        return { ...next, provider, model, nodes: [...next.nodes, node] };
      });
    case 'APPROVAL_REQUESTED':
      return updateTurn(base, turnId, seq, (t) => {
        let next = closeStep(t, at);
        const callId = strOrNull(d.callId);
        const approvalId = str(d.approvalId);
        const tool = callId ? next.nodes.find(isTool(callId)) : undefined;
        if (callId) next = update(next, isTool(callId), (n) => ({ ...n, status: 'waiting', approvalId, startedAt: null }));
        const node: ApprovalNode = {
          kind: 'approval', id: `approval:${approvalId}`, seq, step: tool?.step ?? currentStep(next), approvalId, callId,
          tool: str(d.tool) || tool?.tool || 'tool', reason: strOrNull(d.reason), args: strOrNull(d.arguments) ?? tool?.args ?? null,
          startedAt: at, endedAt: null, state: 'waiting', by: null, denyReason: null,
        };
        return { ...next, nodes: [...next.nodes, node] };
      });
    case 'APPROVAL_GRANTED':
    case 'APPROVAL_DENIED': {
      const granted = e.type === 'APPROVAL_GRANTED';
      const approvalId = str(d.approvalId);
      return updateTurn(base, turnId, seq, (t) => {
        const approval = t.nodes.find(isApproval(approvalId));
        let next = update(t, isApproval(approvalId), (n) => ({
          ...n,
          endedAt: at,
          state: granted ? 'granted' : 'denied',
          by: strOrNull(d.by) ?? e.actor,
          denyReason: granted ? null : strOrNull(d.reason),
        }));
        const callId = approval?.callId ?? strOrNull(d.callId);
        if (callId) {
          next = update(next, isTool(callId), (n) =>
            n.status === 'waiting' ? { ...n, status: granted ? 'running' : 'denied', startedAt: at, endedAt: granted ? null : at } : n,
          );
        }
        return { ...next, mark: at ?? next.mark };
      });
    }
    case 'TOOL_CALL_RESULT':
      return updateTurn(base, turnId, seq, (t) => {
        const callId = str(d.callId);
        let next = closeStep(t, at);
        if (!next.nodes.some(isTool(callId))) {
          const orphan: ToolNode = {
            kind: 'tool', id: `tool:${t.id}:${callId}`, seq, step: currentStep(next), callId, tool: str(d.tool) || 'tool', args: '', requestedAt: null,
            startedAt: next.mark, endedAt: null, status: 'running', output: null, error: false, truncated: false, approvalId: null,
          };
          next = { ...next, nodes: [...next.nodes, orphan] };
        }
        const error = d.error === true;
        const tool = next.nodes.find(isTool(callId))!;
        next = update(next, isTool(callId), (n) => ({
          ...n,
          startedAt: n.startedAt ?? next.mark ?? at,
          endedAt: n.status === 'denied' && n.endedAt !== null ? n.endedAt : at,
          status: n.status === 'denied' ? 'denied' : error ? 'failed' : 'done',
          output: clip(str(d.output), MAX_OUTPUT),
          error,
          truncated: d.truncated === true || str(d.output).length > MAX_OUTPUT,
        }));
        next = { ...next, mark: at ?? next.mark };
        next = startNextTool(next, tool.step, at);
        // the last call of the step has its result: the model is asked again
        if (next.status === 'running' && toolsEnded(next, tool.step) && tool.step === next.steps) next = openStep(next, seq, at);
        return next;
      });
    case 'CHECKPOINT_CREATED':
      return updateTurn(base, turnId, seq, (t) => {
        const node: CheckpointNode = {
          kind: 'checkpoint', id: `checkpoint:${seq}`, seq, step: currentStep(t), startedAt: at, endedAt: at,
          checkpointId: strOrNull(d.checkpointId), commitId: str(d.commitId), message: strOrNull(d.message),
        };
        return { ...t, nodes: [...t.nodes, node] };
      });
    case 'ERROR':
      return updateTurn(base, turnId, seq, (t) => {
        const failedStep = t.openStep;
        const next = failedStep ? closeStep(t, at, 'failed') : t;
        const node: ErrorNode = { kind: 'error', id: `error:${seq}`, seq, step: failedStep || currentStep(t), startedAt: at, endedAt: at, message: str(d.message) || 'The agent reported an error.', retryable: d.retryable === true };
        return { ...next, nodes: [...next.nodes, node] };
      });
    case 'DONE':
      return updateTurn(base, turnId, seq, (t) => {
        const reason = str(d.reason) || 'completed';
        let next = t;
        if (next.openStep) {
          const open = next.nodes.find(isStep(next.openStep))!;
          const empty = open.chars === 0 && open.calls.length === 0 && open.inputTokens === null;
          if (empty && reason !== 'failed' && next.steps > 1) {
            // opened when the tools ended, but the turn stopped before asking the model again
            const gone = open.index;
            next = {
              ...next,
              nodes: next.nodes.filter((n) => n !== open).map((n) => (n.kind !== 'step' && n.step === gone ? { ...n, step: gone - 1 } : n)),
              steps: next.steps - 1,
              openStep: 0,
            };
          } else {
            next = closeStep(next, at, reason === 'cancelled' ? 'cancelled' : reason === 'failed' ? 'failed' : 'done');
          }
        }
        next = {
          ...next,
          nodes: next.nodes.map((n) => {
            if (n.kind === 'tool' && (n.status === 'queued' || n.status === 'running' || n.status === 'waiting')) {
              return { ...n, status: n.status === 'running' ? 'failed' : 'not-run', endedAt: n.status === 'running' ? at : n.endedAt };
            }
            if (n.kind === 'approval' && n.state === 'waiting') return { ...n, state: 'expired', endedAt: at };
            return n;
          }),
        };
        return {
          ...next,
          status: reason,
          endedAt: at,
          inputTokens: numOrNull(d.inputTokens) ?? next.inputTokens,
          outputTokens: numOrNull(d.outputTokens) ?? next.outputTokens,
          costUsd: numOrNull(d.costUsd) ?? next.costUsd,
          cancelledBy: strOrNull(d.by),
        };
      });
    default:
      return base; // a type this studio does not know yet
  }
}

/** Applies events in order. */
export function reduceWorkflow(events: SessionEvent[], run: WorkflowRun = emptyRun()): WorkflowRun {
  return events.reduce(applyWorkflowEvent, run);
}

// ---- from the stored conversation ---------------------------------------------------------------

/**
 * Turns of stored messages, oldest first. Each assistant message is a step that ended when it was
 * stored and began when the message before it was; a tool call ran from its step's end until its
 * output was stored.
 */
export function historyWorkflow(messages: ConversationMessage[]): WorkflowTurn[] {
  const turns: WorkflowTurn[] = [];
  let t: WorkflowTurn | null = null;
  for (const m of messages) {
    const id = m.turnId ?? `~${m.id}`;
    const at = parseTime(m.at);
    if (!t || t.id !== id) {
      if (t) turns.push(t);
      t = { ...newTurn(id, 0), began: true, fromHistory: true, status: 'completed', startedAt: at, mark: at };
    }
    if (m.role === 'USER') {
      t = { ...t, author: m.authorId, text: clip(m.text, MAX_TEXT), startedAt: t.startedAt ?? at };
    } else if (m.role === 'ASSISTANT') {
      const index: number = t.steps + 1;
      const step: StepNode = {
        kind: 'step', id: `step:${id}:${index}`, seq: 0, index, startedAt: t.mark ?? at, endedAt: at, provider: m.provider, model: m.model,
        status: 'done', chars: m.text.length, calls: (m.toolCalls ?? []).map((c) => c.callId), inputTokens: m.inputTokens ?? null,
        outputTokens: m.outputTokens ?? null, costUsd: null, text: clip(m.text, MAX_TEXT),
      };
      const tools: ToolNode[] = (m.toolCalls ?? []).map((c) => ({
        kind: 'tool', id: `tool:${id}:${c.callId}`, seq: 0, step: index, callId: c.callId, tool: c.toolName, args: c.argumentsJson ?? '',
        requestedAt: at, startedAt: null, endedAt: null, status: 'not-run', output: null, error: false, truncated: false, approvalId: null,
      }));
      t = {
        ...t,
        steps: index,
        mark: at,
        provider: m.provider ?? t.provider,
        model: m.model ?? t.model,
        inputTokens: t.inputTokens + (m.inputTokens ?? 0),
        outputTokens: t.outputTokens + (m.outputTokens ?? 0),
        endedAt: at,
        nodes: [...t.nodes, step, ...tools],
      };
    } else {
      const callId = m.toolCallId;
      const turn: WorkflowTurn = t;
      const known = callId ? turn.nodes.find(isTool(callId)) : undefined;
      if (known) {
        t = update(turn, isTool(known.callId), (n) => ({
          ...n,
          startedAt: turn.mark,
          endedAt: at,
          status: m.error ? (m.text.startsWith('not run: a person denied') ? 'denied' : 'failed') : 'done',
          output: clip(m.text, MAX_OUTPUT),
          error: m.error,
          truncated: m.text.length > MAX_OUTPUT,
        }));
      } else {
        const orphan: ToolNode = {
          kind: 'tool', id: `tool:${id}:${callId ?? m.id}`, seq: 0, step: turn.steps, callId: callId ?? m.id, tool: 'tool', args: '',
          requestedAt: null, startedAt: turn.mark, endedAt: at, status: m.error ? 'failed' : 'done', output: clip(m.text, MAX_OUTPUT),
          error: m.error, truncated: false, approvalId: null,
        };
        t = { ...turn, nodes: [...turn.nodes, orphan] };
      }
      t = { ...t, mark: at, endedAt: at };
    }
  }
  if (t) turns.push(t);
  return turns;
}

/**
 * Every turn to show, oldest first: stored turns the stream does not carry from their beginning,
 * then the turns of the stream. A stored turn the stream joined half-way shows both parts.
 */
export function composeWorkflow(history: WorkflowTurn[], run: WorkflowRun): WorkflowTurn[] {
  const out: WorkflowTurn[] = [];
  const merged = new Set<string>();
  for (const h of history) {
    const l = run.turns[h.id];
    if (!l) out.push(h);
    else if (!l.began) {
      merged.add(h.id);
      const offset = h.steps;
      out.push({
        ...l,
        began: true,
        fromHistory: true,
        author: h.author,
        text: h.text,
        startedAt: h.startedAt,
        steps: offset + l.steps,
        nodes: [...h.nodes, ...l.nodes.map((n) => (n.kind === 'step' ? { ...n, index: n.index + offset } : { ...n, step: n.step + offset }))],
        inputTokens: Math.max(h.inputTokens, l.inputTokens),
        outputTokens: Math.max(h.outputTokens, l.outputTokens),
      });
    }
  }
  for (const id of run.order) {
    if (merged.has(id)) continue;
    const l = run.turns[id];
    if (l.began || !history.some((h) => h.id === id)) out.push(l);
  }
  return out;
}

// ---- reading it -------------------------------------------------------------------------------------

/** Duration of a node or turn in ms: until now while it runs, null when it never started. */
export function duration(n: { startedAt: number | null; endedAt: number | null }, now: number): number | null {
  if (n.startedAt === null) return null;
  return Math.max(0, (n.endedAt ?? now) - n.startedAt);
}

/** "850 ms", "2.4 s", "3 min 5 s". */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const m = Math.floor(ms / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  if (m < 60) return s ? `${m} min ${s} s` : `${m} min`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** The nodes below a step (its tool calls, approvals, switches, errors, checkpoints), in order. */
export function childrenOf(t: WorkflowTurn, step: number): WorkflowNode[] {
  return t.nodes.filter((n) => n.kind !== 'step' && n.step === step);
}

/** Counts for a turn's summary. */
export function summary(t: WorkflowTurn): { steps: number; tools: number; failed: number; approvals: number; switches: number } {
  let tools = 0;
  let failed = 0;
  let approvals = 0;
  let switches = 0;
  for (const n of t.nodes) {
    if (n.kind === 'tool') {
      tools++;
      if (n.status === 'failed' || n.status === 'denied') failed++;
    } else if (n.kind === 'approval') approvals++;
    else if (n.kind === 'switch') switches++;
  }
  return { steps: t.steps, tools, failed, approvals, switches };
}
