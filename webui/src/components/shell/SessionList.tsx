import { useState, type FormEvent } from 'react';
import { isFinal, type SessionKind, type SessionRecord, type SessionState } from '../../api/types';
import { ago, shortId } from '../../lib/format';
import { useCommands } from '../../lib/useCommands';
import { navigate } from '../../stores/router';
import { useWorkspace } from '../../stores/workspace';
import { Modal } from './Modal';

const STATE_STYLE: Record<SessionState, string> = {
  STARTING: 'border-amber-500 text-amber-200',
  RUNNING: 'border-emerald-500 text-emerald-200',
  IDLE: 'border-sky-500 text-sky-200',
  STOPPED: 'border-slate-500 text-slate-300',
  FAILED: 'border-rose-500 text-rose-200',
};

export function StateBadge({ state }: { state: SessionState }) {
  return (
    <span className={`inline-block rounded-full border px-2 py-0.5 text-[11px] font-semibold tracking-wide ${STATE_STYLE[state] ?? ''}`} data-testid="session-state">
      {state}
    </span>
  );
}

export function sessionName(s: SessionRecord): string {
  return s.title || `Session ${shortId(s.id)}`;
}

/** The sessions of a project as cards, with start, resume and stop. */
export function SessionList({ org, project, activeSession, compact = false }: { org: string; project: string; activeSession: string | null; compact?: boolean }) {
  const { sessions, loading, startSession, stopSession, resumeSession, projects, sessionsProject } = useWorkspace();
  const [starting, setStarting] = useState(false);
  const name = projects.find((p) => p.id === project)?.name ?? project;
  const list = sessionsProject === project ? sessions : [];
  const open = (s: SessionRecord) => navigate({ name: 'session', org, project, session: s.id, tab: 'chat' });

  useCommands(
    [
      { id: 'session:start', section: 'Session', title: 'Start a session…', keywords: 'new open interactive batch', run: () => setStarting(true) },
      {
        id: 'session:quick-start',
        section: 'Session',
        title: 'Start an interactive session now',
        run: async () => {
          const s = await startSession(project, 'INTERACTIVE');
          if (s) open(s);
        },
      },
      ...list.map((s) => ({ id: `session:open:${s.id}`, section: 'Open session', title: sessionName(s), keywords: `${s.id} ${s.state} ${s.kind}`, run: () => open(s) })),
      ...list
        .filter((s) => !isFinal(s.state))
        .map((s) => ({ id: `session:stop:${s.id}`, section: 'Stop session', title: sessionName(s), run: () => stopSession(s.id) })),
      ...list
        .filter((s) => isFinal(s.state))
        .map((s) => ({ id: `session:resume:${s.id}`, section: 'Resume session', title: sessionName(s), run: () => void resumeSession(s.id) })),
    ],
    [list, project],
  );

  return (
    <section aria-labelledby={`sessions-${compact ? 'side' : 'main'}`} className={compact ? 'flex min-h-0 flex-1 flex-col' : ''}>
      <div className={`flex items-center gap-2 ${compact ? 'border-b border-slate-800 p-3' : 'mb-4'}`}>
        <h2 id={`sessions-${compact ? 'side' : 'main'}`} className={compact ? 'flex-1 truncate text-sm font-semibold' : 'flex-1 text-lg font-semibold'}>
          {compact ? name : `Sessions of ${name}`}
        </h2>
        <button className={`btn btn-primary ${compact ? 'btn-sm' : ''}`} onClick={() => setStarting(true)} data-testid="start-session">
          Start session
        </button>
      </div>
      {loading.sessions && list.length === 0 && <p className="p-3 text-sm text-slate-300">Loading sessions…</p>}
      {!loading.sessions && list.length === 0 && <p className="p-3 text-sm text-slate-300">No session yet.</p>}
      <ul className={compact ? 'min-h-0 flex-1 space-y-2 overflow-y-auto p-3' : 'grid gap-3 md:grid-cols-2 2xl:grid-cols-3'} data-testid="session-list">
        {list.map((s) => (
          <li key={s.id}>
            <SessionCard session={s} active={s.id === activeSession} compact={compact} onOpen={() => open(s)} onStop={() => void stopSession(s.id)} onResume={() => void resumeSession(s.id)} />
          </li>
        ))}
      </ul>
      {starting && (
        <StartSessionDialog
          onClose={() => setStarting(false)}
          onStart={async (kind, title, command) => {
            const s = await startSession(project, kind, title, command);
            if (s) {
              setStarting(false);
              open(s);
            }
          }}
        />
      )}
    </section>
  );
}

