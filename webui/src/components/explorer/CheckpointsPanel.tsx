import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { messageOf } from '../../api/client';
import { all, studio } from '../../api/studio';
import type { CheckpointRecord, Commit } from '../../api/types';
import { ago, dateTime } from '../../lib/format';
import { useCommands } from '../../lib/useCommands';
import { toast } from '../../stores/toasts';
import { Modal } from '../shell/Modal';
import { DiffView } from './DiffView';
import { useLoad } from '../../lib/useLoad';

/** The session's checkpoints as a timeline: take one, look at its diff, restore it. */
export default function CheckpointsPanel({ org, session, readOnly }: { org: string; session: string; readOnly: boolean }) {
  const [checkpoints, setCheckpoints] = useState<CheckpointRecord[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [commit, setCommit] = useState<Commit | null>(null);
  const [diff, setDiff] = useState<string | null>(null);
  const [detailError, setDetailError] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const [taking, setTaking] = useState(false);
  const [restoring, setRestoring] = useState<CheckpointRecord | null>(null);
  const [restoreBusy, setRestoreBusy] = useState(false);

  const { loading, error, reload: load } = useLoad(
    useCallback(async () => {
      const list = await all((c) => studio.checkpoints(org, session, c), 2_000);
      list.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
      setCheckpoints(list);
    }, [org, session]),
  );

  useEffect(() => {
    if (!selected) return;
    let current = true;
    setCommit(null);
    setDiff(null);
    setDetailError(null);
    Promise.all([studio.commit(org, selected), studio.diff(org, selected)])
      .then(([c, d]) => {
        if (!current) return;
        setCommit(c);
        setDiff(d);
      })
      .catch((e) => current && setDetailError(messageOf(e)));
    return () => {
      current = false;
    };
  }, [org, selected]);

  const take = async (e?: FormEvent) => {
    e?.preventDefault();
    setTaking(true);
    try {
      const cp = await studio.takeCheckpoint(org, session, message.trim() || 'Checkpoint from the studio');
      toast(cp ? 'Checkpoint taken.' : 'Nothing changed since the last checkpoint.');
      setMessage('');
      await load();
      if (cp) setSelected(cp.id);
    } catch (err) {
      toast(messageOf(err), 'error');
    } finally {
      setTaking(false);
    }
  };

  const restore = async (cp: CheckpointRecord) => {
    setRestoreBusy(true);
    try {
      await studio.restore(org, session, cp.id);
      toast(`Restored ${cp.message ?? cp.commitId.slice(0, 10)}. The next checkpoint records the restore.`);
      setRestoring(null);
      await load();
    } catch (e) {
      toast(messageOf(e), 'error');
    } finally {
      setRestoreBusy(false);
    }
  };

  useCommands(
    [
      ...(readOnly ? [] : [{ id: 'checkpoint:take', section: 'Checkpoint', title: 'Take a checkpoint now', run: () => take() }]),
      { id: 'checkpoint:refresh', section: 'Checkpoint', title: 'Refresh the checkpoints', run: () => load() },
    ],
    [readOnly, message, load],
  );

  return (
    <div className="flex h-full min-h-0 flex-col md:flex-row">
      <div className="flex max-h-[45%] min-h-0 flex-col border-b border-slate-800 md:max-h-none md:w-80 md:border-r md:border-b-0">
        {!readOnly && (
          <form onSubmit={take} className="flex gap-2 border-b border-slate-800 p-2" aria-label="Take a checkpoint">
            <label htmlFor="checkpoint-message" className="sr-only">
              Checkpoint message
            </label>
            <input id="checkpoint-message" className="field py-1" placeholder="Message" value={message} onChange={(e) => setMessage(e.target.value)} />
            <button className="btn btn-primary btn-sm shrink-0" disabled={taking} data-testid="take-checkpoint">
              {taking ? 'Saving…' : 'Checkpoint'}
            </button>
          </form>
        )}
        {error && (
          <p role="alert" className="p-2 text-sm text-rose-200">
            {error}
          </p>
        )}
        {loading && checkpoints.length === 0 && <p className="p-2 text-sm text-slate-300">Loading checkpoints…</p>}
        {!loading && checkpoints.length === 0 && !error && <p className="p-2 text-sm text-slate-300">No checkpoint yet.</p>}
        <ol className="min-h-0 flex-1 overflow-y-auto p-2" aria-label="Checkpoints, newest first" data-testid="checkpoint-list">
          {checkpoints.map((cp) => (
            <li key={cp.id} className="relative border-l-2 border-slate-700 pb-3 pl-4">
              <span aria-hidden="true" className={`absolute top-1.5 -left-[7px] h-3 w-3 rounded-full border-2 ${selected === cp.id ? 'border-sky-400 bg-sky-400' : 'border-slate-500 bg-slate-950'}`} />
              <button
                className={`w-full rounded px-2 py-1 text-left ${selected === cp.id ? 'bg-slate-800' : 'hover:bg-slate-800/60'}`}
                aria-current={selected === cp.id ? 'true' : undefined}
                onClick={() => setSelected(cp.id)}
              >
                <span className="block truncate text-sm">{cp.message || '(no message)'}</span>
                <span className="block text-xs text-slate-400" title={dateTime(cp.createdAt)}>
                  <span className="font-mono">{cp.commitId.slice(0, 10)}</span> · {ago(cp.createdAt)} · {cp.createdBy ?? 'automatic'}
                </span>
              </button>
            </li>
          ))}
        </ol>
      </div>
      <div className="flex min-h-0 min-w-0 flex-1 flex-col">
        {!selected && <p className="p-4 text-sm text-slate-300">Choose a checkpoint to see what it changed.</p>}
        {selected && (
          <>
            <div className="flex flex-wrap items-center gap-2 border-b border-slate-800 px-3 py-2">
              <div className="min-w-0 flex-1">
                <p className="truncate text-sm font-medium">{commit?.message.split('\n')[0] ?? '…'}</p>
                {commit && (
                  <p className="text-xs text-slate-400">
                    {commit.author.name} · {dateTime(commit.time)} · {commit.changes.length} files
                  </p>
                )}
              </div>
              {!readOnly && (
                <button className="btn btn-sm" onClick={() => setRestoring(checkpoints.find((c) => c.id === selected) ?? null)} data-testid="restore-checkpoint">
                  Restore…
                </button>
              )}
            </div>
            {detailError && (
              <p role="alert" className="p-3 text-sm text-rose-200">
                {detailError}
              </p>
            )}
            {commit && commit.changes.length > 0 && (
              <ul className="flex flex-wrap gap-x-3 gap-y-1 border-b border-slate-800 px-3 py-2 text-xs" aria-label="Changed files">
                {commit.changes.map((c) => (
                  <li key={c.path}>
                    <span className={c.type === 'ADDED' ? 'text-emerald-300' : c.type === 'DELETED' ? 'text-rose-300' : 'text-amber-200'}>{c.type[0]}</span>{' '}
                    <span className="font-mono">{c.oldPath && c.oldPath !== c.path ? `${c.oldPath} → ${c.path}` : c.path}</span>
                  </li>
                ))}
              </ul>
            )}
            <div className="min-h-0 flex-1 overflow-auto">{diff === null ? !detailError && <p className="p-4 text-sm text-slate-300">Loading the diff…</p> : <DiffView diff={diff} />}</div>
          </>
        )}
      </div>
      {restoring && (
        <Modal title="Restore this checkpoint?" onClose={() => !restoreBusy && setRestoring(null)} testId="restore-dialog">
          <p className="text-sm text-slate-200">
            The project’s tracked files become those of <span className="font-mono">{restoring.commitId.slice(0, 10)}</span> ({restoring.message || 'no message'}). Nothing is lost: the
            history keeps every checkpoint, and the next checkpoint records the restore.
          </p>
          {restoreBusy && (
            <div className="mt-3" role="status">
              <p className="text-xs text-amber-200">Restoring the project’s files…</p>
              <div className="mt-1 h-1 w-full overflow-hidden rounded bg-slate-800" role="progressbar" aria-label="Restoring the checkpoint">
                <div className="h-full w-1/3 animate-pulse rounded bg-amber-400" />
              </div>
            </div>
          )}
          <div className="mt-4 flex justify-end gap-2">
            <button className="btn" onClick={() => setRestoring(null)} disabled={restoreBusy}>
              Cancel
            </button>
            <button className="btn btn-danger" onClick={() => void restore(restoring)} disabled={restoreBusy} data-testid="confirm-restore">
              {restoreBusy ? 'Restoring…' : 'Restore'}
            </button>
          </div>
        </Modal>
      )}
    </div>
  );
}
