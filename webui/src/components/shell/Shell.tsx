import { lazy, Suspense, useEffect, useState } from 'react';
import { useAuth } from '../../stores/auth';
import { navigate, useRouter, type Route } from '../../stores/router';
import { useWorkspace } from '../../stores/workspace';
import { usePalette } from '../../stores/palette';
import { useCommands } from '../../lib/useCommands';
import { adminRights } from '../../lib/adminRights';
import { Switcher } from './Switcher';
import { ProjectDialog } from './ProjectDialog';
import { ProjectsOverview } from './ProjectsOverview';
import { SessionList } from './SessionList';
import { SearchDialog } from './SearchDialog';
import { chunks } from '../../lib/chunks';

const SessionView = lazy(chunks.sessionView);
const AdminArea = lazy(chunks.adminArea);

function orgOf(route: Route): string | null {
  return 'org' in route ? route.org : null;
}

function projectOf(route: Route): string | null {
  return 'project' in route ? route.project : null;
}

export function Shell() {
  const me = useAuth((s) => s.me)!;
  const logout = useAuth((s) => s.logout);
  const route = useRouter((s) => s.route);
  const { loadOrgs, openOrg, loadSessions, projects } = useWorkspace();
  const [sidebar, setSidebar] = useState(false);
  const [creating, setCreating] = useState(false);
  const [searching, setSearching] = useState(false);
  const org = orgOf(route);
  const project = projectOf(route);
  const rights = adminRights(me, org);

  useEffect(() => {
    void loadOrgs(me.orgId);
  }, [loadOrgs, me.orgId]);

  useEffect(() => {
    if (route.name === 'home') navigate({ name: 'org', org: me.orgId }, { replace: true });
  }, [route, me.orgId]);

  useEffect(() => {
    if (org) void openOrg(org);
  }, [org, openOrg]);

  useEffect(() => {
    if (!org || !project) return;
    void loadSessions(project);
    const t = setInterval(() => void loadSessions(project), 15_000);
    return () => clearInterval(t);
  }, [org, project, loadSessions]);

  // the drawer closes when the place changes (narrow windows)
  useEffect(() => setSidebar(false), [route]);

  useCommands(
    [
      { id: 'app:new-project', section: 'Project', title: 'Create project…', keywords: 'new add', run: () => setCreating(true) },
      { id: 'app:search', section: 'Chat', title: 'Search conversations…', keywords: 'find history', run: () => setSearching(true) },
      { id: 'app:sidebar', section: 'View', title: 'Show or hide the sidebar', run: () => setSidebar((v) => !v) },
      { id: 'app:logout', section: 'Account', title: 'Log out', keywords: 'sign out', run: () => void logout() },
      ...(org
        ? [
            ...(rights.read
              ? [
                  { id: 'admin:teams', section: 'Administration', title: 'Teams and members', keywords: 'admin roles', run: () => navigate({ name: 'admin', org, section: 'teams' }) },
                  { id: 'admin:users', section: 'Administration', title: 'Users', keywords: 'admin people accounts password', run: () => navigate({ name: 'admin', org, section: 'users' }) },
                ]
              : []),
            { id: 'admin:api-keys', section: 'Account', title: 'My API keys', keywords: 'tokens admin', run: () => navigate({ name: 'admin', org, section: 'api-keys' }) },
          ]
        : []),
      ...(org
        ? projects.map((p) => ({
            id: `goto-project:${p.id}`,
            section: 'Go to project',
            title: p.name,
            keywords: `${p.id} ${p.teamId}`,
            run: () => navigate({ name: 'project', org, project: p.id }),
          }))
        : []),
    ],
    [projects, org, logout, rights.read],
  );

  return (
    <div className="flex h-full flex-col">
      <a href="#main" className="sr-only-focusable absolute top-1 left-1 z-50 rounded bg-sky-700 px-3 py-1 text-white">
        Skip to content
      </a>
      <header className="flex flex-wrap items-center gap-2 border-b border-slate-800 bg-slate-900 px-3 py-2">
        <button className="btn btn-ghost btn-sm lg:hidden" aria-label="Sessions and projects" aria-expanded={sidebar} aria-controls="sidebar" onClick={() => setSidebar((v) => !v)}>
          ☰
        </button>
        <a
          href={org ? `/orgs/${encodeURIComponent(org)}` : '/'}
          onClick={(e) => {
            e.preventDefault();
            navigate(org ? { name: 'org', org } : { name: 'home' });
          }}
          className="mr-2 font-semibold tracking-tight text-sky-300"
        >
          CODITECT Studio
        </a>
        <Switcher onCreateProject={() => setCreating(true)} />
        <div className="ml-auto flex items-center gap-2">
          {org && rights.administer && (
            <a
              href={`/orgs/${encodeURIComponent(org)}/admin/teams`}
              onClick={(e) => {
                e.preventDefault();
                navigate({ name: 'admin', org, section: 'teams' });
              }}
              aria-current={route.name === 'admin' ? 'page' : undefined}
              className="btn btn-sm"
              data-testid="open-admin"
            >
              Administration
            </a>
          )}
          <button className="btn btn-sm" onClick={() => usePalette.getState().show()} aria-keyshortcuts="Control+K Meta+K" data-testid="open-palette">
            Commands <kbd className="rounded border border-slate-500 px-1 text-[10px]">Ctrl K</kbd>
          </button>
          <span className="hidden text-sm text-slate-300 md:inline" title={me.email ?? undefined}>
            {me.displayName ?? me.userId}
          </span>
          <button className="btn btn-sm" onClick={() => void logout()} data-testid="logout">
            Log out
          </button>
        </div>
      </header>
      <div className="relative flex min-h-0 flex-1">
        <aside
          id="sidebar"
          aria-label="Sessions"
          className={`${sidebar ? 'flex' : 'hidden'} absolute inset-y-0 left-0 z-30 w-72 flex-col border-r border-slate-800 bg-slate-900 shadow-xl lg:static lg:flex lg:shadow-none`}
        >
          {route.name === 'session' ? (
            <SessionList org={route.org} project={route.project} activeSession={route.session} compact />
          ) : (
            <ProjectsOverview compact />
          )}
        </aside>
        <main id="main" tabIndex={-1} className="min-w-0 flex-1 overflow-hidden">
          <Content route={route} />
        </main>
      </div>
      {creating && <ProjectDialog onClose={() => setCreating(false)} />}
      {searching && <SearchDialog onClose={() => setSearching(false)} />}
    </div>
  );
}

function Content({ route }: { route: Route }) {
  switch (route.name) {
    case 'home':
      return null;
    case 'org':
      return (
        <div className="h-full overflow-y-auto p-4">
          <ProjectsOverview />
        </div>
      );
    case 'project':
      return (
        <div className="h-full overflow-y-auto p-4">
          <SessionList org={route.org} project={route.project} activeSession={null} />
        </div>
      );
    case 'session':
      return (
        <Suspense fallback={<p className="p-4 text-slate-300">Loading the session…</p>}>
          <SessionView key={route.session} org={route.org} project={route.project} session={route.session} tab={route.tab} view={route.view} />
        </Suspense>
      );
    case 'admin':
      return (
        <Suspense fallback={<p className="p-4 text-slate-300">Loading the administration…</p>}>
          <AdminArea org={route.org} section={route.section} team={route.team} />
        </Suspense>
      );
    case 'notfound':
      return (
        <div className="p-6">
          <h1 className="text-lg font-semibold">Nothing here</h1>
          <p className="text-slate-300">There is no page at {route.path}.</p>
        </div>
      );
  }
}
