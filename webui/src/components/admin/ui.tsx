// Building blocks of the Administration pages: paged listings, problem messages, labelled fields
// and a confirmation dialog that stays open (with the studio's answer) when an action fails.
import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, messageOf } from '../../api/client';
import type { Page } from '../../api/types';
import { ID_HTML_PATTERN } from './validation';
import { Modal } from '../shell/Modal';

/** The sentence for a failed request: the problem's detail, with what a refusal means. */
export function problemText(e: unknown): string {
  if (e instanceof ApiError && e.status === 403) return `Not allowed: ${e.message}`;
  return messageOf(e);
}

/** A failure shown where it happened (role=alert: read out when it appears). */
export function ProblemAlert({ error, onDismiss }: { error: unknown; onDismiss?(): void }) {
  if (!error) return null;
  return (
    <div role="alert" className="mb-3 flex items-start gap-2 rounded-md border border-rose-600 bg-rose-950/60 px-3 py-2 text-sm text-rose-100">
      <span className="flex-1">{problemText(error)}</span>
      {onDismiss && (
        <button type="button" className="text-rose-200 hover:text-white" onClick={onDismiss} aria-label="Dismiss the message">
          ×
        </button>
      )}
    </div>
  );
}

export function useDebounced<T>(value: T, ms = 250): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

export interface Paged<T> {
  items: T[];
  total: number;
  loading: boolean;
  error: unknown;
  /** Whether the studio has more after the items shown. */
  more: boolean;
  loadMore(): void;
  reload(): void;
  /** Changes the items shown (after a create, change or delete) without asking again. */
  update(fn: (items: T[]) => T[], totalDelta?: number): void;
}

/** A listing read page by page ("Load more" follows nextCursor); a new {@code load} starts over. */
export function usePaged<T>(load: (cursor: string | null) => Promise<Page<T>>, deps: unknown[]): Paged<T> {
  const [items, setItems] = useState<T[]>([]);
  const [total, setTotal] = useState(0);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const generation = useRef(0);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const loader = useCallback(load, deps);

  const fetchPage = useCallback(
    async (from: string | null) => {
      const g = ++generation.current;
      setLoading(true);
      setError(null);
      try {
        const page = await loader(from);
        if (g !== generation.current) return;
        setItems((old) => (from === null ? page.items : [...old, ...page.items]));
        setTotal(page.total);
        setCursor(page.nextCursor);
      } catch (e) {
        if (g === generation.current) setError(e);
      } finally {
        if (g === generation.current) setLoading(false);
      }
    },
    [loader],
  );

  useEffect(() => {
    void fetchPage(null);
  }, [fetchPage]);

  return {
    items,
    total,
    loading,
    error,
    more: cursor !== null,
    loadMore: () => void fetchPage(cursor),
    reload: () => void fetchPage(null),
    update: (fn, totalDelta = 0) => {
      setItems(fn);
      setTotal((t) => Math.max(0, t + totalDelta));
    },
  };
}

/** "12 of 40 teams" under a listing, with Load more while there are more. */
export function ListFooter({ shown, total, noun, more, loading, onMore }: { shown: number; total: number; noun: string; more: boolean; loading: boolean; onMore(): void }) {
  return (
    <div className="mt-3 flex flex-wrap items-center gap-3 text-sm text-slate-300">
      <span aria-live="polite">{loading && shown === 0 ? 'Loading…' : `${shown} of ${Math.max(total, shown)} ${noun}`}</span>
      {more && (
        <button type="button" className="btn btn-sm" onClick={onMore} disabled={loading}>
          {loading ? 'Loading…' : 'Load more'}
        </button>
      )}
    </div>
  );
}

/** A labelled input with its rule and its error (aria-invalid, aria-describedby). */
export function Field({
  label,
  error,
  help,
  children,
}: {
  label: string;
  error?: string | null;
  help?: ReactNode;
  children(props: { id: string; 'aria-invalid': boolean; 'aria-describedby': string | undefined }): ReactNode;
}) {
  const id = useId();
  const described = [help ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div>
      <label className="label" htmlFor={id}>
        {label}
      </label>
      {children({ id, 'aria-invalid': !!error, 'aria-describedby': described })}
      {help && (
        <p id={`${id}-help`} className="mt-1 text-xs text-slate-400">
          {help}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="mt-1 text-xs text-rose-300">
          {error}
        </p>
      )}
    </div>
  );
}

/** Focuses the first field a form marks invalid (after a refused submit). */
/**
 * The submit of a dialog's form: with a field in error it shows the errors and focuses the first
 * (nothing is sent); otherwise it runs {@code action} with the dialog busy, and a refusal stays in
 * the dialog with the form as it was.
 */
