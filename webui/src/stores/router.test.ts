import { describe, expect, it } from 'vitest';
import { parseRoute, routePath, type Route } from './router';

describe('routes', () => {
  it.each<[string, Route]>([
    ['/', { name: 'home' }],
    ['/orgs/acme', { name: 'org', org: 'acme' }],
    ['/orgs/acme/projects/web', { name: 'project', org: 'acme', project: 'web' }],
    ['/orgs/acme/projects/web/sessions/s-1', { name: 'session', org: 'acme', project: 'web', session: 's-1', tab: 'chat' }],
    ['/orgs/acme/projects/web/sessions/s-1/terminal', { name: 'session', org: 'acme', project: 'web', session: 's-1', tab: 'terminal' }],
    ['/orgs/acme/projects/web/sessions/s-1/visualise', { name: 'session', org: 'acme', project: 'web', session: 's-1', tab: 'visualise' }],
    ['/orgs/acme/projects/web/sessions/s-1/visualise/deck', { name: 'session', org: 'acme', project: 'web', session: 's-1', tab: 'visualise', view: 'deck' }],
    ['/orgs/a%20b', { name: 'org', org: 'a b' }],
    ['/orgs/acme/admin/teams', { name: 'admin', org: 'acme', section: 'teams' }],
    ['/orgs/acme/admin/teams/web', { name: 'admin', org: 'acme', section: 'teams', team: 'web' }],
    ['/orgs/acme/admin/users', { name: 'admin', org: 'acme', section: 'users' }],
    ['/orgs/acme/admin/api-keys', { name: 'admin', org: 'acme', section: 'api-keys' }],
  ])('%s', (path, route) => {
    expect(parseRoute(path)).toEqual(route);
    expect(routePath(route)).toBe(path);
  });

  it('knows unknown places', () => {
    expect(parseRoute('/elsewhere').name).toBe('notfound');
    expect(parseRoute('/orgs/a/projects/b/sessions/c/nope').name).toBe('notfound');
    expect(parseRoute('/orgs/a/projects/b/sessions/c/visualise/nope').name).toBe('notfound');
    expect(parseRoute('/orgs/a/projects/b/sessions/c/files/deck').name).toBe('notfound');
    expect(parseRoute('/orgs/a/admin')).toEqual({ name: 'admin', org: 'a', section: 'teams' });
    expect(parseRoute('/orgs/a/admin/nope').name).toBe('notfound');
    expect(parseRoute('/orgs/a/admin/users/x').name).toBe('notfound');
    expect(parseRoute('/orgs/a/admin/teams/x/y').name).toBe('notfound');
  });
});
