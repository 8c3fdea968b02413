// What the chat panel shows, built from two sources: the stored conversation (GET …/conversation)
// and the live events of the session's stream. Each turn is shown from exactly one of them, so
// nothing appears twice: from the events when the stream carried the turn's beginning, else from
// the stored messages.
import type { ConversationMessage, SessionEvent } from '../api/types';

export interface TurnUsage {
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
}

export interface TurnMeta {
  provider: string | null;
  model: string | null;
  switches: { from: string; to: string; reason: string }[];
  usage: TurnUsage | null;
  /** DONE's reason (completed, cancelled, step-limit, failed), null while the turn runs. */
  done: string | null;
  running: boolean;
}

interface Base {
  key: string;
  turnId: string | null;
}

export interface UserItem extends Base {
  kind: 'user';
  authorId: string | null;
  text: string;
  at: string | null;
  pending?: boolean;
}

export interface AssistantItem extends Base {
  kind: 'assistant';
  text: string;
  streaming: boolean;
}

export type ToolStatus = 'running' | 'waiting' | 'done' | 'failed';

export interface ToolItem extends Base {
  kind: 'tool';
  callId: string;
  tool: string;
  args: string;
  output: string | null;
  error: boolean;
  truncated: boolean;
  status: ToolStatus;
}

export type ApprovalState = 'pending' | 'granted' | 'denied' | 'expired';

export interface ApprovalItem extends Base {
  kind: 'approval';
  approvalId: string;
  callId: string | null;
  tool: string;
  reason: string | null;
  /** The call's arguments (JSON) as the agent sent them, for the person deciding. */
  args: string | null;
  state: ApprovalState;
  by: string | null;
  denyReason: string | null;
}

export interface NoticeItem extends Base {
  kind: 'notice';
  level: 'info' | 'error';
  text: string;
}

export interface TurnFooterItem extends Base {
  kind: 'footer';
  meta: TurnMeta;
}

export type ChatItem = UserItem | AssistantItem | ToolItem | ApprovalItem | NoticeItem | TurnFooterItem;

export interface LiveTurn {
  id: string;
  /** Whether the stream carried its beginning (USER_MESSAGE or TURN_STARTED). */
  began: boolean;
  firstSeq: number;
  items: ChatItem[];
  meta: TurnMeta;
}

export interface LiveState {
  turns: Record<string, LiveTurn>;
  order: string[];
  /** Who is in the session by user id: what they do, and their name (null: the studio sent none). */
  presence: Record<string, PresenceEntry>;
}

export interface PresenceEntry {
  state: string;
  at: string;
  name: string | null;
}

export const emptyLive = (): LiveState => ({ turns: {}, order: [], presence: {} });

const emptyMeta = (): TurnMeta => ({ provider: null, model: null, switches: [], usage: null, done: null, running: false });

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
const strOrNull = (v: unknown): string | null => (v === undefined || v === null || v === '' ? null : String(v));
const num = (v: unknown): number => {
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : 0;
};

/** "provider/model" into its parts. */
export function splitModel(ref: string): { provider: string | null; model: string | null } {
  const i = ref.indexOf('/');
  return i < 0 ? { provider: ref || null, model: null } : { provider: ref.slice(0, i), model: ref.slice(i + 1) };
}

// ---- stored conversation ------------------------------------------------------------------------

