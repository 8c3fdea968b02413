import { useStore } from 'zustand';
import type { ChatStore } from '../../stores/chat';
import { ChatError } from './ChatError';
import { runningTurn } from '../../stores/chatModel';

/**
 * In place of the composer for everybody but the session's owner: only the owner drives the agent.
 * Those who may (Team Admins of the session's team, Organisation Admins) can still cancel a turn.
 */
export function WatchNotice({ store, owner, canCancel, final }: { store: ChatStore; owner: string; canCancel: boolean; final: boolean }) {
  const running = useStore(store, (s) => runningTurn(s.live));
  const cancelling = useStore(store, (s) => s.cancelling);

  return (
    <div className="border-t border-slate-800 bg-slate-900 px-4 py-3" data-testid="watch-notice">
      <ChatError store={store} />
      <div className="flex flex-wrap items-center gap-2">
        <p role="status" className="flex-1 text-sm text-slate-300">
          {final ? (
            <>
              This session of <strong className="text-slate-100">{owner}</strong> has ended.
            </>
          ) : (
            <>
              <strong className="text-slate-100">{owner}</strong> is driving this session; you are watching.
            </>
          )}
        </p>
        {canCancel && running && (
          <button type="button" className="btn btn-danger btn-sm" onClick={() => void store.getState().cancel()} disabled={cancelling} data-testid="cancel-turn">
            {cancelling ? 'Cancelling…' : 'Cancel the turn'}
          </button>
        )}
      </div>
    </div>
  );
}
