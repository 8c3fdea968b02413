import { navigate, useRouter } from '../../stores/router';
import { useWorkspace } from '../../stores/workspace';
import { useCommands } from '../../lib/useCommands';

/** Organisation, team and project of the page, as three selects. */
export function Switcher({ onCreateProject }: { onCreateProject(): void }) {
  const route = useRouter((s) => s.route);
  const { orgs, teams, team, projects, setTeam, loading } = useWorkspace();
  const org = 'org' in route ? route.org : '';
  const project = 'project' in route ? route.project : '';
  const shown = team ? projects.filter((p) => p.teamId === team) : projects;

  useCommands(
    [
      ...orgs
        .filter((o) => o.id !== org)
        .map((o) => ({ id: `org:${o.id}`, section: 'Organisation', title: `Switch to ${o.name}`, keywords: o.id, run: () => navigate({ name: 'org', org: o.id }) })),
      { id: 'team:all', section: 'Team', title: 'Show all teams', run: () => setTeam(null) },
      ...teams.map((t) => ({ id: `team:${t.id}`, section: 'Team', title: `Show team ${t.name}`, keywords: t.id, run: () => setTeam(t.id) })),
    ],
    [orgs, teams, org],
  );

  return (
    <nav aria-label="Organisation, team and project" className="flex flex-wrap items-center gap-2">
      <label className="sr-only" htmlFor="switch-org">
        Organisation
      </label>
      <select
        id="switch-org"
        data-testid="switch-org"
        className="field w-auto py-1"
        value={org}
        onChange={(e) => navigate({ name: 'org', org: e.target.value })}
        disabled={loading.orgs}
      >
        {!orgs.some((o) => o.id === org) && org && <option value={org}>{org}</option>}
        {orgs.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
      <label className="sr-only" htmlFor="switch-team">
        Team
      </label>
      <select id="switch-team" data-testid="switch-team" className="field w-auto py-1" value={team ?? ''} onChange={(e) => setTeam(e.target.value || null)}>
        <option value="">All teams</option>
        {teams.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name}
          </option>
        ))}
      </select>
      <label className="sr-only" htmlFor="switch-project">
        Project
      </label>
      <select
        id="switch-project"
        data-testid="switch-project"
        className="field w-auto max-w-48 py-1"
        value={project}
        onChange={(e) => (e.target.value ? navigate({ name: 'project', org, project: e.target.value }) : navigate({ name: 'org', org }))}
      >
        <option value="">{loading.org ? 'Loading projects…' : 'Choose a project'}</option>
        {project && !shown.some((p) => p.id === project) && <option value={project}>{project}</option>}
        {shown.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
      <button className="btn btn-sm" onClick={onCreateProject} data-testid="new-project">
        + Project
      </button>
    </nav>
  );
}
