import { useToasts } from '../../stores/toasts';

export function Toasts() {
  const { toasts, dismiss } = useToasts();
  return (
    <div className="pointer-events-none fixed right-3 bottom-3 z-50 flex w-80 max-w-[calc(100vw-1.5rem)] flex-col gap-2" aria-live="polite" role="status">
      {toasts.map((t) => (
        <div
          key={t.id}
          className={`pointer-events-auto flex items-start gap-2 rounded-md border px-3 py-2 text-sm shadow-lg ${
            t.kind === 'error' ? 'border-rose-600 bg-rose-950 text-rose-50' : 'border-slate-600 bg-slate-800 text-slate-50'
          }`}
        >
          <span className="flex-1">{t.text}</span>
          <button className="text-slate-300 hover:text-white" onClick={() => dismiss(t.id)} aria-label="Dismiss message">
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