export function useDialogForm() {
  const form = useRef<HTMLFormElement>(null);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submitWith = (invalid: boolean, action: () => Promise<void>) => async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (invalid) {
      setTimeout(() => focusFirstInvalid(form.current));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return { form, tried, busy, error, submitWith };
}

/** The id field of something new (lower-case letters, digits and hyphens); the dialog derives it from the name until the person types one. */
export function IdField({ value, error, help, onEdit }: { value: string; error: string | null; help: string; onEdit(id: string): void }) {
  return (
    <Field label="Id" error={error} help={help}>
      {(p) => <input {...p} className="field font-mono" value={value} pattern={ID_HTML_PATTERN} maxLength={63} onChange={(e) => onEdit(e.target.value)} />}
    </Field>
  );
}

export function focusFirstInvalid(form: HTMLFormElement | null): void {
  form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}

/**
 * Asks before an action; the confirm button is busy while it runs; a failure keeps the dialog
 * open with the studio's answer. Focus starts on Cancel.
 */
export function ConfirmDialog({
  title,
  children,
  confirm,
  busyText,
  danger = false,
  onConfirm,
  onClose,
}: {
  title: string;
  children: ReactNode;
  confirm: string;
  busyText: string;
  danger?: boolean;
  /** Resolves when done (the dialog then closes), throws to show the problem. */
  onConfirm(): Promise<void>;
  onClose(): void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      onClose();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return (
    <Modal title={title} onClose={() => !busy && onClose()} testId="confirm-dialog">
      <div className="space-y-3 text-sm text-slate-200">{children}</div>
      <div className="mt-4">
        <ProblemAlert error={error} />
      </div>
      <div className="flex justify-end gap-2 pt-2">
        <button type="button" className="btn" onClick={onClose} disabled={busy} autoFocus>
          Cancel
        </button>
        <button type="button" className={`btn ${danger ? 'btn-danger' : 'btn-primary'}`} onClick={() => void run()} disabled={busy} aria-busy={busy}>
          {busy ? busyText : confirm}
        </button>
      </div>
    </Modal>
  );
}

/** The footer of a form dialog: Cancel and the submit button, busy while sending. */
export function DialogButtons({ submit, busyText, busy, onCancel, disabled = false }: { submit: string; busyText: string; busy: boolean; onCancel(): void; disabled?: boolean }) {
  return (
    <div className="flex justify-end gap-2 pt-2">
      <button type="button" className="btn" onClick={onCancel} disabled={busy}>
        Cancel
      </button>
      <button type="submit" className="btn btn-primary" disabled={busy || disabled} aria-busy={busy}>
        {busy ? busyText : submit}
      </button>
    </div>
  );
}

export function Badge({ tone, children }: { tone: 'ok' | 'off' | 'warn'; children: ReactNode }) {
  const style = tone === 'ok' ? 'border-emerald-500 text-emerald-200' : tone === 'warn' ? 'border-amber-500 text-amber-200' : 'border-slate-500 text-slate-300';
  return <span className={`inline-block rounded-full border px-2 py-0.5 text-[11px] font-semibold whitespace-nowrap ${style}`}>{children}</span>;
}

// Tables that stack on narrow windows: below md each row is a block of its cells (the column
// headers are hidden; cells whose meaning they carry show a caption of their own, see Caption).
export const TABLE = 'block w-full text-left text-sm md:table';

/** A column of a table: shown from a window width on ({@code from}), or an unlabelled actions column. */
export type Column = string | { label: string; from?: 'md' | 'lg' | '2xl'; actions?: boolean; right?: boolean };

// whole class names, so Tailwind sees them
const COLUMN_FROM = { md: 'hidden px-3 py-2 md:table-cell', lg: 'hidden px-3 py-2 lg:table-cell', '2xl': 'hidden px-3 py-2 2xl:table-cell' };

/** The row a listing shows when it has loaded nothing (and no error says why). */
export function EmptyRow<T>({ list, columns, children }: { list: Paged<T>; columns: number; children: ReactNode }) {
  if (list.loading || list.items.length > 0 || list.error) return null;
  return (
    <tr className={TR}>
      <td colSpan={columns} className="px-3 py-4 text-slate-300">
        {children}
      </td>
    </tr>
  );
}

/** The header row of a listing (narrow windows show the rows as cards, without it). */
export function TableHead({ columns }: { columns: Column[] }) {
  return (
    <thead className={THEAD}>
      <tr className={TR}>
        {columns.map((c) => {
          const col = typeof c === 'string' ? { label: c } : c;
          return (
            <th key={col.label} scope="col" className={col.from ? COLUMN_FROM[col.from] : col.right ? 'px-3 py-2 text-right' : 'px-3 py-2'}>
              {col.actions ? <span className="sr-only">{col.label}</span> : col.label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}
export const THEAD = 'hidden bg-slate-900 text-xs text-slate-300 uppercase md:table-header-group';
export const TBODY = 'block md:table-row-group';
export const TR = 'block border-t border-slate-800 py-2 first:border-t-0 md:table-row md:py-0 md:first:border-t';
export const TD = 'block px-3 py-1 md:table-cell md:py-2';

/** What a cell holds, shown only where the column headers are not (narrow windows). */
export function Caption({ children }: { children: ReactNode }) {
  return (
    <span className="mr-2 text-xs text-slate-400 md:hidden" aria-hidden="true">
      {children}
    </span>
  );
}
