import { useStore } from 'zustand';
import { useAuth } from '../../stores/auth';
import type { ChatStore } from '../../stores/chat';
import type { PresenceEntry } from '../../stores/chatModel';
import { personName } from '../../lib/people';

const STREAM_TEXT: Record<string, string> = {
  idle: 'Not connected',
  connecting: 'Connecting…',
  open: 'Live',
  reconnecting: 'Reconnecting…',
  resyncing: 'Catching up…',
  closed: 'Disconnected',
  failed: 'Disconnected',
};

/** Who is here besides this person ("you"), by name; null when nobody else is. */
export function presenceText(presence: Record<string, PresenceEntry>, me: string | null | undefined): string | null {
  const others = Object.entries(presence).filter(([user]) => user !== me);
  if (others.length === 0) return null;
  const doing = others.map(([user, p]) => `${personName(user, me, p.name)} ${p.state === 'typing' ? 'is typing…' : 'is watching'}`);
  return `Here with you: ${doing.join(' · ')}`;
}

/** Who else is here, the stream's state and the export buttons. */
export function PresenceBar({ store, onExport }: { store: ChatStore; onExport(format: 'markdown' | 'json'): void }) {
  const presence = useStore(store, (s) => s.live.presence);
  const stream = useStore(store, (s) => s.stream);
  const detail = useStore(store, (s) => s.streamDetail);
  const me = useAuth((s) => s.me?.userId);
  const here = presenceText(presence, me);
  const ok = stream === 'open';

  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-slate-800 px-4 py-1.5 text-xs">
      <span role="status" className={`flex items-center gap-1.5 ${ok ? 'text-emerald-300' : stream === 'failed' ? 'text-rose-300' : 'text-amber-200'}`} data-testid="stream-status" title={detail ?? undefined}>
        <span aria-hidden="true" className={`inline-block h-2 w-2 rounded-full ${ok ? 'bg-emerald-400' : stream === 'failed' ? 'bg-rose-400' : 'bg-amber-300'}`} />
        {STREAM_TEXT[stream] ?? stream}
        {stream === 'failed' && detail ? `: ${detail}` : ''}
      </span>
      <span className="text-slate-300" aria-live="polite" data-testid="presence">
        {here ?? 'Nobody else here'}
      </span>
      <span className="ml-auto flex gap-1">
        <button className="btn btn-ghost btn-sm" onClick={() => onExport('markdown')}>
          Export .md
        </button>
        <button className="btn btn-ghost btn-sm" onClick={() => onExport('json')}>
          Export .json
        </button>
      </span>
    </div>
  );
}
