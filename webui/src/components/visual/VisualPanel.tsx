import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { navigate, VISUAL_VIEWS, type VisualView } from '../../stores/router';

// each view is its own chunk, loaded when first shown
const WorkflowView = lazy(() => import('./WorkflowView'));
const DeckView = lazy(() => import('./DeckView'));
const DataView = lazy(() => import('./DataView'));
const AgentsView = lazy(() => import('./AgentsView'));

/** The tabs' names; the SDD calls them dev-tools, pitch-deck, lims and agents. */
export const VIEW_LABEL: Record<VisualView, string> = { workflow: 'Workflow', deck: 'Pitch deck', data: 'Market analysis', agents: 'Agents' };

/** The view shown when the address names none: the last one opened in this page. */
let lastView: VisualView = 'workflow';

/** The visualisation panel of a session: tabs for the workflow, pitch decks, market data and agents. */
export default function VisualPanel({
  org,
  project,
  session,
  view,
  active,
  readOnly,
}: {
  org: string;
  project: string;
  session: string;
  view?: VisualView;
  active: boolean;
  readOnly: boolean;
}) {
  const current = view ?? lastView;
  const [opened, setOpened] = useState<Set<VisualView>>(() => new Set([current]));
  const tabs = useRef<Record<string, HTMLButtonElement | null>>({});

  useEffect(() => {
    lastView = current;
    setOpened((o) => (o.has(current) ? o : new Set([...o, current])));
    void tabs.current[current]?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
  }, [current]);

  const go = (v: VisualView) => navigate({ name: 'session', org, project, session, tab: 'visualise', view: v });

  const onKey = (e: React.KeyboardEvent, i: number) => {
    const n = VISUAL_VIEWS.length;
    const next = e.key === 'ArrowRight' ? (i + 1) % n : e.key === 'ArrowLeft' ? (i - 1 + n) % n : e.key === 'Home' ? 0 : e.key === 'End' ? n - 1 : -1;
    if (next < 0) return;
    e.preventDefault();
    go(VISUAL_VIEWS[next]);
    tabs.current[VISUAL_VIEWS[next]]?.focus();
  };

  return (
    <section className="flex h-full min-h-0 flex-col" aria-label="Visualisations" data-testid="visual-panel">
      <div role="tablist" aria-label="Visualisations" className="flex gap-1 overflow-x-auto overflow-y-hidden border-b border-slate-800 bg-slate-900/40 px-3">
        {VISUAL_VIEWS.map((v, i) => (
          <button
            key={v}
            ref={(el) => {
              tabs.current[v] = el;
            }}
            role="tab"
            id={`vtab-${v}`}
            aria-selected={current === v}
            aria-controls={`vpanel-${v}`}
            tabIndex={current === v ? 0 : -1}
            onClick={() => go(v)}
            onKeyDown={(e) => onKey(e, i)}
            data-testid={`vtab-${v}`}
            className={`-mb-px shrink-0 border-b-2 px-3 py-1.5 text-sm whitespace-nowrap ${current === v ? 'border-sky-400 text-white' : 'border-transparent text-slate-300 hover:text-white'}`}
          >
            {VIEW_LABEL[v]}
          </button>
        ))}
      </div>
      {VISUAL_VIEWS.filter((v) => opened.has(v)).map((v) => (
        <div key={v} role="tabpanel" id={`vpanel-${v}`} aria-labelledby={`vtab-${v}`} hidden={current !== v} className="min-h-0 flex-1">
          <Suspense fallback={<p className="p-4 text-slate-300">Loading…</p>}>
            {v === 'workflow' && <WorkflowView org={org} project={project} session={session} active={active && current === v} />}
            {v === 'deck' && <DeckView org={org} session={session} active={active && current === v} readOnly={readOnly} />}
            {v === 'data' && <DataView org={org} session={session} active={active && current === v} />}
            {v === 'agents' && <AgentsView org={org} project={project} active={active && current === v} />}
          </Suspense>
        </div>
      ))}
    </section>
  );
}
