import { useStore } from 'zustand';
import { useAuth } from '../../stores/auth';
import type { ChatStore } from '../../stores/chat';

const STREAM_TEXT: Record<string, string> = {
  idle: 'Not connected',
  connecting: 'Connecting…',
  open: 'Live',
  reconnecting: 'Reconnecting…',
  resyncing: 'Catching up…',
  closed: 'Disconnected',
  failed: 'Disconnected',
};

/** Who else is here, the stream's state and the export buttons. */
export function PresenceBar({ store, onExport }: { store: ChatStore; onExport(format: 'markdown' | 'json'): void }) {
  const presence = useStore(store, (s) => s.live.presence);
  const stream = useStore(store, (s) => s.stream);
  const detail = useStore(store, (s) => s.streamDetail);
  const me = useAuth((s) => s.me?.userId);
  const others = Object.entries(presence).filter(([user]) => user !== me);
  const ok = stream === 'open';

  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-slate-800 px-4 py-1.5 text-xs">
      <span role="status" className={`flex items-center gap-1.5 ${ok ? 'text-emerald-300' : stream === 'failed' ? 'text-rose-300' : 'text-amber-200'}`} data-testid="stream-status" title={detail ?? undefined}>
        <span aria-hidden="true" className={`inline-block h-2 w-2 rounded-full ${ok ? 'bg-emerald-400' : stream === 'failed' ? 'bg-rose-400' : 'bg-amber-300'}`} />
        {STREAM_TEXT[stream] ?? stream}
        {stream === 'failed' && detail ? `: ${detail}` : ''}
      </span>
      <span className="text-slate-300" aria-live="polite" data-testid="presence">
        {others.length === 0
          ? 'Nobody else here'
          : others.map(([user, p]) => `${user} ${p.state === 'typing' ? 'is typing…' : 'is watching'}`).join(' · ')}
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
