import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { messageOf } from '../../api/client';
import { studio } from '../../api/studio';
import { isFinal, type SessionRecord } from '../../api/types';
import { ago } from '../../lib/format';
import { useCommands } from '../../lib/useCommands';
import { navigate, SESSION_TABS, type SessionTab, type VisualView } from '../../stores/router';
import { useWorkspace } from '../../stores/workspace';
import { sessionName, StateBadge } from '../shell/SessionList';
import { chunks } from '../../lib/chunks';

const ChatPanel = lazy(chunks.chatPanel);
const FilesPanel = lazy(chunks.filesPanel);
const TerminalPanel = lazy(chunks.terminalPanel);
const CheckpointsPanel = lazy(chunks.checkpointsPanel);
const VisualPanel = lazy(chunks.visualPanel);

const TAB_LABEL: Record<SessionTab, string> = { chat: 'Chat', files: 'Files', terminal: 'Terminal', checkpoints: 'Checkpoints', visualise: 'Visualise' };

const VISUAL_COMMANDS: { view: VisualView; title: string; keywords: string }[] = [
  { view: 'workflow', title: 'Show the workflow diagram of the agent run', keywords: 'dev-tools visualise steps tool calls timeline' },
  { view: 'deck', title: 'Show the pitch decks', keywords: 'slides presentation visualise' },
  { view: 'data', title: 'Show the market analysis (chart a CSV or JSON file)', keywords: 'lims data chart csv json visualise' },
  { view: 'agents', title: 'Show agents and providers: health, circuits, usage, cost', keywords: 'models router budget visualise' },
];

