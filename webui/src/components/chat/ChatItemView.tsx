import { memo, useState } from 'react';
import type { ApprovalItem, ChatItem, ToolItem, TurnFooterItem } from '../../stores/chatModel';
import { dateTime, tokens, usd } from '../../lib/format';
import { Markdown } from './Markdown';

type Decide = (approvalId: string, approve: boolean, reason?: string | null) => Promise<void>;

/** One item of the conversation. */
export const ChatItemView = memo(function ChatItemView({ item, deciding, onDecide }: { item: ChatItem; deciding?: 'approve' | 'deny'; onDecide: Decide }) {
  switch (item.kind) {
    case 'user':
      return (
        <div className="flex justify-end py-2" data-testid="msg-user">
          <div className={`max-w-[85%] rounded-lg bg-sky-900/70 px-3 py-2 ${item.pending ? 'opacity-70' : ''}`}>
            <p className="mb-1 text-[11px] text-sky-200">
              {item.authorId ?? 'You'}
              {item.pending ? ' · sending…' : item.at ? ` · ${dateTime(item.at)}` : ''}
            </p>
            <p className="text-sm break-words whitespace-pre-wrap text-white">{item.text}</p>
          </div>
        </div>
      );
    case 'assistant':
      return (
        <div className="py-2" data-testid="msg-assistant" aria-busy={item.streaming}>
          <Markdown text={item.text} />
          {item.streaming && <span className="ml-0.5 inline-block h-4 w-2 animate-pulse bg-sky-300 align-middle" aria-label="The agent is writing" />}
        </div>
      );
    case 'tool':
      return <ToolCard item={item} />;
    case 'approval':
      return <ApprovalCard item={item} deciding={deciding} onDecide={onDecide} />;
    case 'notice':
      return (
        <p
          className={`my-1 rounded px-3 py-1.5 text-xs ${item.level === 'error' ? 'border border-rose-700 bg-rose-950 text-rose-100' : 'text-slate-300'}`}
          role={item.level === 'error' ? 'alert' : undefined}
          data-testid={`notice-${item.level}`}
        >
          {item.text}
        </p>
      );
    case 'footer':
      return <TurnFooter item={item} />;
  }
});

const STATUS_TEXT: Record<ToolItem['status'], string> = { running: 'running', waiting: 'waiting for approval', done: 'done', failed: 'failed' };
const STATUS_STYLE: Record<ToolItem['status'], string> = {
  running: 'text-amber-200',
  waiting: 'text-amber-200',
  done: 'text-emerald-300',
  failed: 'text-rose-300',
};

export function prettyJson(text: string): string {
  if (!text.trim()) return '';
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text; // still streaming, or not JSON
  }
}

function ToolCard({ item }: { item: ToolItem }) {
  const [open, setOpen] = useState(false);
  const args = prettyJson(item.args);
  return (
    <div className="my-1.5 rounded-md border border-slate-700 bg-slate-900" data-testid="tool-card">
      <button className="flex w-full items-center gap-2 px-3 py-1.5 text-left text-xs" aria-expanded={open} onClick={() => setOpen((v) => !v)}>
        <span aria-hidden="true">{open ? '▾' : '▸'}</span>
        <span className="font-mono text-slate-100">{item.tool}</span>
        <span className={STATUS_STYLE[item.status]}>{STATUS_TEXT[item.status]}</span>
        {item.truncated && <span className="text-slate-400">(output truncated)</span>}
      </button>
      {open && (
        <div className="space-y-2 border-t border-slate-700 px-3 py-2">
          <div>
            <p className="label">Arguments</p>
            <pre className="max-h-64 overflow-auto rounded bg-slate-950 p-2 font-mono text-xs whitespace-pre-wrap text-slate-200">{args || '—'}</pre>
          </div>
          <div>
            <p className="label">Output</p>
            <pre className={`max-h-80 overflow-auto rounded bg-slate-950 p-2 font-mono text-xs whitespace-pre-wrap ${item.error ? 'text-rose-200' : 'text-slate-200'}`}>
              {item.output ?? (item.status === 'failed' ? '—' : '…')}
            </pre>
          </div>
        </div>
      )}
    </div>
  );
}

function ApprovalCard({ item, deciding, onDecide }: { item: ApprovalItem; deciding?: 'approve' | 'deny'; onDecide: Decide }) {
  const label = {
    pending: 'waits for approval',
    granted: `approved${item.by ? ` by ${item.by}` : ''}`,
    denied: `denied${item.by ? ` by ${item.by}` : ''}${item.denyReason ? `: ${item.denyReason}` : ''}`,
    expired: 'no longer waiting (the turn ended)',
  }[item.state];
  return (
    <div className={`my-1.5 rounded-md border px-3 py-2 text-xs ${item.state === 'pending' ? 'border-amber-500 bg-amber-950/40' : 'border-slate-700'}`} data-testid="approval-card">
      <p>
        <span className="font-mono">{item.tool}</span> <span className="text-slate-300">{label}</span>
      </p>
      {item.reason && <p className="mt-1 text-slate-300">{item.reason}</p>}
      {item.args && item.state === 'pending' && <pre className="mt-1 max-h-32 overflow-auto rounded bg-slate-950 p-2 font-mono whitespace-pre-wrap text-slate-200">{prettyJson(item.args)}</pre>}
      {item.state === 'pending' && (
        <div className="mt-2 flex gap-2">
          <button className="btn btn-primary btn-sm" disabled={!!deciding} onClick={() => void onDecide(item.approvalId, true)}>
            {deciding === 'approve' ? 'Approving…' : 'Approve'}
          </button>
          <button className="btn btn-danger btn-sm" disabled={!!deciding} onClick={() => void onDecide(item.approvalId, false)}>
            {deciding === 'deny' ? 'Denying…' : 'Deny'}
          </button>
        </div>
      )}
    </div>
  );
}

function TurnFooter({ item }: { item: TurnFooterItem }) {
  const m = item.meta;
  const parts: string[] = [];
  if (m.provider) parts.push(m.model ? `${m.provider}/${m.model}` : m.provider);
  if (m.usage) {
    parts.push(`${tokens(m.usage.inputTokens)} in / ${tokens(m.usage.outputTokens)} out tokens`);
    if (m.usage.costUsd !== null) parts.push(usd(m.usage.costUsd));
  }
  const state = m.done ? (m.done === 'completed' ? '' : m.done) : m.running ? 'answering…' : '';
  if (state) parts.push(state);
  return (
    <div className="mb-3 border-b border-slate-800 pb-2 text-[11px] text-slate-400" data-testid="turn-footer">
      {m.switches.map((s, i) => (
        <p key={i} className="text-amber-200">
          Switched from {s.from} to {s.to}
          {s.reason ? ` (${s.reason})` : ''}
        </p>
      ))}
      <p>{parts.join(' · ')}</p>
    </div>
  );
}
