import { memo, useMemo, useState } from 'react';

export type DiffLineKind = 'file' | 'hunk' | 'add' | 'del' | 'meta' | 'context';

/** Classifies the lines of a unified diff. */
export function classifyDiff(diff: string): { kind: DiffLineKind; text: string }[] {
  const lines = diff.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.map((text) => {
    if (text.startsWith('diff --git') || text.startsWith('+++ ') || text.startsWith('--- ')) return { kind: 'file', text };
    if (text.startsWith('@@')) return { kind: 'hunk', text };
    if (text.startsWith('+')) return { kind: 'add', text };
    if (text.startsWith('-')) return { kind: 'del', text };
    if (/^(index |new file|deleted file|similarity|rename |old mode|new mode|Binary files|\\ No newline)/.test(text)) return { kind: 'meta', text };
    return { kind: 'context', text };
  });
}

const STYLE: Record<DiffLineKind, string> = {
  file: 'bg-slate-800 font-semibold text-slate-100',
  hunk: 'text-sky-300',
  add: 'bg-emerald-950 text-emerald-200',
  del: 'bg-rose-950 text-rose-200',
  meta: 'text-slate-400',
  context: 'text-slate-300',
};

const PAGE = 4000;

/** A unified diff as text lines (never as HTML), the first few thousand at once. */
export const DiffView = memo(function DiffView({ diff }: { diff: string }) {
  const lines = useMemo(() => classifyDiff(diff), [diff]);
  const [shown, setShown] = useState(PAGE);
  if (lines.length === 0) return <p className="p-4 text-sm text-slate-300">No changes.</p>;
  return (
    <div className="font-mono text-xs" data-testid="diff">
      <pre className="min-w-max">
        {lines.slice(0, shown).map((l, i) => (
          <div key={i} className={`px-3 ${STYLE[l.kind]}`}>
            <span className="sr-only">{l.kind === 'add' ? 'added: ' : l.kind === 'del' ? 'removed: ' : ''}</span>
            {l.text || ' '}
          </div>
        ))}
      </pre>
      {shown < lines.length && (
        <button className="btn btn-sm m-3" onClick={() => setShown((n) => n + PAGE)}>
          Show {Math.min(PAGE, lines.length - shown)} more lines of {lines.length - shown}
        </button>
      )}
    </div>
  );
});