function SessionCard({
  session: s,
  active,
  compact,
  onOpen,
  onStop,
  onResume,
}: {
  session: SessionRecord;
  active: boolean;
  compact: boolean;
  onOpen(): void;
  onStop(): void;
  onResume(): void;
}) {
  const final = isFinal(s.state);
  return (
    <article
      className={`rounded-lg border p-3 ${active ? 'border-sky-500 bg-slate-800' : 'border-slate-700 bg-slate-900'}`}
      aria-current={active ? 'page' : undefined}
      data-testid={`session-card-${s.id}`}
    >
      <div className="flex items-start gap-2">
        <h3 className="min-w-0 flex-1 truncate text-sm font-medium">
          <a
            href={`/orgs/${encodeURIComponent(s.orgId)}/projects/${encodeURIComponent(s.projectId ?? '')}/sessions/${encodeURIComponent(s.id)}`}
            onClick={(e) => {
              e.preventDefault();
              onOpen();
            }}
            className="hover:underline"
          >
            {sessionName(s)}
          </a>
        </h3>
        <StateBadge state={s.state} />
      </div>
      <dl className={`mt-2 grid grid-cols-2 gap-x-2 gap-y-0.5 text-xs text-slate-300 ${compact ? '' : 'sm:grid-cols-4'}`}>
        <dt className="text-slate-400">Kind</dt>
        <dd>{s.kind}</dd>
        <dt className="text-slate-400">Started</dt>
        <dd title={s.createdAt ?? undefined}>{ago(s.createdAt)}</dd>
        <dt className="text-slate-400">Last activity</dt>
        <dd title={s.lastActiveAt ?? undefined}>{ago(s.lastActiveAt)}</dd>
        <dt className="text-slate-400">Owner</dt>
        <dd className="truncate">{s.userId}</dd>
      </dl>
      <div className="mt-2 flex gap-2">
        <button className="btn btn-sm" onClick={onOpen} aria-label={`Open ${sessionName(s)}`}>
          Open
        </button>
        {final ? (
          <button className="btn btn-sm" onClick={onResume} aria-label={`Resume ${sessionName(s)}`}>
            Resume
          </button>
        ) : (
          <button className="btn btn-sm" onClick={onStop} aria-label={`Stop ${sessionName(s)}`}>
            Stop
          </button>
        )}
      </div>
    </article>
  );
}

function StartSessionDialog({ onClose, onStart }: { onClose(): void; onStart(kind: SessionKind, title?: string, command?: string[]): Promise<void> }) {
  const [kind, setKind] = useState<SessionKind>('INTERACTIVE');
  const [title, setTitle] = useState('');
  const [command, setCommand] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    await onStart(kind, title.trim() || undefined, kind === 'BATCH' ? ['sh', '-c', command] : undefined);
    setBusy(false);
  };
  return (
    <Modal title="Start a session" onClose={onClose} testId="start-session-dialog">
      <form onSubmit={submit} className="space-y-3">
        <fieldset>
          <legend className="label">Kind</legend>
          <div className="flex flex-wrap gap-3 text-sm">
            {(['INTERACTIVE', 'PERSISTENT', 'BATCH'] as SessionKind[]).map((k) => (
              <label key={k} className="flex items-center gap-1.5">
                <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
                {k.charAt(0) + k.slice(1).toLowerCase()}
              </label>
            ))}
          </div>
        </fieldset>
        <div>
          <label className="label" htmlFor="session-title">
            Title (optional)
          </label>
          <input id="session-title" className="field" value={title} onChange={(e) => setTitle(e.target.value)} />
        </div>
        {kind === 'BATCH' && (
          <div>
            <label className="label" htmlFor="session-command">
              Task (shell command)
            </label>
            <input id="session-command" className="field font-mono" value={command} onChange={(e) => setCommand(e.target.value)} required placeholder="make test" />
          </div>
        )}
        <div className="flex justify-end gap-2 pt-2">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Starting…' : 'Start'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