/** Items of stored messages, oldest first, with a footer after each turn that has an answer. */
export function historyItems(messages: ConversationMessage[]): ChatItem[] {
  const out: ChatItem[] = [];
  const tools = new Map<string, number>(); // callId -> index in out
  let footer: TurnFooterItem | null = null;
  const flush = () => {
    if (footer) out.push(footer);
    footer = null;
  };
  for (const m of messages) {
    const turnId = m.turnId ?? null;
    if (footer && footer.turnId !== turnId) flush();
    if (m.role === 'USER') {
      flush();
      out.push({ kind: 'user', key: `h:${m.id}`, turnId, authorId: m.authorId, text: m.text, at: m.at });
    } else if (m.role === 'ASSISTANT') {
      if (m.text) out.push({ kind: 'assistant', key: `h:${m.id}`, turnId, text: m.text, streaming: false });
      for (const call of m.toolCalls ?? []) {
        tools.set(call.callId, out.length);
        out.push({
          kind: 'tool',
          key: `h:${m.id}:${call.callId}`,
          turnId,
          callId: call.callId,
          tool: call.toolName,
          args: call.argumentsJson ?? '',
          output: null,
          error: false,
          truncated: false,
          status: 'done',
        });
      }
      if (turnId) {
        const f: TurnFooterItem = footer ?? { kind: 'footer', key: `h:footer:${turnId}`, turnId, meta: { ...emptyMeta(), done: 'completed' } };
        const usage = f.meta.usage ?? { inputTokens: 0, outputTokens: 0, costUsd: null };
        f.meta = {
          ...f.meta,
          provider: m.provider ?? f.meta.provider,
          model: m.model ?? f.meta.model,
          usage: { inputTokens: usage.inputTokens + (m.inputTokens ?? 0), outputTokens: usage.outputTokens + (m.outputTokens ?? 0), costUsd: null },
        };
        footer = f;
      }
    } else {
      // TOOL: the output of a call made above
      const i = m.toolCallId ? tools.get(m.toolCallId) : undefined;
      if (i !== undefined && out[i].kind === 'tool') {
        const t = out[i] as ToolItem;
        out[i] = { ...t, output: m.text, error: m.error, status: m.error ? 'failed' : 'done' };
      } else {
        out.push({
          kind: 'tool',
          key: `h:${m.id}`,
          turnId,
          callId: m.toolCallId ?? m.id,
          tool: 'tool',
          args: '',
          output: m.text,
          error: m.error,
          truncated: false,
          status: m.error ? 'failed' : 'done',
        });
      }
    }
  }
  flush();
  return out;
}

// ---- live events ------------------------------------------------------------------------------------

function updateTurn(state: LiveState, id: string, seq: number, change: (t: LiveTurn) => LiveTurn): LiveState {
  const existing = state.turns[id];
  const turn = existing ?? { id, began: false, firstSeq: seq, items: [], meta: emptyMeta() };
  return {
    ...state,
    turns: { ...state.turns, [id]: change(turn) },
    order: existing ? state.order : [...state.order, id],
  };
}

function mapItems(t: LiveTurn, pred: (i: ChatItem) => boolean, change: (i: ChatItem) => ChatItem): LiveTurn {
  let changed = false;
  const items = t.items.map((i) => {
    if (!pred(i)) return i;
    changed = true;
    return change(i);
  });
  return changed ? { ...t, items } : t;
}

function endStreaming(t: LiveTurn): LiveTurn {
  return mapItems(t, (i) => i.kind === 'assistant' && i.streaming, (i) => ({ ...(i as AssistantItem), streaming: false }));
}

