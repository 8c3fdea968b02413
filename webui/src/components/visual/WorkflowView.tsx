import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { tokens, usd } from '../../lib/format';
import { useCommands } from '../../lib/useCommands';
import { pendingApprovals } from '../../stores/chatModel';
import { navigate } from '../../stores/router';
import { useSessionChat } from '../../stores/sessionChat';
import {
  childrenOf,
  composeWorkflow,
  duration,
  formatDuration,
  historyWorkflow,
  summary,
  type ApprovalNode,
  type ToolNode,
  type WorkflowNode,
  type WorkflowTurn,
} from '../../stores/workflow';
import { niceTicks } from './table';

type Tone = 'running' | 'ok' | 'fail' | 'wait' | 'idle' | 'info';

const TONE_BORDER: Record<Tone, string> = {
  running: 'border-l-amber-400',
  wait: 'border-l-violet-400',
  ok: 'border-l-emerald-400',
  fail: 'border-l-rose-400',
  idle: 'border-l-slate-500',
  info: 'border-l-sky-400',
};
const TONE_FILL: Record<Tone, string> = { running: '#fbbf24', wait: '#a78bfa', ok: '#34d399', fail: '#fb7185', idle: '#64748b', info: '#38bdf8' };
const TONE_TEXT: Record<Tone, string> = {
  running: 'text-amber-200',
  wait: 'text-violet-200',
  ok: 'text-emerald-200',
  fail: 'text-rose-200',
  idle: 'text-slate-300',
  info: 'text-sky-200',
};

const TOOL_STATUS: Record<ToolNode['status'], [string, Tone]> = {
  queued: ['queued', 'idle'],
  waiting: ['waiting for approval', 'wait'],
  running: ['running', 'running'],
  done: ['done', 'ok'],
  failed: ['failed', 'fail'],
  denied: ['denied', 'fail'],
  'not-run': ['not run', 'idle'],
};
const APPROVAL_STATUS: Record<ApprovalNode['state'], [string, Tone]> = {
  waiting: ['waiting for a person', 'wait'],
  granted: ['granted', 'ok'],
  denied: ['denied', 'fail'],
  expired: ['expired', 'idle'],
};

function turnTone(t: WorkflowTurn): Tone {
  if (t.status === 'running') return 'running';
  if (t.status === 'completed') return 'ok';
  if (t.status === 'cancelled') return 'idle';
  return 'fail';
}

/** What a node shows: its icon, title, status text and tone. */
export function describe(n: WorkflowNode): { icon: string; title: string; status: string; tone: Tone } {
  switch (n.kind) {
    case 'step': {
      const tone: Tone = n.status === 'running' ? 'running' : n.status === 'done' ? 'ok' : n.status === 'failed' ? 'fail' : 'idle';
      const who = [n.provider, n.model].filter(Boolean).join('/');
      return { icon: '◆', title: `Model call ${n.index}${who ? ` · ${who}` : ''}`, status: n.status === 'done' ? 'answered' : n.status, tone };
    }
    case 'tool': {
      const [status, tone] = TOOL_STATUS[n.status];
      return { icon: '⚙', title: n.tool, status, tone };
    }
    case 'approval': {
      const [status, tone] = APPROVAL_STATUS[n.state];
      return { icon: '⚑', title: `Approval for ${n.tool}`, status: n.by && n.state !== 'waiting' ? `${status} by ${n.by}` : status, tone };
    }
    case 'switch':
      return { icon: '⇄', title: `Switched to ${n.to}`, status: n.reason ? `from ${n.from}: ${n.reason}` : `from ${n.from}`, tone: 'wait' };
    case 'checkpoint':
      return { icon: '✓', title: `Checkpoint ${n.commitId.slice(0, 10)}`, status: n.message ?? '', tone: 'info' };
    case 'error':
      return { icon: '!', title: 'Error', status: n.message, tone: 'fail' };
  }
}

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function clock(ms: number | null, start: number | null): string {
  if (ms === null) return '—';
  const t = new Date(ms).toLocaleTimeString();
  return start !== null && ms >= start ? `${t} (+${formatDuration(ms - start)})` : t;
}

