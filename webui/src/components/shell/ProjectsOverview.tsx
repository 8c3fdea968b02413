import { navigate, useRouter } from '../../stores/router';
import { useWorkspace } from '../../stores/workspace';

/** The projects of the organisation (of the chosen team). */
export function ProjectsOverview({ compact = false }: { compact?: boolean }) {
  const route = useRouter((s) => s.route);
  const { projects, team, teams, loading, error } = useWorkspace();
  const org = 'org' in route ? route.org : null;
  const shown = team ? projects.filter((p) => p.teamId === team) : projects;
  const teamName = (id: string) => teams.find((t) => t.id === id)?.name ?? id;
  if (!org) return null;

  return (
    <section aria-labelledby="projects-title" className={compact ? 'flex min-h-0 flex-1 flex-col p-3' : ''}>
      <h2 id="projects-title" className={compact ? 'mb-2 text-xs font-semibold tracking-wide text-slate-300 uppercase' : 'mb-3 text-lg font-semibold'}>
        Projects
      </h2>
      {error && !compact && (
        <p role="alert" className="mb-3 text-sm text-rose-200">
          {error}
        </p>
      )}
      {loading.org && <p className="text-sm text-slate-300">Loading…</p>}
      {!loading.org && shown.length === 0 && <p className="text-sm text-slate-300">No project yet: create one with “+ Project”.</p>}
      <ul className={compact ? 'min-h-0 flex-1 space-y-1 overflow-y-auto' : 'grid gap-3 sm:grid-cols-2 xl:grid-cols-3'}>
        {shown.map((p) => (
          <li key={p.id}>
            <a
              href={`/orgs/${encodeURIComponent(org)}/projects/${encodeURIComponent(p.id)}`}
              onClick={(e) => {
                e.preventDefault();
                navigate({ name: 'project', org, project: p.id });
              }}
              data-testid={`project-${p.id}`}
              className={
                compact
                  ? 'block truncate rounded px-2 py-1.5 text-sm text-slate-100 hover:bg-slate-800'
                  : 'block rounded-lg border border-slate-700 bg-slate-900 p-4 hover:border-sky-500'
              }
            >
              <span className="font-medium">{p.name}</span>
              {!compact && (
                <>
                  <span className="mt-1 block text-xs text-slate-400">
                    {teamName(p.teamId)} · {p.id}
                  </span>
                  {p.description && <span className="mt-2 block text-sm text-slate-300">{p.description}</span>}
                </>
              )}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
