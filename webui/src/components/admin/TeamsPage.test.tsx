import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Team } from '../../api/types';
import { adminRights } from '../../lib/adminRights';
import { useAuth } from '../../stores/auth';
import { usePalette } from '../../stores/palette';
import { useWorkspace } from '../../stores/workspace';
import { fakeApi, me, page, problem } from '../../test/fakeApi';
import { TeamsPage } from './TeamsPage';

const team = (id: string, name: string): Team => ({ orgId: 'o', id, name, createdAt: '2026-01-01T00:00:00Z' });
const TEAMS = [team('core', 'Core team'), team('web', 'Web team')];

beforeEach(() => {
  usePalette.setState({ sources: {} });
  useWorkspace.setState({ org: 'o', teams: [...TEAMS], team: null });
});
afterEach(() => {
  vi.unstubAllGlobals();
  useAuth.setState({ me: null });
});

function renderAs(who = me()) {
  useAuth.setState({ me: who });
  return render(<TeamsPage org="o" rights={adminRights(who, 'o')} />);
}

const rows = () => within(screen.getByTestId('teams-table')).getAllByRole('row').slice(1) as HTMLTableRowElement[];

describe('TeamsPage', () => {
  it('lists the teams page by page and searches on the server', async () => {
    const api = fakeApi({
      'GET /api/v1/orgs/o/teams': ({ url }) => {
        if (url.searchParams.get('text') === 'web') return { json: page([TEAMS[1]]) };
        return { json: url.searchParams.get('cursor') ? page([team('ops', 'Ops')], null, 3) : page(TEAMS, 'c1', 3) };
      },
    });
    renderAs();
    expect(await screen.findByRole('link', { name: 'Core team' })).toBeTruthy();
    expect(rows().map((r) => r.cells[0].textContent)).toEqual(['Core team', 'Web team']);
    expect(screen.getByText('2 of 3 teams')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await screen.findByText('Ops')).toBeTruthy();
    expect(api.sent('GET', '/api/v1/orgs/o/teams')[1].url.searchParams.get('cursor')).toBe('c1');
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();

    fireEvent.change(screen.getByLabelText('Search teams'), { target: { value: 'web' } });
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(rows()[0].cells[0].textContent).toBe('Web team');
  });

  it('validates a new team before sending, then shows the studio’s refusal in the dialog', async () => {
    const api = fakeApi({
      'GET /api/v1/orgs/o/teams': () => ({ json: page(TEAMS) }),
      'POST /api/v1/orgs/o/teams': () => problem(409, "team 'web' already exists in organisation 'o': choose another id"),
    });
    renderAs();
    await screen.findByText('Core team');
    fireEvent.click(screen.getByRole('button', { name: 'Create team' }));
    const dialog = screen.getByTestId('team-dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create team' }));
    expect(within(dialog).getByText('Give the team name.')).toBeTruthy();
    expect(within(dialog).getByLabelText('Name')).toHaveAttribute('aria-invalid', 'true');
    expect(api.sent('POST', '/api/v1/orgs/o/teams')).toHaveLength(0);

    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'Web' } });
    expect((within(dialog).getByLabelText('Id') as HTMLInputElement).value).toBe('web');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create team' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent("team 'web' already exists in organisation 'o': choose another id");
    expect(api.sent('POST', '/api/v1/orgs/o/teams')[0].body).toEqual({ id: 'web', name: 'Web' });
    expect(screen.getByTestId('team-dialog')).toBeTruthy(); // still open, to fix the id
  });

  it('creates a team and keeps the switcher in step', async () => {
    fakeApi({
      'GET /api/v1/orgs/o/teams': () => ({ json: page(TEAMS) }),
      'POST /api/v1/orgs/o/teams': ({ body }) => ({ status: 201, json: { orgId: 'o', ...(body as object), createdAt: '2026-02-01T00:00:00Z' } }),
    });
    renderAs();
    await screen.findByText('Core team');
    fireEvent.click(screen.getByRole('button', { name: 'Create team' }));
    const dialog = screen.getByTestId('team-dialog');
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'Data science' } });
    fireEvent.change(within(dialog).getByLabelText('Id'), { target: { value: 'data' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create team' }));
    await waitFor(() => expect(screen.queryByTestId('team-dialog')).toBeNull());
    expect(rows()[0].cells[0].textContent).toBe('Data science');
    expect(useWorkspace.getState().teams.map((t) => t.id)).toEqual(['core', 'data', 'web']);
  });

  it('deletes only after confirmation, and shows a conflict without losing the row', async () => {
    const api = fakeApi({
      'GET /api/v1/orgs/o/teams': () => ({ json: page(TEAMS) }),
      'DELETE /api/v1/orgs/o/teams/web': () => problem(409, "team 'web' still owns projects (website): move them to another team or delete them first"),
    });
    renderAs();
    await screen.findByText('Web team');
    fireEvent.click(screen.getByRole('button', { name: 'Delete Web team' }));
    const dialog = screen.getByTestId('confirm-dialog');
    expect(api.sent('DELETE', '/api/v1/orgs/o/teams/web')).toHaveLength(0);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete team' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('still owns projects (website)');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(rows()).toHaveLength(2);
  });

  it('shows a developer the teams without any action, and no palette command to create one', async () => {
    fakeApi({ 'GET /api/v1/orgs/o/teams': () => ({ json: page(TEAMS) }) });
    renderAs(me({ orgRole: null, teamRoles: { core: 'DEVELOPER' } }));
    await screen.findByText('Core team');
    expect(screen.queryByRole('button', { name: 'Create team' })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Rename/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Delete/ })).toBeNull();
    expect(screen.getAllByRole('button', { name: /^Members of/ })).toHaveLength(2);
    expect(usePalette.getState().all().some((c) => c.id === 'admin:create-team')).toBe(false);
  });

  it('lets a Team Admin rename their own team only', async () => {
    fakeApi({
      'GET /api/v1/orgs/o/teams': () => ({ json: page(TEAMS) }),
      'PATCH /api/v1/orgs/o/teams/core': ({ body }) => ({ json: { ...TEAMS[0], ...(body as object) } }),
    });
    renderAs(me({ orgRole: null, teamRoles: { core: 'TEAM_ADMIN' } }));
    await screen.findByText('Core team');
    expect(screen.queryByRole('button', { name: 'Rename Web team' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Delete Core team' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Rename Core team' }));
    const dialog = screen.getByTestId('team-dialog');
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'Platform' } });
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Rename' })));
    await waitFor(() => expect(rows()[0].cells[0].textContent).toBe('Platform'));
    expect(useWorkspace.getState().teams.find((t) => t.id === 'core')?.name).toBe('Platform');
  });

  it('says so when the studio refuses the listing', async () => {
    fakeApi({ 'GET /api/v1/orgs/o/teams': () => problem(403, 'reading a team needs a role in the organisation') });
    renderAs();
    expect(await screen.findByRole('alert')).toHaveTextContent('Not allowed: reading a team needs a role in the organisation');
  });
});
