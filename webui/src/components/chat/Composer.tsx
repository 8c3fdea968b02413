import { useState, type FormEvent, type RefObject } from 'react';
import { useStore } from 'zustand';
import type { TypingPresence } from '../../lib/presence';
import type { ChatStore } from '../../stores/chat';
import { ChatError } from './ChatError';
import { runningTurn } from '../../stores/chatModel';
import { ModelPicker } from './ModelPicker';

/**
 * The message field, the model picker, send and cancel (for the session's owner, who drives the
 * agent). Enter sends, Shift+Enter breaks the line. Keys tell the others "typing"; sending, or 4 s
 * without a key, tells them "watching" again.
 */
export function Composer({
  store,
  session,
  disabled,
  waiting = null,
  inputRef,
  presence,
}: {
  store: ChatStore;
  session: string;
  disabled: boolean;
  /** Why the field is not usable yet (shown as its placeholder), e.g. while the session loads. */
  waiting?: string | null;
  inputRef: RefObject<HTMLTextAreaElement>;
  presence?: TypingPresence;
}) {
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const model = useStore(store, (s) => s.model);
  const setModel = useStore(store, (s) => s.setModel);
  const cancelling = useStore(store, (s) => s.cancelling);
  const running = useStore(store, (s) => runningTurn(s.live));
  const off = disabled || !!waiting;

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!text.trim() || sending || off) return;
    presence?.sent();
    setSending(true);
    const ok = await store.getState().send(text);
    setSending(false);
    if (ok) setText('');
  };

  return (
    <form onSubmit={submit} className="border-t border-slate-800 bg-slate-900 px-4 py-3" aria-label="Write a message" data-testid="composer">
      <ChatError store={store} />
      <label htmlFor={`composer-${session}`} className="sr-only">
        Message to the agent
      </label>
      <textarea
        id={`composer-${session}`}
        ref={inputRef}
        className="field min-h-16 resize-y"
        rows={3}
        placeholder={waiting ?? (disabled ? 'This session has ended: resume it to chat.' : 'Ask the agent… (Enter sends, Shift+Enter for a new line)')}
        value={text}
        disabled={off}
        onChange={(e) => {
          setText(e.target.value);
          presence?.keystroke();
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            void submit();
          }
        }}
        data-testid="composer-input"
      />
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <ModelPicker id={`model-${session}`} value={model} onChange={setModel} />
        <span className="flex-1" />
        {running && (
          <button type="button" className="btn btn-danger btn-sm" onClick={() => void store.getState().cancel()} disabled={cancelling} data-testid="cancel-turn">
            {cancelling ? 'Cancelling…' : 'Cancel'}
          </button>
        )}
        <button type="submit" className="btn btn-primary btn-sm" disabled={off || sending || !text.trim()} data-testid="send">
          {sending ? 'Sending…' : 'Send'}
        </button>
      </div>
    </form>
  );
}
