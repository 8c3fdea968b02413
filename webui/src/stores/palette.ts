// The command palette (Ctrl/Cmd-K): every action of the studio that is possible right now. Parts of
// the UI register their commands while they are shown; the palette lists and filters all of them.
import { create } from 'zustand';

export interface Command {
  id: string;
  title: string;
  section: string;
  /** More words that find it. */
  keywords?: string;
  /** Shown next to it, e.g. "Ctrl+S". */
  shortcut?: string;
  run(): void | Promise<void>;
}

/**
 * How well {@code query} matches {@code text}: the query's characters must appear in order; whole
 * words, word starts and consecutive characters score higher. -1 when it does not match.
 */
export function score(text: string, query: string): number {
  const t = text.toLowerCase();
  const q = query.toLowerCase().trim();
  if (!q) return 0;
  const at = t.indexOf(q);
  if (at >= 0) return 1000 - at + (at === 0 || /\W/.test(t[at - 1]) ? 500 : 0);
  let total = 0;
  let ti = 0;
  let previous = -2;
  for (const ch of q) {
    if (ch === ' ') continue;
    const found = t.indexOf(ch, ti);
    if (found < 0) return -1;
    total += found === previous + 1 ? 10 : 1;
    if (found === 0 || /\W/.test(t[found - 1])) total += 8;
    previous = found;
    ti = found + 1;
  }
  return total;
}

/** Commands matching the query, best first (in registration order when the query is empty). */
export function filterCommands(commands: Command[], query: string): Command[] {
  if (!query.trim()) return commands;
  return commands
    .map((c, i) => {
      const inTitle = score(c.title, query);
      const inKeywords = c.keywords ? score(c.keywords, query) : -1;
      const s = Math.max(score(`${c.section}: ${c.title}`, query), inTitle >= 0 ? inTitle + 50 : -1, inKeywords >= 0 ? Math.max(0, inKeywords - 20) : -1);
      return { c, s, i };
    })
    .filter((x) => x.s >= 0)
    .sort((a, b) => b.s - a.s || a.i - b.i)
    .map((x) => x.c);
}

interface PaletteState {
  open: boolean;
  query: string;
  active: number;
  sources: Record<string, Command[]>;
  register(owner: string, commands: Command[]): void;
  unregister(owner: string): void;
  all(): Command[];
  visible(): Command[];
  show(query?: string): void;
  hide(): void;
  toggle(): void;
  setQuery(query: string): void;
  move(delta: number): void;
  setActive(index: number): void;
  /** Runs the highlighted command (or the one at {@code index}) and closes the palette. */
  run(index?: number): Promise<void>;
}

export const usePalette = create<PaletteState>()((set, get) => ({
  open: false,
  query: '',
  active: 0,
  sources: {},

  register(owner, commands) {
    set({ sources: { ...get().sources, [owner]: commands } });
  },
  unregister(owner) {
    const sources = { ...get().sources };
    delete sources[owner];
    set({ sources });
  },
  all() {
    const seen = new Set<string>();
    const out: Command[] = [];
    for (const list of Object.values(get().sources)) {
      for (const c of list) {
        if (seen.has(c.id)) continue;
        seen.add(c.id);
        out.push(c);
      }
    }
    return out;
  },
  visible() {
    return filterCommands(get().all(), get().query);
  },
  show(query = '') {
    set({ open: true, query, active: 0 });
  },
  hide() {
    set({ open: false, query: '', active: 0 });
  },
  toggle() {
    if (get().open) get().hide();
    else get().show();
  },
  setQuery(query) {
    set({ query, active: 0 });
  },
  move(delta) {
    const n = get().visible().length;
    if (n === 0) return;
    set({ active: (get().active + delta + n) % n });
  },
  setActive(index) {
    set({ active: index });
  },
  async run(index) {
    const list = get().visible();
    const command = list[index ?? get().active];
    if (!command) return;
    get().hide();
    await command.run();
  },
}));

/** Ctrl-K / Cmd-K anywhere opens (or closes) the palette. */
export function isPaletteShortcut(e: KeyboardEvent): boolean {
  return (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'k';
}
