import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { User } from '../../api/types';
import { adminRights } from '../../lib/adminRights';
import { useAuth } from '../../stores/auth';
import { fakeApi, me, page, problem } from '../../test/fakeApi';
import { UsersPage } from './UsersPage';

const user = (id: string, displayName: string, disabled = false): User => ({ orgId: 'o', id, email: `${id}@o.test`, displayName, disabled, createdAt: null });
const USERS = [user('ann', 'Ann'), user('bob', 'Bob'), user('cy', 'Cy', true)];

function api(extra: Parameters<typeof fakeApi>[0] = {}) {
  return fakeApi({
    'GET /api/v1/orgs/o/users': ({ url }) => {
      const disabled = url.searchParams.get('disabled');
      return { json: page(USERS.filter((u) => disabled === null || String(u.disabled) === disabled)) };
    },
    'GET /api/v1/orgs/o/members': ({ url }) => ({ json: page(url.searchParams.get('role') === 'ORG_ADMIN' ? [{ orgId: 'o', userId: 'ann', teamId: null, role: 'ORG_ADMIN', grantedAt: null }] : []) }),
    ...extra,
  });
}

function renderAs(who = me()) {
  useAuth.setState({ me: who });
  return render(<UsersPage org="o" rights={adminRights(who, 'o')} />);
}

afterEach(() => {
  vi.unstubAllGlobals();
  useAuth.setState({ me: null });
});

describe('UsersPage', () => {
  it('lists users with their organisation role and status, filtered on the server', async () => {
    const fake = api();
    renderAs();
    const ann = await screen.findByTestId('user-ann');
    expect(ann).toHaveTextContent('(you)');
    await waitFor(() => expect((screen.getByLabelText('Organisation role of Ann') as HTMLSelectElement).value).toBe('ORG_ADMIN'));
    expect(screen.getByTestId('user-cy')).toHaveTextContent('Disabled');
    // nobody disables or deletes themself from here
    expect(screen.queryByRole('button', { name: 'Disable Ann' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Enable Cy' })).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Show'), { target: { value: 'disabled' } });
    await waitFor(() => expect(screen.queryByTestId('user-bob')).toBeNull());
    expect(fake.sent('GET', '/api/v1/orgs/o/users').at(-1)!.url.searchParams.get('disabled')).toBe('true');
  });

  it('checks a new user before sending, and shows the studio’s answer in the dialog', async () => {
    const fake = api({ 'POST /api/v1/orgs/o/users': () => problem(400, "e-mail 'dee@o' is already used by user 'dee' in organisation 'o'") });
    renderAs();
    await screen.findByTestId('user-bob');
    fireEvent.click(screen.getByRole('button', { name: 'Create user' }));
    const dialog = screen.getByTestId('create-user-dialog');
    fireEvent.change(within(dialog).getByLabelText('E-mail'), { target: { value: 'dee.dee@o.test' } });
    fireEvent.change(within(dialog).getByLabelText('Display name'), { target: { value: 'Dee' } });
    fireEvent.change(within(dialog).getByLabelText('Initial password'), { target: { value: 'too short' } });
    expect((within(dialog).getByLabelText('Id') as HTMLInputElement).value).toBe('dee-dee');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create user' }));
    expect(within(dialog).getByText(/too short: use at least 12/)).toBeTruthy();
    expect(fake.sent('POST', '/api/v1/orgs/o/users')).toHaveLength(0);

    fireEvent.change(within(dialog).getByLabelText('Initial password'), { target: { value: 'a long enough secret' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create user' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent("e-mail 'dee@o' is already used by user 'dee'");
    expect(fake.sent('POST', '/api/v1/orgs/o/users')[0].body).toEqual({ id: 'dee-dee', email: 'dee.dee@o.test', displayName: 'Dee', password: 'a long enough secret' });
  });

  it('disables after confirmation, and shows why when the studio refuses', async () => {
    const fake = api({
      'PATCH /api/v1/orgs/o/users/bob': ({ body }) => ({ json: { ...USERS[1], ...(body as object) } }),
      'DELETE /api/v1/orgs/o/users/bob': () => problem(409, "deleting user 'bob' would leave organisation 'o' without an enabled Organisation Admin: make another user Organisation Admin first"),
    });
    renderAs();
    await screen.findByTestId('user-bob');
    fireEvent.click(screen.getByRole('button', { name: 'Disable Bob' }));
    fireEvent.click(within(screen.getByTestId('confirm-dialog')).getByRole('button', { name: 'Disable user' }));
    await waitFor(() => expect(screen.getByTestId('user-bob')).toHaveTextContent('Disabled'));
    expect(fake.sent('PATCH', '/api/v1/orgs/o/users/bob')[0].body).toEqual({ disabled: true });

    fireEvent.click(screen.getByRole('button', { name: 'Delete Bob' }));
    const dialog = screen.getByTestId('confirm-dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete user' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('without an enabled Organisation Admin');
    expect(screen.getByTestId('user-bob')).toBeTruthy();
  });

  it('sets a password: anybody else’s without, one’s own with the current one', async () => {
    const fake = api({ 'PUT /api/v1/orgs/o/users/bob/password': () => ({ status: 204 }), 'PUT /api/v1/orgs/o/users/ann/password': () => ({ status: 204 }) });
    renderAs();
    await screen.findByTestId('user-bob');
    fireEvent.click(screen.getByRole('button', { name: 'Set the password of Bob' }));
    let dialog = screen.getByTestId('password-dialog');
    expect(within(dialog).queryByLabelText('Current password')).toBeNull();
    fireEvent.change(within(dialog).getByLabelText('New password'), { target: { value: 'a brand new secret' } });
    fireEvent.change(within(dialog).getByLabelText('Repeat the new password'), { target: { value: 'a brand new secret!' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Set password' }));
    expect(within(dialog).getByText('The two passwords differ.')).toBeTruthy();
    fireEvent.change(within(dialog).getByLabelText('Repeat the new password'), { target: { value: 'a brand new secret' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Set password' }));
    await waitFor(() => expect(screen.queryByTestId('password-dialog')).toBeNull());
    expect(fake.sent('PUT', '/api/v1/orgs/o/users/bob/password')[0].body).toEqual({ newPassword: 'a brand new secret' });

    fireEvent.click(screen.getByRole('button', { name: 'Set the password of Ann' }));
    dialog = screen.getByTestId('password-dialog');
    fireEvent.change(within(dialog).getByLabelText('Current password'), { target: { value: 'old one' } });
    fireEvent.change(within(dialog).getByLabelText('New password'), { target: { value: 'a brand new secret' } });
    fireEvent.change(within(dialog).getByLabelText('Repeat the new password'), { target: { value: 'a brand new secret' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Set password' }));
    await waitFor(() => expect(screen.queryByTestId('password-dialog')).toBeNull());
    expect(fake.sent('PUT', '/api/v1/orgs/o/users/ann/password')[0].body).toEqual({ currentPassword: 'old one', newPassword: 'a brand new secret' });
  });

  it('hides user administration from a Team Admin, who may still edit themself', async () => {
    api();
    renderAs(me({ orgRole: null, teamRoles: { core: 'TEAM_ADMIN' } }));
    await screen.findByTestId('user-bob');
    expect(screen.queryByRole('button', { name: 'Create user' })).toBeNull();
    expect(screen.queryByLabelText('Organisation role of Bob')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Edit Bob' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Disable|Delete|Enable/ })).toBeNull();
    expect(screen.getByRole('button', { name: 'Edit Ann' })).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('user-ann')).toHaveTextContent('Organisation Admin'));
  });
});