/** The live state after one event (events arrive once, in order). */
export function applyEvent(state: LiveState, e: SessionEvent): LiveState {
  const d = e.data ?? {};
  if (e.type === 'PRESENCE') {
    const user = str(d.user ?? e.actor);
    if (!user) return state;
    const presence = { ...state.presence };
    if (d.state === 'left') delete presence[user];
    else presence[user] = { state: str(d.state), at: e.at, name: strOrNull(d.name) };
    return { ...state, presence };
  }
  const turnId = e.turnId ?? strOrNull(d.turnId) ?? `~${e.seq}`;
  const key = `e:${e.seq}`;
  switch (e.type) {
    case 'USER_MESSAGE':
      return updateTurn(state, turnId, e.seq, (t) => ({
        ...t,
        began: true,
        items: [...t.items, { kind: 'user', key, turnId, authorId: e.actor, text: str(d.text), at: e.at }],
        meta: { ...t.meta, running: e.turnId !== null },
      }));
    case 'TURN_STARTED':
      return updateTurn(state, turnId, e.seq, (t) => ({
        ...t,
        began: true,
        meta: {
          ...t.meta,
          running: true,
          provider: strOrNull(d.provider) ?? t.meta.provider,
          model: strOrNull(d.model) ?? t.meta.model,
        },
      }));
    case 'TEXT_DELTA':
      return updateTurn(state, turnId, e.seq, (t) => {
        const last = t.items[t.items.length - 1];
        if (last && last.kind === 'assistant' && last.streaming) {
          const items = t.items.slice();
          items[items.length - 1] = { ...last, text: last.text + str(d.text) };
          return { ...t, items };
        }
        return { ...t, items: [...t.items, { kind: 'assistant', key, turnId, text: str(d.text), streaming: true }] };
      });
    case 'TOOL_CALL_STARTED':
      return updateTurn(state, turnId, e.seq, (t) => ({
        ...endStreaming(t),
        items: [
          ...endStreaming(t).items,
          {
            kind: 'tool',
            key,
            turnId,
            callId: str(d.callId),
            tool: str(d.tool) || 'tool',
            args: '',
            output: null,
            error: false,
            truncated: false,
            status: 'running',
          },
        ],
      }));
    case 'TOOL_CALL_DELTA':
      return updateTurn(state, turnId, e.seq, (t) =>
        mapItems(t, (i) => i.kind === 'tool' && i.callId === str(d.callId), (i) => ({
          ...(i as ToolItem),
          args: (i as ToolItem).args + str(d.delta),
        })),
      );
    case 'TOOL_CALL_RESULT':
      return updateTurn(state, turnId, e.seq, (t) => {
        const callId = str(d.callId);
        const update = (i: ChatItem): ChatItem => ({
          ...(i as ToolItem),
          output: str(d.output),
          error: d.error === true,
          truncated: d.truncated === true,
          status: d.error === true ? 'failed' : 'done',
        });
        if (t.items.some((i) => i.kind === 'tool' && i.callId === callId)) {
          return mapItems(t, (i) => i.kind === 'tool' && i.callId === callId, update);
        }
        const orphan: ToolItem = {
          kind: 'tool', key, turnId, callId, tool: str(d.tool) || 'tool', args: '', output: null, error: false, truncated: false, status: 'running',
        };
        return { ...t, items: [...t.items, update(orphan)] };
      });
    case 'APPROVAL_REQUESTED':
      return updateTurn(state, turnId, e.seq, (t) => {
        const callId = strOrNull(d.callId);
        const waiting = mapItems(t, (i) => i.kind === 'tool' && i.callId === callId, (i) => ({ ...(i as ToolItem), status: 'waiting' }));
        return {
          ...waiting,
          items: [
            ...waiting.items,
            {
              kind: 'approval',
              key,
              turnId,
              approvalId: str(d.approvalId),
              callId,
              tool: str(d.tool) || 'tool',
              reason: strOrNull(d.reason),
              args: strOrNull(d.arguments) ?? (t.items.find((i) => i.kind === 'tool' && i.callId === callId) as ToolItem | undefined)?.args ?? null,
              state: 'pending',
              by: null,
              denyReason: null,
            },
          ],
        };
      });
    case 'APPROVAL_GRANTED':
    case 'APPROVAL_DENIED': {
      const granted = e.type === 'APPROVAL_GRANTED';
      const approvalId = str(d.approvalId);
      // the decision may name no turn: find the approval wherever it is
      const owner = e.turnId ?? state.order.find((id) => state.turns[id].items.some((i) => i.kind === 'approval' && i.approvalId === approvalId));
      if (!owner) return state;
      return updateTurn(state, owner, e.seq, (t) => {
        const approval = t.items.find((i) => i.kind === 'approval' && i.approvalId === approvalId) as ApprovalItem | undefined;
        let next = mapItems(t, (i) => i.kind === 'approval' && i.approvalId === approvalId, (i) => ({
          ...(i as ApprovalItem),
          state: granted ? 'granted' : 'denied',
          by: strOrNull(d.by) ?? e.actor,
          denyReason: granted ? null : strOrNull(d.reason),
        }));
        if (approval?.callId) {
          next = mapItems(next, (i) => i.kind === 'tool' && i.callId === approval.callId && i.status === 'waiting', (i) => ({
            ...(i as ToolItem),
            status: granted ? 'running' : 'failed',
          }));
        }
        return next;
      });
    }
    case 'USAGE':
      return updateTurn(state, turnId, e.seq, (t) => ({
        ...t,
        meta: {
          ...t.meta,
          provider: strOrNull(d.provider) ?? t.meta.provider,
          model: strOrNull(d.model) ?? t.meta.model,
          usage: {
            inputTokens: num(d.inputTokens),
            outputTokens: num(d.outputTokens),
            costUsd: d.costUsd === undefined || d.costUsd === null ? null : num(d.costUsd),
          },
        },
      }));
    case 'PROVIDER_SWITCHED':
      return updateTurn(state, turnId, e.seq, (t) => {
        const to = splitModel(str(d.to));
        return {
          ...t,
          meta: {
            ...t.meta,
            provider: to.provider ?? t.meta.provider,
            model: to.model ?? t.meta.model,
            switches: [...t.meta.switches, { from: str(d.from), to: str(d.to), reason: str(d.reason) }],
          },
        };
      });
    case 'CHECKPOINT_CREATED':
      return updateTurn(state, turnId, e.seq, (t) => ({
        ...t,
        items: [
          ...t.items,
          {
            kind: 'notice',
            key,
            turnId,
            level: 'info',
            text: `Checkpoint ${str(d.commitId).slice(0, 10)}${d.message ? `: ${str(d.message)}` : ''}`,
          },
        ],
      }));
    case 'ERROR':
      return updateTurn(state, turnId, e.seq, (t) => ({
        ...t,
        items: [...t.items, { kind: 'notice', key, turnId, level: 'error', text: str(d.message) || 'The agent reported an error.' }],
      }));
    case 'DONE':
      return updateTurn(state, turnId, e.seq, (t) => {
        const ended = mapItems(endStreaming(t), (i) => i.kind === 'approval' && i.state === 'pending', (i) => ({
          ...(i as ApprovalItem),
          state: 'expired',
        }));
        const tools = mapItems(ended, (i) => i.kind === 'tool' && (i.status === 'running' || i.status === 'waiting'), (i) => ({
          ...(i as ToolItem),
          status: 'failed',
        }));
        const usage =
          d.inputTokens !== undefined || d.outputTokens !== undefined
            ? { inputTokens: num(d.inputTokens), outputTokens: num(d.outputTokens), costUsd: d.costUsd === undefined || d.costUsd === null ? null : num(d.costUsd) }
            : tools.meta.usage;
        return { ...tools, meta: { ...tools.meta, usage, running: false, done: str(d.reason) || 'completed' } };
      });
    default:
      return state; // a type this studio does not know yet
  }
}

