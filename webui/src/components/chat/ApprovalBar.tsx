import { useState } from 'react';
import { useStore } from 'zustand';
import type { ChatStore } from '../../stores/chat';
import { pendingApprovals } from '../../stores/chatModel';

/** JSON on as few lines as it takes (the bar must stay small). */
function compactJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text;
  }
}

/**
 * The oldest tool call waiting for a decision, above the composer so it cannot be missed. Only the
 * session's owner decides ({@code canDecide}); the others see what waits, and for whom.
 */
export function ApprovalBar({ store, canDecide = true, decider = null }: { store: ChatStore; canDecide?: boolean; decider?: string | null }) {
  const live = useStore(store, (s) => s.live);
  const deciding = useStore(store, (s) => s.deciding);
  const decide = useStore(store, (s) => s.decide);
  const [reason, setReason] = useState('');
  const pending = pendingApprovals(live);
  if (pending.length === 0) return null;
  const a = pending[0];
  const busy = deciding[a.approvalId];

  if (!canDecide) {
    return (
      <div role="status" className="border-t border-amber-600 bg-amber-950/60 px-4 py-2" data-testid="approval-bar">
        <p className="text-sm font-medium text-amber-100">
          The agent wants to run <code className="rounded bg-slate-900 px-1">{a.tool}</code>
          {pending.length > 1 ? ` (1 of ${pending.length} waiting)` : ''}: waiting for {decider ?? 'the session’s owner'} to decide.
        </p>
        {a.reason && <p className="text-xs text-amber-100/90">{a.reason}</p>}
        {a.args && (
          <pre className="mt-1 max-h-20 overflow-auto rounded bg-slate-950 px-2 py-1 font-mono text-xs break-all whitespace-pre-wrap text-slate-200" aria-label="Arguments of the call" data-testid="approval-args">
            {compactJson(a.args)}
          </pre>
        )}
      </div>
    );
  }

  return (
    <div role="alertdialog" aria-labelledby="approval-title" aria-describedby="approval-reason" className="border-t border-amber-600 bg-amber-950/60 px-4 py-2" data-testid="approval-bar">
      <p id="approval-title" className="text-sm font-medium text-amber-100">
        The agent wants to run <code className="rounded bg-slate-900 px-1">{a.tool}</code>
        {pending.length > 1 ? ` (1 of ${pending.length} waiting)` : ''}
      </p>
      {a.reason && (
        <p id="approval-reason" className="text-xs text-amber-100/90">
          {a.reason}
        </p>
      )}
      {a.args && (
        <pre className="mt-1 max-h-20 overflow-auto rounded bg-slate-950 px-2 py-1 font-mono text-xs break-all whitespace-pre-wrap text-slate-200" aria-label="Arguments of the call" data-testid="approval-args">
          {compactJson(a.args)}
        </pre>
      )}
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <button className="btn btn-primary btn-sm" disabled={!!busy} onClick={() => void decide(a.approvalId, true)} data-testid="approve">
          {busy === 'approve' ? 'Approving…' : 'Approve'}
        </button>
        <label className="sr-only" htmlFor="deny-reason">
          Reason for denying (optional)
        </label>
        <input id="deny-reason" className="field w-56 py-1 text-xs" placeholder="Reason (optional)" value={reason} onChange={(e) => setReason(e.target.value)} />
        <button
          className="btn btn-danger btn-sm"
          disabled={!!busy}
          onClick={() => {
            void decide(a.approvalId, false, reason);
            setReason('');
          }}
          data-testid="deny"
        >
          {busy === 'deny' ? 'Denying…' : 'Deny'}
        </button>
      </div>
    </div>
  );
}
