import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Membership, User } from '../../api/types';
import { adminRights } from '../../lib/adminRights';
import { useAuth } from '../../stores/auth';
import { fakeApi, me, page, problem } from '../../test/fakeApi';
import { TeamMembersPage } from './TeamMembersPage';

const user = (id: string, displayName: string): User => ({ orgId: 'o', id, email: `${id}@o.test`, displayName, disabled: false, createdAt: null });
const held = (userId: string, role: Membership['role']): Membership => ({ orgId: 'o', userId, teamId: 'core', role, grantedAt: '2026-01-01T00:00:00Z' });
const USERS = [user('bob', 'Bob'), user('cy', 'Cy')];

function api(extra: Parameters<typeof fakeApi>[0] = {}) {
  return fakeApi({
    'GET /api/v1/orgs/o/teams/core': () => ({ json: { orgId: 'o', id: 'core', name: 'Core team' } }),
    'GET /api/v1/orgs/o/members': () => ({ json: page([held('cy', 'DEVELOPER'), held('bob', 'TEAM_ADMIN')]) }),
    'GET /api/v1/orgs/o/users': ({ url }) => ({ json: page(url.searchParams.get('team') ? USERS : [...USERS, user('dee', 'Dee')]) }),
    ...extra,
  });
}

function renderAs(who = me()) {
  useAuth.setState({ me: who });
  return render(<TeamMembersPage org="o" team="core" rights={adminRights(who, 'o')} />);
}

afterEach(() => {
  vi.unstubAllGlobals();
  useAuth.setState({ me: null });
});

describe('TeamMembersPage', () => {
  it('lists the members with their roles, sorted by name', async () => {
    const fake = api();
    renderAs();
    expect(await screen.findByRole('heading', { name: 'Members of Core team' })).toBeTruthy();
    await screen.findByTestId('member-bob');
    expect((screen.getByLabelText('Role of Bob') as HTMLSelectElement).value).toBe('TEAM_ADMIN');
    expect((screen.getByLabelText('Role of Cy') as HTMLSelectElement).value).toBe('DEVELOPER');
    const names = screen.getAllByTestId(/^member-/).map((r) => r.getAttribute('data-testid'));
    expect(names).toEqual(['member-bob', 'member-cy']);
    expect(fake.sent('GET', '/api/v1/orgs/o/members')[0].url.searchParams.get('team')).toBe('core');
  });

  it('changes a role with a PUT, and puts it back when the studio refuses', async () => {
    const fake = api({
      'PUT /api/v1/orgs/o/members/cy': ({ body }) => ({ json: { ...held('cy', (body as { role: Membership['role'] }).role) } }),
      'PUT /api/v1/orgs/o/members/bob': () => problem(403, "granting a role needs Team Admin in team 'core'"),
    });
    renderAs();
    await screen.findByTestId('member-cy');
    fireEvent.change(screen.getByLabelText('Role of Cy'), { target: { value: 'PROJECT_LEAD' } });
    await waitFor(() => expect(fake.sent('PUT', '/api/v1/orgs/o/members/cy')).toHaveLength(1));
    expect(fake.sent('PUT', '/api/v1/orgs/o/members/cy')[0].body).toEqual({ teamId: 'core', role: 'PROJECT_LEAD' });
    await waitFor(() => expect((screen.getByLabelText('Role of Cy') as HTMLSelectElement).value).toBe('PROJECT_LEAD'));

    fireEvent.change(screen.getByLabelText('Role of Bob'), { target: { value: 'ANALYST' } });
    expect(await screen.findByRole('alert')).toHaveTextContent("Not allowed: granting a role needs Team Admin in team 'core'");
    expect((screen.getByLabelText('Role of Bob') as HTMLSelectElement).value).toBe('TEAM_ADMIN');
  });

  it('adds a user with a role and removes a member after confirmation', async () => {
    const fake = api({
      'PUT /api/v1/orgs/o/members/dee': ({ body }) => ({ json: { ...held('dee', (body as { role: Membership['role'] }).role) } }),
      'DELETE /api/v1/orgs/o/members/cy': () => ({ status: 204 }),
    });
    renderAs();
    await screen.findByTestId('member-cy');
    fireEvent.click(screen.getByRole('button', { name: 'Add member' }));
    const dialog = screen.getByTestId('add-member-dialog');
    await within(dialog).findByRole('option', { name: /Dee/ });
    fireEvent.change(within(dialog).getByLabelText('User'), { target: { value: 'dee' } });
    fireEvent.change(within(dialog).getByLabelText('Role'), { target: { value: 'ANALYST' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add member' }));
    await waitFor(() => expect(screen.queryByTestId('add-member-dialog')).toBeNull());
    expect(fake.sent('PUT', '/api/v1/orgs/o/members/dee')[0].body).toEqual({ teamId: 'core', role: 'ANALYST' });
    expect((screen.getByLabelText('Role of Dee') as HTMLSelectElement).value).toBe('ANALYST');

    fireEvent.click(screen.getByRole('button', { name: 'Remove Cy from Core team' }));
    fireEvent.click(within(screen.getByTestId('confirm-dialog')).getByRole('button', { name: 'Remove from team' }));
    await waitFor(() => expect(screen.queryByTestId('member-cy')).toBeNull());
    expect(fake.sent('DELETE', '/api/v1/orgs/o/members/cy')[0].url.searchParams.get('team')).toBe('core');
  });

  it('shows the roles read-only to someone who does not manage this team', async () => {
    api();
    renderAs(me({ orgRole: null, teamRoles: { core: 'DEVELOPER', web: 'TEAM_ADMIN' } }));
    const row = await screen.findByTestId('member-bob');
    expect(row).toHaveTextContent('Team Admin');
    expect(screen.queryByRole('combobox')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Add member' })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Remove/ })).toBeNull();
  });
});
