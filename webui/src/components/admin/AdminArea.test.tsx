import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useAuth } from '../../stores/auth';
import { usePalette } from '../../stores/palette';
import { navigate } from '../../stores/router';
import { useWorkspace } from '../../stores/workspace';
import { fakeApi, me, page } from '../../test/fakeApi';
import { Shell } from '../shell/Shell';

// the area is a lazy chunk: its first import can take a while on a busy machine
const LAZY = { timeout: 10_000 };
const TEAMS = [{ orgId: 'o', id: 'core', name: 'Core team' }];

beforeEach(() => {
  usePalette.setState({ sources: {} });
  useWorkspace.setState({ org: null, orgs: [], teams: [], projects: [] });
  fakeApi({
    'GET /api/v1/orgs': () => ({ json: page([{ id: 'o', name: 'Org O' }]) }),
    'GET /api/v1/orgs/o/teams': () => ({ json: page(TEAMS) }),
    'GET /api/v1/orgs/o/teams/core': () => ({ json: TEAMS[0] }),
    'GET /api/v1/orgs/o/projects': () => ({ json: page([]) }),
    'GET /api/v1/orgs/o/users': () => ({ json: page([{ orgId: 'o', id: 'ann', email: 'ann@o.test', displayName: 'Ann', disabled: false, createdAt: null }]) }),
    'GET /api/v1/orgs/o/members': () => ({ json: page([]) }),
    'GET /api/v1/orgs/o/api-keys': () => ({ json: page([]) }),
  });
});

afterEach(() => {
  cleanup(); // before the login goes: the shell needs it
  vi.unstubAllGlobals();
  useAuth.setState({ me: null });
});

describe('Administration in the shell', () => {
  it('offers the area to an administrator: a link, palette commands and lazily loaded pages', async () => {
    useAuth.setState({ me: me() });
    navigate('/orgs/o');
    render(<Shell />);
    const link = screen.getByTestId('open-admin');
    expect(link).toHaveAttribute('href', '/orgs/o/admin/teams');
    const ids = usePalette.getState().all().map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining(['admin:teams', 'admin:users', 'admin:api-keys']));

    fireEvent.click(link);
    expect(window.location.pathname).toBe('/orgs/o/admin/teams');
    expect(await screen.findByRole('heading', { name: 'Teams' }, LAZY)).toBeTruthy();
    expect(await screen.findByRole('link', { name: 'Core team' })).toBeTruthy();
    expect(link).toHaveAttribute('aria-current', 'page');

    const nav = screen.getByRole('navigation', { name: 'Administration' });
    fireEvent.click(within(nav).getByRole('link', { name: 'Users' }));
    expect(await screen.findByRole('heading', { name: 'Users' })).toBeTruthy();
    expect(within(nav).getByRole('link', { name: 'Users' })).toHaveAttribute('aria-current', 'page');

    await act(() => usePalette.getState().run(usePalette.getState().visible().findIndex((c) => c.id === 'admin:api-keys')));
    expect(window.location.pathname).toBe('/orgs/o/admin/api-keys');
    expect(await screen.findByRole('heading', { name: 'My API keys' })).toBeTruthy();
  });

  it('gives a developer no link, but their API keys and a read-only directory', async () => {
    useAuth.setState({ me: me({ orgRole: null, teamRoles: { core: 'DEVELOPER' } }) });
    navigate('/orgs/o');
    render(<Shell />);
    expect(screen.queryByTestId('open-admin')).toBeNull();
    expect(usePalette.getState().all().some((c) => c.id === 'admin:api-keys')).toBe(true);
    act(() => navigate('/orgs/o/admin/teams/core'));
    expect(await screen.findByRole('heading', { name: 'Members of Core team' }, LAZY)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Add member' })).toBeNull();
  });

  it('tells someone without a role that there is nothing to see', async () => {
    useAuth.setState({ me: me({ orgRole: null, teamRoles: {} }) });
    navigate('/orgs/o/admin/users');
    render(<Shell />);
    expect(await screen.findByText(/You hold no role in/, {}, LAZY)).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Users' })).toBeNull();
  });
});