export default function SessionView({ org, project, session, tab, view }: { org: string; project: string; session: string; tab: SessionTab; view?: VisualView }) {
  const listed = useWorkspace((s) => s.sessions.find((x) => x.id === session));
  const { stopSession, resumeSession, upsertSession } = useWorkspace();
  const [record, setRecord] = useState<SessionRecord | null>(listed ?? null);
  const starting = record?.state === 'STARTING';
  const [error, setError] = useState<string | null>(null);
  // panels stay mounted once opened, so the terminal and the editor keep their state
  const [opened, setOpened] = useState<Set<SessionTab>>(() => new Set([tab]));
  const tabRefs = useRef<Record<string, HTMLButtonElement | null>>({});
  const reload = useRef<() => void>(() => {});

  useEffect(() => setOpened((o) => (o.has(tab) ? o : new Set([...o, tab]))), [tab]);
  // on a narrow window the tab row scrolls: keep the current tab in view
  useEffect(() => {
    void tabRefs.current[tab]?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
  }, [tab]);
  useEffect(() => {
    if (listed) setRecord(listed);
  }, [listed]);

  useEffect(() => {
    let current = true;
    const load = () =>
      studio
        .session(org, session)
        .then((s) => {
          if (!current) return;
          setRecord(s);
          setError(null);
          upsertSession(s);
        })
        .catch((e) => current && setError(messageOf(e)));
    void load();
    reload.current = () => void load();
    // a starting session is asked again soon, so the page shows when it runs
    const t = setInterval(load, starting ? 2_000 : 20_000);
    return () => {
      current = false;
      reload.current = () => {};
      clearInterval(t);
    };
  }, [org, session, upsertSession, starting]);
  // the chat's stream was lost and is back: the session may have changed meanwhile (a studio that
  // restarted ended it: show Resume now, not at the next poll)
  const onReconnected = useCallback(() => reload.current(), []);

  const go = (t: SessionTab) => navigate({ name: 'session', org, project, session, tab: t });
  const final = record ? isFinal(record.state) : false;

  useCommands(
    [
      ...SESSION_TABS.map((t, i) => ({ id: `tab:${t}`, section: 'Session', title: `Show ${TAB_LABEL[t]}`, shortcut: `Alt+${i + 1}`, run: () => go(t) })),
      ...VISUAL_COMMANDS.map((c) => ({ id: `visual:${c.view}`, section: 'Visualise', title: c.title, keywords: c.keywords, run: () => navigate({ name: 'session', org, project, session, tab: 'visualise', view: c.view }) })),
      ...(record && !final ? [{ id: 'session:stop-current', section: 'Session', title: 'Stop this session', run: () => stopSession(session) }] : []),
      ...(record && final ? [{ id: 'session:resume-current', section: 'Session', title: 'Resume this session', run: () => void resumeSession(session) }] : []),
    ],
    [record?.state, session],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const i = Number(e.key) - 1;
      if (i >= 0 && i < SESSION_TABS.length) {
        e.preventDefault();
        go(SESSION_TABS[i]);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const onTabKey = (e: React.KeyboardEvent, i: number) => {
    let next = -1;
    if (e.key === 'ArrowRight') next = (i + 1) % SESSION_TABS.length;
    if (e.key === 'ArrowLeft') next = (i - 1 + SESSION_TABS.length) % SESSION_TABS.length;
    if (e.key === 'Home') next = 0;
    if (e.key === 'End') next = SESSION_TABS.length - 1;
    if (next >= 0) {
      e.preventDefault();
      go(SESSION_TABS[next]);
      tabRefs.current[SESSION_TABS[next]]?.focus();
    }
  };

  return (
    <div className="flex h-full flex-col">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-slate-800 px-4 py-2">
        <h1 className="min-w-0 truncate text-base font-semibold" data-testid="session-title">
          {record ? sessionName(record) : session}
        </h1>
        {record && <StateBadge state={record.state} />}
        {record && (
          <span className="text-xs text-slate-300">
            {record.kind} · started {ago(record.createdAt)} · active {ago(record.lastActiveAt)}
          </span>
        )}
        <div className="ml-auto flex gap-2">
          {record && !final && (
            <button className="btn btn-sm" onClick={() => void stopSession(session)} data-testid="stop-session">
              Stop
            </button>
          )}
          {record && final && (
            <button className="btn btn-sm" onClick={() => void resumeSession(session)} data-testid="resume-session">
              Resume
            </button>
          )}
        </div>
        {error && (
          <p role="alert" className="w-full text-sm text-rose-200">
            {error}
          </p>
        )}
        {starting && (
          <div className="w-full" role="status" data-testid="session-starting">
            <p className="text-xs text-amber-200">Starting the session’s sandbox…</p>
            <div className="mt-1 h-1 w-full overflow-hidden rounded bg-slate-800" role="progressbar" aria-label="Starting the session">
              <div className="h-full w-1/3 animate-pulse rounded bg-amber-400" />
            </div>
          </div>
        )}
      </div>
      <div role="tablist" aria-label="Session views" className="flex gap-1 overflow-x-auto overflow-y-hidden border-b border-slate-800 px-3">
        {SESSION_TABS.map((t, i) => (
          <button
            key={t}
            ref={(el) => {
              tabRefs.current[t] = el;
            }}
            role="tab"
            id={`tab-${t}`}
            aria-selected={tab === t}
            aria-controls={`panel-${t}`}
            tabIndex={tab === t ? 0 : -1}
            onClick={() => go(t)}
            onKeyDown={(e) => onTabKey(e, i)}
            data-testid={`tab-${t}`}
            className={`-mb-px shrink-0 border-b-2 px-3 py-2 text-sm whitespace-nowrap ${tab === t ? 'border-sky-400 text-white' : 'border-transparent text-slate-300 hover:text-white'}`}
          >
            {TAB_LABEL[t]}
          </button>
        ))}
      </div>
      {SESSION_TABS.filter((t) => opened.has(t)).map((t) => (
        <div key={t} role="tabpanel" id={`panel-${t}`} aria-labelledby={`tab-${t}`} hidden={tab !== t} className="min-h-0 flex-1">
          <Suspense fallback={<p className="p-4 text-slate-300">Loading…</p>}>
            {t === 'chat' && <ChatPanel org={org} session={session} final={final} record={record} active={tab === 'chat'} onReconnected={onReconnected} />}
            {t === 'files' && <FilesPanel org={org} session={session} readOnly={final} />}
            {t === 'terminal' && <TerminalPanel org={org} session={session} active={tab === 'terminal'} disabled={final} />}
            {t === 'checkpoints' && <CheckpointsPanel org={org} session={session} readOnly={final} />}
            {t === 'visualise' && <VisualPanel org={org} project={project} session={session} view={view} active={tab === 'visualise'} readOnly={final} />}
          </Suspense>
        </div>
      ))}
    </div>
  );
}
