import { useEffect, useId, useMemo, useRef } from 'react';
import { filterCommands, usePalette } from '../../stores/palette';

/** Ctrl/Cmd-K: a combobox over every command that is possible now. */
export function CommandPalette() {
  const { open, query, active, setQuery, move, run, hide, setActive } = usePalette();
  const sources = usePalette((s) => s.sources);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const visible = useMemo(() => (open ? filterCommands(usePalette.getState().all(), query) : []), [open, query, sources]);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const id = useId();
  const restore = useRef<HTMLElement | null>(null);

  useEffect(() => {
    if (open) {
      restore.current = document.activeElement as HTMLElement | null;
      input.current?.focus();
    } else {
      restore.current?.focus?.();
      restore.current = null;
    }
  }, [open]);

  useEffect(() => {
    list.current?.querySelector(`[data-index="${active}"]`)?.scrollIntoView?.({ block: 'nearest' });
  }, [active]);

  if (!open) return null;

  const onKeyDown = (e: React.KeyboardEvent) => {
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        move(1);
        break;
      case 'ArrowUp':
        e.preventDefault();
        move(-1);
        break;
      case 'Home':
        e.preventDefault();
        setActive(0);
        break;
      case 'End':
        e.preventDefault();
        setActive(Math.max(0, visible.length - 1));
        break;
      case 'Enter':
        e.preventDefault();
        void run();
        break;
      case 'Escape':
        e.preventDefault();
        hide();
        break;
      default:
    }
  };

  return (
    <div className="fixed inset-0 z-50 flex items-start justify-center bg-black/60 p-4 pt-[12vh]" onMouseDown={(e) => e.target === e.currentTarget && hide()}>
      <div role="dialog" aria-modal="true" aria-label="Command palette" className="w-full max-w-xl overflow-hidden rounded-xl border border-slate-600 bg-slate-900 shadow-2xl" data-testid="command-palette">
        <input
          ref={input}
          className="w-full border-b border-slate-700 bg-transparent px-4 py-3 text-base text-slate-100 outline-none placeholder:text-slate-400"
          placeholder="Type a command…"
          role="combobox"
          aria-expanded="true"
          aria-controls={`${id}-list`}
          aria-activedescendant={visible.length ? `${id}-${active}` : undefined}
          aria-autocomplete="list"
          aria-label="Command"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={onKeyDown}
        />
        <ul ref={list} id={`${id}-list`} role="listbox" aria-label="Commands" className="max-h-[50vh] overflow-y-auto py-1">
          {visible.length === 0 && <li className="px-4 py-3 text-sm text-slate-400">No command matches.</li>}
          {visible.map((c, i) => (
            <li
              key={c.id}
              id={`${id}-${i}`}
              data-index={i}
              role="option"
              aria-selected={i === active}
              className={`flex cursor-pointer items-center gap-3 px-4 py-2 text-sm ${i === active ? 'bg-sky-700 text-white' : 'text-slate-100 hover:bg-slate-800'}`}
              onMouseMove={() => i !== active && setActive(i)}
              onClick={() => void run(i)}
            >
              <span className={`w-24 shrink-0 truncate text-xs ${i === active ? 'text-sky-100' : 'text-slate-400'}`}>{c.section}</span>
              <span className="flex-1 truncate">{c.title}</span>
              {c.shortcut && <kbd className="rounded border border-slate-500 px-1.5 text-xs">{c.shortcut}</kbd>}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
