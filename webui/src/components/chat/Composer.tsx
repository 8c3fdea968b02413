import { useRef, useState, type FormEvent, type RefObject } from 'react';
import { useStore } from 'zustand';
import { studio } from '../../api/studio';
import type { ChatStore } from '../../stores/chat';
import { runningTurn } from '../../stores/chatModel';
import { ModelPicker } from './ModelPicker';

/** The message field, the model picker, send and cancel. Enter sends, Shift+Enter breaks the line. */
export function Composer({ store, org, session, disabled, inputRef }: { store: ChatStore; org: string; session: string; disabled: boolean; inputRef: RefObject<HTMLTextAreaElement> }) {
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const model = useStore(store, (s) => s.model);
  const setModel = useStore(store, (s) => s.setModel);
  const error = useStore(store, (s) => s.error);
  const cancelling = useStore(store, (s) => s.cancelling);
  const running = useStore(store, (s) => runningTurn(s.live));
  const lastTyping = useRef(0);

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!text.trim() || sending || disabled) return;
    setSending(true);
    const ok = await store.getState().send(text);
    setSending(false);
    if (ok) setText('');
  };

  const typing = () => {
    const now = Date.now();
    if (now - lastTyping.current > 4_000) {
      lastTyping.current = now;
      studio.presence(org, session, 'typing').catch(() => {});
    }
  };

  return (
    <form onSubmit={submit} className="border-t border-slate-800 bg-slate-900 px-4 py-3" aria-label="Write a message" data-testid="composer">
      {error && (
        <p role="alert" className="mb-2 flex items-start gap-2 rounded border border-rose-700 bg-rose-950 px-3 py-1.5 text-sm text-rose-100">
          <span className="flex-1">{error}</span>
          <button type="button" className="text-rose-200 hover:text-white" onClick={() => store.getState().clearError()} aria-label="Dismiss error">
            ×
          </button>
        </p>
      )}
      <label htmlFor={`composer-${session}`} className="sr-only">
        Message to the agent
      </label>
      <textarea
        id={`composer-${session}`}
        ref={inputRef}
        className="field min-h-16 resize-y"
        rows={3}
        placeholder={disabled ? 'This session has ended: resume it to chat.' : 'Ask the agent… (Enter sends, Shift+Enter for a new line)'}
        value={text}
        disabled={disabled}
        onChange={(e) => {
          setText(e.target.value);
          typing();
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
        <button type="submit" className="btn btn-primary btn-sm" disabled={disabled || sending || !text.trim()} data-testid="send">
          {sending ? 'Sending…' : 'Send'}
        </button>
      </div>
    </form>
  );
}
