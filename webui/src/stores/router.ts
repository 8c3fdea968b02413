// Client routes (History API). The studio's servlet answers every extension-less path with
// index.html, so each of these URLs can be reloaded or shared.
import { create } from 'zustand';

export type SessionTab = 'chat' | 'files' | 'terminal' | 'checkpoints' | 'visualise';
export const SESSION_TABS: SessionTab[] = ['chat', 'files', 'terminal', 'checkpoints', 'visualise'];

/** The views of the visualisation panel (SDD: dev-tools, pitch-deck, lims, agents). */
export type VisualView = 'workflow' | 'deck' | 'data' | 'agents';
export const VISUAL_VIEWS: VisualView[] = ['workflow', 'deck', 'data', 'agents'];

/** The pages of the Administration area (`/orgs/{org}/admin/…`); a team's members are `teams/{team}`. */
export type AdminSection = 'teams' | 'users' | 'api-keys';
export const ADMIN_SECTIONS: AdminSection[] = ['teams', 'users', 'api-keys'];

export type Route =
  | { name: 'home' }
  | { name: 'org'; org: string }
  | { name: 'project'; org: string; project: string }
  | { name: 'session'; org: string; project: string; session: string; tab: SessionTab; view?: VisualView }
  | { name: 'admin'; org: string; section: AdminSection; team?: string }
  | { name: 'notfound'; path: string };

const dec = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

export function parseRoute(path: string): Route {
  const parts = path.split('/').filter(Boolean).map(dec);
  if (parts.length === 0) return { name: 'home' };
  if (parts[0] !== 'orgs' || parts.length < 2) return { name: 'notfound', path };
  const org = parts[1];
  if (parts.length === 2) return { name: 'org', org };
  if (parts[2] === 'admin') {
    const section = (parts[3] ?? 'teams') as AdminSection;
    if (parts.length > 5 || !ADMIN_SECTIONS.includes(section) || (parts.length === 5 && section !== 'teams')) return { name: 'notfound', path };
    return parts.length === 5 ? { name: 'admin', org, section, team: parts[4] } : { name: 'admin', org, section };
  }
  if (parts[2] !== 'projects' || parts.length < 4) return { name: 'notfound', path };
  const project = parts[3];
  if (parts.length === 4) return { name: 'project', org, project };
  if (parts[4] !== 'sessions' || parts.length < 6 || parts.length > 8) return { name: 'notfound', path };
  const tab = (parts[6] ?? 'chat') as SessionTab;
  if (!SESSION_TABS.includes(tab)) return { name: 'notfound', path };
  if (parts.length === 8) {
    const view = parts[7] as VisualView;
    if (tab !== 'visualise' || !VISUAL_VIEWS.includes(view)) return { name: 'notfound', path };
    return { name: 'session', org, project, session: parts[5], tab, view };
  }
  return { name: 'session', org, project, session: parts[5], tab };
}

const enc = encodeURIComponent;

export function routePath(route: Route): string {
  switch (route.name) {
    case 'home':
      return '/';
    case 'org':
      return `/orgs/${enc(route.org)}`;
    case 'project':
      return `/orgs/${enc(route.org)}/projects/${enc(route.project)}`;
    case 'session':
      return `/orgs/${enc(route.org)}/projects/${enc(route.project)}/sessions/${enc(route.session)}${route.tab === 'chat' ? '' : `/${route.tab}`}${
        route.tab === 'visualise' && route.view ? `/${route.view}` : ''
      }`;
    case 'admin':
      return `/orgs/${enc(route.org)}/admin/${route.section}${route.team !== undefined ? `/${enc(route.team)}` : ''}`;
    case 'notfound':
      return route.path;
  }
}

interface RouterState {
  route: Route;
  navigate(to: Route | string, options?: { replace?: boolean }): void;
}

export const useRouter = create<RouterState>()((set) => ({
  route: parseRoute(window.location.pathname),
  navigate(to, options = {}) {
    const path = typeof to === 'string' ? to : routePath(to);
    if (path !== window.location.pathname) {
      if (options.replace) history.replaceState(null, '', path);
      else history.pushState(null, '', path);
    }
    set({ route: parseRoute(path) });
  },
}));

window.addEventListener('popstate', () => {
  useRouter.setState({ route: parseRoute(window.location.pathname) });
});

export function navigate(to: Route | string, options?: { replace?: boolean }): void {
  useRouter.getState().navigate(to, options);
}
