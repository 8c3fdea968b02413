import { useStore } from 'zustand';
import type { ChatStore } from '../../stores/chat';

/** The chat's last error (a refused message, cancel or decision), until dismissed. */
export function ChatError({ store }: { store: ChatStore }) {
  const error = useStore(store, (s) => s.error);
  if (!error) return null;
  return (
    <p role="alert" className="mb-2 flex items-start gap-2 rounded border border-rose-700 bg-rose-950 px-3 py-1.5 text-sm text-rose-100">
      <span className="flex-1">{error}</span>
      <button type="button" className="text-rose-200 hover:text-white" onClick={() => store.getState().clearError()} aria-label="Dismiss error">
        ×
      </button>
    </p>
  );
}