/** The current time, ticking every second while {@code ticking}. */
function useNow(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [ticking]);
  return now;
}

const STREAM_TEXT: Record<string, string> = {
  open: 'live',
  connecting: 'connecting…',
  reconnecting: 'reconnecting…',
  resyncing: 'catching up…',
  failed: 'not following the session',
};

/** The dev-tools view: a live diagram of the session's agent run, built from its events. */
export default function WorkflowView({ org, project, session, active }: { org: string; project: string; session: string; active: boolean }) {
  const { chat, workflow } = useSessionChat(org, session);
  const run = useStore(workflow);
  const history = useStore(chat, (s) => s.history);
  const historyState = useStore(chat, (s) => s.historyState);
  const historyError = useStore(chat, (s) => s.historyError);
  const stream = useStore(chat, (s) => s.stream);
  const streamDetail = useStore(chat, (s) => s.streamDetail);
  const live = useStore(chat, (s) => s.live);
  const deciding = useStore(chat, (s) => s.deciding);
  const historyTurns = useMemo(() => historyWorkflow(history), [history]);
  const turns = useMemo(() => composeWorkflow(historyTurns, run), [historyTurns, run]);
  const [follow, setFollow] = useState(true);
  const [chosen, setChosen] = useState<string | null>(null);
  const [selected, setSelected] = useState<string>('turn');
  const detailsId = useId();
  const flowRef = useRef<HTMLOListElement>(null);

  const last = turns[turns.length - 1] ?? null;
  const turn = (follow ? last : (turns.find((t) => t.id === chosen) ?? last)) ?? null;
  const position = turn ? turns.indexOf(turn) : -1;
  const now = useNow(active && turn?.status === 'running');
  const node = [...(turn?.nodes ?? []), ...run.session].find((n) => n.id === selected) ?? null;
  const pending = new Set(pendingApprovals(live).map((a) => a.approvalId));

  const choose = (i: number) => {
    const t = turns[Math.max(0, Math.min(turns.length - 1, i))];
    if (!t) return;
    setChosen(t.id);
    setFollow(t === last);
    setSelected('turn');
  };

  useCommands(
    active
      ? [
          { id: 'workflow:follow', section: 'Workflow', title: follow ? 'Stop following the newest turn' : 'Follow the newest turn', run: () => setFollow((f) => !f) },
          ...(position > 0 ? [{ id: 'workflow:previous', section: 'Workflow', title: 'Show the previous turn', run: () => choose(position - 1) }] : []),
          ...(position >= 0 && position < turns.length - 1 ? [{ id: 'workflow:next', section: 'Workflow', title: 'Show the next turn', run: () => choose(position + 1) }] : []),
          { id: 'workflow:chat', section: 'Workflow', title: 'Open the chat of this session', run: () => navigate({ name: 'session', org, project, session, tab: 'chat' }) },
        ]
      : [],
    [active, follow, position, turns.length, org, project, session],
  );

  const onFlowKey = (e: React.KeyboardEvent) => {
    if (!['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(e.key)) return;
    const buttons = Array.from(flowRef.current?.querySelectorAll<HTMLButtonElement>('[data-wf-node]') ?? []);
    const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = e.key === 'Home' ? 0 : e.key === 'End' ? buttons.length - 1 : e.key === 'ArrowDown' ? Math.min(buttons.length - 1, i + 1) : Math.max(0, i - 1);
    const b = buttons[next];
    if (!b) return;
    e.preventDefault();
    b.focus();
    setSelected(b.dataset.wfNode!);
  };

  const streamText = STREAM_TEXT[stream];

  return (
    <div className="flex h-full min-h-0 flex-col" data-testid="workflow-view">
      <div className="flex flex-wrap items-center gap-2 border-b border-slate-800 px-3 py-2">
        <label htmlFor={`${detailsId}-turn`} className="text-sm text-slate-200">
          Turn
        </label>
        <select
          id={`${detailsId}-turn`}
          className="field w-auto max-w-full min-w-0 flex-1 py-1 sm:max-w-md"
          value={turn?.id ?? ''}
          onChange={(e) => choose(turns.findIndex((t) => t.id === e.target.value))}
          disabled={turns.length === 0}
          data-testid="workflow-turn"
        >
          {turns.length === 0 && <option value="">No turn yet</option>}
          {turns.map((t, i) => (
            <option key={t.id} value={t.id}>
              {`${i + 1}. ${t.startedAt ? new Date(t.startedAt).toLocaleTimeString() : ''} ${t.text ? `“${t.text.slice(0, 40)}${t.text.length > 40 ? '…' : ''}”` : ''} · ${t.status}`}
            </option>
          ))}
        </select>
        <button className="btn btn-sm" onClick={() => choose(position - 1)} disabled={position <= 0} aria-label="Previous turn">
          ←
        </button>
        <button className="btn btn-sm" onClick={() => choose(position + 1)} disabled={position < 0 || position >= turns.length - 1} aria-label="Next turn">
          →
        </button>
        <label className="inline-flex items-center gap-1.5 text-sm text-slate-200">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} />
          Follow the newest
        </label>
        {streamText && (
          <span className={`ml-auto text-xs ${stream === 'open' ? 'text-emerald-200' : stream === 'failed' ? 'text-rose-200' : 'text-amber-200'}`} role="status" title={streamDetail ?? undefined}>
            {stream === 'open' && <span aria-hidden="true">● </span>}
            {streamText}
          </span>
        )}
      </div>
      <div className="flex min-h-0 flex-1 flex-col lg:flex-row">
        <div className="min-h-0 min-w-0 flex-1 overflow-auto p-3">
          {historyError && <p className="mb-2 text-xs text-amber-100">The stored conversation could not be read ({historyError}): only the live events are shown.</p>}
          {!turn && (
            <p className="max-w-prose text-sm text-slate-300">
              {historyState === 'loading' || historyState === 'idle'
                ? 'Loading the run…'
                : 'No agent run in this session yet. Send a message in the chat: each model call, tool call, approval and checkpoint appears here while it happens.'}
            </p>
          )}
          {turn && (
            <>
              <TurnHeader turn={turn} now={now} />
              <Timeline turn={turn} now={now} selected={selected} onSelect={setSelected} />
              <ol ref={flowRef} className="mt-3 space-y-1" aria-label={`Steps of turn ${position + 1}`} onKeyDown={onFlowKey} data-testid="workflow-flow">
                <li>
                  <NodeButton
                    id="turn"
                    selected={selected === 'turn'}
                    onSelect={setSelected}
                    controls={detailsId}
                    tone="info"
                    icon="✉"
                    title={turn.author ? `Message from ${turn.author}` : 'Message'}
                    status={turn.text ? `“${turn.text.slice(0, 80)}${turn.text.length > 80 ? '…' : ''}”` : turn.began ? '' : 'joined while the turn ran'}
                    time={turn.startedAt ? new Date(turn.startedAt).toLocaleTimeString() : ''}
                  />
                </li>
                {childrenOf(turn, 0).length > 0 && (
                  <li>
                    <Children turn={turn} step={0} now={now} selected={selected} onSelect={setSelected} controls={detailsId} />
                  </li>
                )}
                {turn.nodes
                  .filter((n) => n.kind === 'step')
                  .map((s) => (
                    <li key={s.id}>
                      <NodeRow node={s} now={now} selected={selected} onSelect={setSelected} controls={detailsId} />
                      <Children turn={turn} step={s.kind === 'step' ? s.index : 0} now={now} selected={selected} onSelect={setSelected} controls={detailsId} />
                    </li>
                  ))}
                <li>
                  <NodeButton
                    id="turn-end"
                    selected={selected === 'turn-end'}
                    onSelect={setSelected}
                    controls={detailsId}
                    tone={turnTone(turn)}
                    icon={turn.status === 'running' ? '…' : '■'}
                    title={turn.status === 'running' ? 'Running' : `Ended: ${turn.status}`}
                    status={[formatDuration(duration(turn, now)), turn.costUsd !== null ? usd(turn.costUsd) : '', turn.inputTokens + turn.outputTokens > 0 ? `${tokens(turn.inputTokens)} in / ${tokens(turn.outputTokens)} out` : '']
                      .filter(Boolean)
                      .join(' · ')}
                    time={turn.endedAt ? new Date(turn.endedAt).toLocaleTimeString() : ''}
                  />
                </li>
              </ol>
            </>
          )}
          {run.session.length > 0 && (
            <section className="mt-4" aria-label="Outside the turns">
              <h3 className="mb-1 text-xs font-semibold tracking-wide text-slate-300 uppercase">Outside the turns</h3>
              <ul className="space-y-1">
                {run.session.slice(-10).map((n) => (
                  <li key={n.id}>
                    <NodeRow node={n} now={now} selected={selected} onSelect={setSelected} controls={detailsId} />
                  </li>
                ))}
              </ul>
            </section>
          )}
        </div>
        <aside id={detailsId} aria-label="Details of the selected step" className="max-h-[45%] min-h-0 overflow-y-auto border-t border-slate-800 p-3 text-sm lg:max-h-none lg:w-96 lg:border-t-0 lg:border-l" data-testid="workflow-details">
          {turn && (selected === 'turn' || selected === 'turn-end' || !node) && <TurnDetails turn={turn} now={now} />}
          {node && (
            <NodeDetails
              key={node.id}
              node={node}
              turn={turn}
              now={now}
              pending={node.kind === 'approval' && pending.has(node.approvalId)}
              deciding={node.kind === 'approval' ? deciding[node.approvalId] : undefined}
              onDecide={(approve, reason) => node.kind === 'approval' && void chat.getState().decide(node.approvalId, approve, reason)}
              onCheckpoints={() => navigate({ name: 'session', org, project, session, tab: 'checkpoints' })}
            />
          )}
          {!turn && !node && <p className="text-slate-300">Select a step of the diagram to see its details.</p>}
        </aside>
      </div>
    </div>
  );
}

function TurnHeader({ turn, now }: { turn: WorkflowTurn; now: number }) {
  const s = summary(turn);
  const tone = turnTone(turn);
  return (
    <p className="mb-2 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-200" data-testid="workflow-summary">
      <span className={`rounded-full border px-2 py-0.5 font-semibold ${TONE_TEXT[tone]} border-current`}>{turn.status}</span>
      <span>{formatDuration(duration(turn, now))}</span>
      <span>
        {s.steps} model {s.steps === 1 ? 'call' : 'calls'} · {s.tools} tool {s.tools === 1 ? 'call' : 'calls'}
        {s.failed ? ` (${s.failed} failed)` : ''}
        {s.approvals ? ` · ${s.approvals} ${s.approvals === 1 ? 'approval' : 'approvals'}` : ''}
        {s.switches ? ` · ${s.switches} provider ${s.switches === 1 ? 'switch' : 'switches'}` : ''}
      </span>
      {(turn.provider || turn.model) && <span className="font-mono">{[turn.provider, turn.model].filter(Boolean).join('/')}</span>}
      {turn.fromHistory && <span className="text-slate-300">times from the stored conversation</span>}
    </p>
  );
}

interface SelectProps {
  selected: string;
  onSelect(id: string): void;
  controls: string;
}

function NodeButton({ id, selected, onSelect, controls, tone, icon, title, status, time }: { id: string; tone: Tone; icon: string; title: string; status: string; time: string } & Omit<SelectProps, 'selected'> & { selected: boolean }) {
  return (
    <button
      data-wf-node={id}
      aria-pressed={selected}
      aria-controls={controls}
      onClick={() => onSelect(id)}
      className={`flex w-full min-w-0 items-start gap-2 rounded-md border border-l-4 px-2 py-1 text-left text-sm ${TONE_BORDER[tone]} ${selected ? 'border-y-sky-400 border-r-sky-400 bg-slate-800' : 'border-y-slate-800 border-r-slate-800 bg-slate-900 hover:bg-slate-800/70'}`}
    >
      <span aria-hidden="true" className={`w-4 shrink-0 text-center ${TONE_TEXT[tone]} ${tone === 'running' ? 'animate-pulse' : ''}`}>
        {icon}
      </span>
      <span className="min-w-0 flex-1">
        <span className="block truncate font-medium text-slate-100">{title}</span>
        {status && <span className={`block truncate text-xs ${TONE_TEXT[tone]}`}>{status}</span>}
      </span>
      {time && <span className="shrink-0 text-xs text-slate-300 tabular-nums">{time}</span>}
    </button>
  );
}

function NodeRow({ node, now, ...select }: { node: WorkflowNode; now: number } & SelectProps) {
  const d = describe(node);
  const timed = node.kind === 'step' || node.kind === 'tool' || node.kind === 'approval';
  const ms = timed ? duration(node, now) : null;
  let extra = '';
  if (node.kind === 'step' && node.inputTokens !== null) extra = ` · ${tokens(node.inputTokens)} in / ${tokens(node.outputTokens ?? 0)} out${node.costUsd !== null ? ` · ${usd(node.costUsd)}` : ''}`;
  if (node.kind === 'step' && node.calls.length > 0) extra += ` · ${node.calls.length} tool ${node.calls.length === 1 ? 'call' : 'calls'}`;
  return (
    <NodeButton
      id={node.id}
      selected={select.selected === node.id}
      onSelect={select.onSelect}
      controls={select.controls}
      tone={d.tone}
      icon={d.icon}
      title={d.title}
      status={`${d.status}${ms !== null ? ` · ${formatDuration(ms)}` : ''}${extra}`}
      time={node.startedAt ? new Date(node.startedAt).toLocaleTimeString() : ''}
    />
  );
}

/** A step's tool calls (each with its approval below it), switches, errors and checkpoints. */
function Children({ turn, step, now, ...select }: { turn: WorkflowTurn; step: number; now: number } & SelectProps) {
  const children = childrenOf(turn, step);
  const attached = new Set(children.filter((n): n is ToolNode => n.kind === 'tool' && n.approvalId !== null).map((n) => n.approvalId));
  const shown = children.filter((n) => !(n.kind === 'approval' && attached.has(n.approvalId)));
  if (shown.length === 0) return null;
  return (
    <ul className="mt-1 ml-3 space-y-1 border-l-2 border-slate-700 pl-3">
      {shown.map((n) => {
        const approval = n.kind === 'tool' && n.approvalId ? children.find((c): c is ApprovalNode => c.kind === 'approval' && c.approvalId === n.approvalId) : undefined;
        return (
          <li key={n.id}>
            <NodeRow node={n} now={now} {...select} />
            {approval && (
              <div className="mt-1 ml-3 border-l-2 border-dashed border-slate-600 pl-3">
                <NodeRow node={approval} now={now} {...select} />
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}

const ROW = 18;
const MAX_ROWS = 80;

/** The turn on a time axis: a bar per model call, tool call and approval, a mark per instant. */
function Timeline({ turn, now, selected, onSelect }: { turn: WorkflowTurn; now: number; selected: string; onSelect(id: string): void }) {
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(640);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setWidth(Math.max(260, Math.floor(el.getBoundingClientRect().width) || 640));
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const rows = turn.nodes.filter((n) => n.startedAt !== null || n.kind === 'tool').slice(0, MAX_ROWS);
  const starts = rows.map((n) => n.startedAt ?? (n.kind === 'tool' ? n.requestedAt : null)).filter((v): v is number => v !== null);
  const t0 = turn.startedAt ?? (starts.length ? Math.min(...starts) : null);
  if (t0 === null || rows.length === 0) return null;
  const ends = rows.map((n) => n.endedAt ?? (n.startedAt !== null ? now : null)).filter((v): v is number => v !== null);
  const t1 = Math.max(t0 + 1000, turn.endedAt ?? (turn.status === 'running' ? now : Math.max(t0, ...ends)), ...ends);
  const labelW = width < 480 ? 96 : 150;
  const plotW = width - labelW - 12;
  const height = rows.length * ROW + 24;
  const x = (t: number) => labelW + ((t - t0) / (t1 - t0)) * plotW;
  const ticks = niceTicks(0, (t1 - t0) / 1000, Math.max(2, Math.floor(plotW / 80))).filter((v) => v >= 0 && v <= (t1 - t0) / 1000 + 1e-9);
  const running = rows.filter((n) => n.startedAt !== null && n.endedAt === null).length;

  return (
    <div ref={box} className="w-full overflow-hidden rounded-md border border-slate-800 bg-slate-900/60" data-testid="workflow-timeline">
      <svg
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`Timeline of the turn: ${rows.length} items over ${formatDuration(t1 - t0)}${running ? `, ${running} still running` : ''}. The list below has the same items.`}
        className="block"
      >
        {ticks.map((s) => (
          <g key={s}>
            <line x1={x(t0 + s * 1000)} x2={x(t0 + s * 1000)} y1={0} y2={height - 16} stroke="#1e293b" />
            <text x={x(t0 + s * 1000)} y={height - 4} fontSize={10} fill="#cbd5e1" textAnchor="middle">
              {s}s
            </text>
          </g>
        ))}
        {rows.map((n, i) => {
          const d = describe(n);
          const y = i * ROW + 2;
          const start = n.startedAt;
          const end = n.endedAt ?? now;
          const isSelected = selected === n.id;
          const label = n.kind === 'step' ? `model call ${n.index}` : n.kind === 'tool' ? n.tool : n.kind === 'approval' ? `approval` : d.title;
          return (
            <g key={n.id} onClick={() => onSelect(n.id)} className="cursor-pointer">
              {isSelected && <rect x={0} y={y - 1} width={width} height={ROW} fill="#1e293b" />}
              <text x={n.kind === 'step' ? 4 : 14} y={y + ROW / 2} dy="0.1em" fontSize={11} fill={isSelected ? '#ffffff' : '#cbd5e1'}>
                {label.length > (labelW - 16) / 6.5 ? `${label.slice(0, Math.floor((labelW - 16) / 6.5) - 1)}…` : label}
              </text>
              {start !== null && (n.kind === 'step' || n.kind === 'tool' || n.kind === 'approval') ? (
                <rect x={x(start)} y={y + 3} width={Math.max(2, x(end) - x(start))} height={ROW - 8} rx={2} fill={TONE_FILL[d.tone]} opacity={n.endedAt === null ? 0.75 : 1}>
                  <title>{`${d.title}: ${d.status}, ${formatDuration(end - start)}`}</title>
                </rect>
              ) : start !== null ? (
                <polygon
                  points={`${x(start)},${y + 2} ${x(start) + 6},${y + ROW / 2 - 1} ${x(start)},${y + ROW - 4} ${x(start) - 6},${y + ROW / 2 - 1}`}
                  fill={TONE_FILL[d.tone]}
                >
                  <title>{`${d.title}: ${d.status}`}</title>
                </polygon>
              ) : n.kind === 'tool' && n.requestedAt !== null ? (
                <circle cx={x(n.requestedAt)} cy={y + ROW / 2 - 1} r={3} fill="none" stroke={TONE_FILL[d.tone]}>
                  <title>{`${d.title}: ${d.status}`}</title>
                </circle>
              ) : null}
            </g>
          );
        })}
      </svg>
      {turn.nodes.length > MAX_ROWS && <p className="px-2 pb-1 text-xs text-slate-300">The first {MAX_ROWS} of {turn.nodes.length} items are on the timeline.</p>}
    </div>
  );
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <>
      <dt className="text-xs text-slate-300">{label}</dt>
      <dd className="mb-1.5 min-w-0 break-words text-slate-100">{children}</dd>
    </>
  );
}

function Block({ label, text, note }: { label: string; text: string; note?: string }) {
  return (
    <div className="mt-2">
      <p className="text-xs text-slate-300">
        {label}
        {note ? ` · ${note}` : ''}
      </p>
      <pre className="mt-1 max-h-64 overflow-auto rounded border border-slate-700 bg-slate-950 p-2 font-mono text-xs whitespace-pre-wrap text-slate-100">{text || '(empty)'}</pre>
    </div>
  );
}

function TurnDetails({ turn, now }: { turn: WorkflowTurn; now: number }) {
  const s = summary(turn);
  return (
    <div>
      <h3 className="mb-2 font-semibold">Turn</h3>
      <dl>
        <Field label="Status">{turn.status}{turn.cancelledBy ? ` (by ${turn.cancelledBy})` : ''}</Field>
        <Field label="Asked by">{turn.author ?? '—'}</Field>
        <Field label="Started">{clock(turn.startedAt, null)}</Field>
        <Field label="Ended">{clock(turn.endedAt, turn.startedAt)}</Field>
        <Field label="Duration">{formatDuration(duration(turn, now))}</Field>
        <Field label="Provider and model">{[turn.provider, turn.model].filter(Boolean).join('/') || '—'}</Field>
        <Field label="Tokens">{turn.inputTokens + turn.outputTokens > 0 ? `${turn.inputTokens} in, ${turn.outputTokens} out` : '—'}</Field>
        <Field label="Cost">{turn.costUsd !== null ? usd(turn.costUsd) : '—'}</Field>
        <Field label="Steps">{`${s.steps} model calls, ${s.tools} tool calls (${s.failed} failed or denied), ${s.approvals} approvals, ${s.switches} provider switches`}</Field>
      </dl>
      {turn.text && <Block label="Message" text={turn.text} />}
      {turn.fromHistory && <p className="mt-2 text-xs text-slate-300">Parts of this turn come from the stored conversation: their times are when each message was stored.</p>}
    </div>
  );
}

function NodeDetails({
  node,
  turn,
  now,
  pending,
  deciding,
  onDecide,
  onCheckpoints,
}: {
  node: WorkflowNode;
  turn: WorkflowTurn | null;
  now: number;
  pending: boolean;
  deciding?: 'approve' | 'deny';
  onDecide(approve: boolean, reason: string | null): void;
  onCheckpoints(): void;
}) {
  const [reason, setReason] = useState('');
  const start = turn?.startedAt ?? null;
  const d = describe(node);
  const times = (
    <>
      <Field label="Started">{clock(node.startedAt, start)}</Field>
      <Field label="Ended">{node.endedAt === null && node.startedAt !== null ? 'still running' : clock(node.endedAt, start)}</Field>
      <Field label="Duration">{formatDuration(duration(node, now))}</Field>
    </>
  );
  return (
    <div data-testid="workflow-node-details">
      <h3 className="mb-2 font-semibold">
        <span aria-hidden="true" className={TONE_TEXT[d.tone]}>
          {d.icon}{' '}
        </span>
        {d.title}
      </h3>
      <dl>
        <Field label="Status">{d.status || '—'}</Field>
        {node.kind === 'step' && (
          <>
            {times}
            <Field label="Provider and model">{[node.provider, node.model].filter(Boolean).join('/') || '—'}</Field>
            <Field label="Tokens">{node.inputTokens !== null ? `${node.inputTokens} in, ${node.outputTokens ?? 0} out` : 'not reported yet'}</Field>
            <Field label="Cost">{node.costUsd !== null ? usd(node.costUsd) : '—'}</Field>
            <Field label="Answer">{`${node.chars} characters, ${node.calls.length} tool calls`}</Field>
          </>
        )}
        {node.kind === 'tool' && (
          <>
            <Field label="Asked for">{clock(node.requestedAt, start)}</Field>
            {times}
            <Field label="Call id">
              <span className="font-mono text-xs">{node.callId}</span>
            </Field>
          </>
        )}
        {node.kind === 'approval' && (
          <>
            <Field label="Why it needs a person">{node.reason ?? '—'}</Field>
            <Field label="Asked">{clock(node.startedAt, start)}</Field>
            <Field label="Decided">{node.endedAt === null ? 'not yet' : clock(node.endedAt, start)}</Field>
            <Field label="Waited">{formatDuration(duration(node, now))}</Field>
            {node.by && <Field label="By">{node.by}</Field>}
            {node.denyReason && <Field label="Reason given">{node.denyReason}</Field>}
          </>
        )}
        {node.kind === 'switch' && (
          <>
            <Field label="At">{clock(node.startedAt, start)}</Field>
            <Field label="From">{node.from}</Field>
            <Field label="To">{node.to}</Field>
            <Field label="Why">{node.reason || '—'}</Field>
          </>
        )}
        {node.kind === 'checkpoint' && (
          <>
            <Field label="At">{clock(node.startedAt, start)}</Field>
            <Field label="Commit">
              <span className="font-mono text-xs">{node.commitId}</span>
            </Field>
            <Field label="Message">{node.message ?? '—'}</Field>
          </>
        )}
        {node.kind === 'error' && (
          <>
            <Field label="At">{clock(node.startedAt, start)}</Field>
            <Field label="Can be retried">{node.retryable ? 'yes' : 'no'}</Field>
          </>
        )}
      </dl>
      {node.kind === 'step' && node.text && <Block label="Answer text" text={node.text} note={node.chars > node.text.length ? 'the beginning' : undefined} />}
      {node.kind === 'tool' && <Block label="Arguments" text={prettyJson(node.args)} />}
      {node.kind === 'tool' && node.output !== null && <Block label={node.error ? 'Output (error)' : 'Output'} text={node.output} note={node.truncated ? 'shortened' : undefined} />}
      {node.kind === 'approval' && node.args && <Block label="Arguments" text={prettyJson(node.args)} />}
      {node.kind === 'error' && <Block label="Message" text={node.message} />}
      {node.kind === 'approval' && pending && (
        <div className="mt-3 rounded border border-violet-500 p-2">
          <label htmlFor="wf-deny-reason" className="label">
            Reason (optional, for a denial)
          </label>
          <input id="wf-deny-reason" className="field py-1" value={reason} onChange={(e) => setReason(e.target.value)} />
          <div className="mt-2 flex gap-2">
            <button className="btn btn-primary btn-sm" disabled={!!deciding} onClick={() => onDecide(true, null)}>
              {deciding === 'approve' ? 'Approving…' : 'Approve'}
            </button>
            <button className="btn btn-danger btn-sm" disabled={!!deciding} onClick={() => onDecide(false, reason)}>
              {deciding === 'deny' ? 'Denying…' : 'Deny'}
            </button>
          </div>
        </div>
      )}
      {node.kind === 'checkpoint' && (
        <button className="btn btn-sm mt-3" onClick={onCheckpoints}>
          Show in Checkpoints
        </button>
      )}
    </div>
  );
}