// ---- what the panel shows ---------------------------------------------------------------------------

// Turns and histories are immutable (every event makes new objects for what it changes), so what is
// derived from one is kept with it: composing the list for each of the thousands of events a
// joining page replays then costs only the turn that changed, not every turn and message again.
const itemsOfTurn = new WeakMap<LiveTurn, ChatItem[]>();
const turnsOfHistory = new WeakMap<ChatItem[], Set<string>>();

function liveItems(turn: LiveTurn): ChatItem[] {
  const cached = itemsOfTurn.get(turn);
  if (cached) return cached;
  const m = turn.meta;
  const hasMeta = m.provider || m.usage || m.done || m.running || m.switches.length > 0;
  const items = !hasMeta || turn.id.startsWith('~') ? turn.items : [...turn.items, { kind: 'footer' as const, key: `e:footer:${turn.id}`, turnId: turn.id, meta: m }];
  itemsOfTurn.set(turn, items);
  return items;
}

function historyTurnIds(history: ChatItem[]): Set<string> {
  let ids = turnsOfHistory.get(history);
  if (!ids) {
    ids = new Set<string>();
    for (const i of history) if (i.turnId) ids.add(i.turnId);
    turnsOfHistory.set(history, ids);
  }
  return ids;
}

/**
 * Everything to show, oldest first: stored turns except those the stream carries from their
 * beginning, then the live turns in stream order.
 */
export function composeItems(history: ChatItem[], live: LiveState, pending: UserItem[] = []): ChatItem[] {
  const historyTurns = historyTurnIds(history);
  const fromEvents: LiveTurn[] = [];
  const hidden = new Set<string>();
  for (const id of live.order) {
    const t = live.turns[id];
    if (t.began) {
      fromEvents.push(t);
      hidden.add(id);
    } else if (!historyTurns.has(id)) {
      fromEvents.push(t);
    }
  }
  const out = hidden.size === 0 ? history.slice() : history.filter((i) => !i.turnId || !hidden.has(i.turnId));
  for (const t of fromEvents) for (const i of liveItems(t)) out.push(i);
  const shown = new Set(live.order);
  for (const p of pending) if (!p.turnId || !shown.has(p.turnId)) out.push(p);
  return out;
}

/** The turn that still runs (the newest live turn without DONE), if any. */
export function runningTurn(live: LiveState): string | null {
  for (let i = live.order.length - 1; i >= 0; i--) {
    const t = live.turns[live.order[i]];
    if (t.id.startsWith('~')) continue;
    if (t.meta.running && !t.meta.done) return t.id;
  }
  return null;
}

/** Approvals waiting for a decision, oldest first. */
export function pendingApprovals(live: LiveState): ApprovalItem[] {
  const out: ApprovalItem[] = [];
  for (const id of live.order) {
    for (const i of live.turns[id].items) if (i.kind === 'approval' && i.state === 'pending') out.push(i);
  }
  return out;
}
