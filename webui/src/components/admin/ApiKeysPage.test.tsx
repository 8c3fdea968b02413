import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiKey } from '../../api/types';
import { adminRights } from '../../lib/adminRights';
import { useAuth } from '../../stores/auth';
import { usePalette } from '../../stores/palette';
import { useToasts } from '../../stores/toasts';
import { useWorkspace } from '../../stores/workspace';
import { fakeApi, me, page, problem } from '../../test/fakeApi';
import { ApiKeysPage } from './ApiKeysPage';

const SECRET = 'cdt_live_8f3k2j5h7g9d1s0a4q6w8e2r';
const key = (id: string, name: string, extra: Partial<ApiKey> = {}): ApiKey => ({
  id,
  orgId: 'o',
  ownerId: 'ann',
  name,
  prefix: `cdt_${id}`,
  scopes: ['projects:read'],
  expiresAt: null,
  createdAt: '2026-01-01T00:00:00Z',
  lastUsedAt: null,
  revokedAt: null,
  active: true,
  ...extra,
});

function renderAs(who = me()) {
  useAuth.setState({ me: who });
  return render(<ApiKeysPage me={who} rights={adminRights(who, who.orgId)} />);
}

afterEach(() => {
  vi.unstubAllGlobals();
  useAuth.setState({ me: null });
});

describe('ApiKeysPage', () => {
  it('lists the person’s own keys with their state', async () => {
    const fake = fakeApi({ 'GET /api/v1/orgs/o/api-keys': () => ({ json: page([key('k1', 'CI'), key('k2', 'Old', { revokedAt: '2026-01-02T00:00:00Z', active: false })]) }) });
    renderAs();
    expect(await screen.findByTestId('key-k1')).toHaveTextContent('Active');
    expect(screen.getByTestId('key-k2')).toHaveTextContent('Revoked');
    expect(within(screen.getByTestId('key-k2')).queryByRole('button')).toBeNull();
    expect(fake.sent('GET', '/api/v1/orgs/o/api-keys')[0].url.searchParams.get('owner')).toBe('ann');
  });

  it('shows a new key’s secret once, with a copy button, and forgets it when the dialog closes', async () => {
    const writeText = vi.fn(async () => {});
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    const fake = fakeApi({
      'GET /api/v1/orgs/o/api-keys': () => ({ json: page([]) }),
      'POST /api/v1/orgs/o/api-keys': ({ body }) => ({ status: 201, json: { apiKey: key('k9', (body as { name: string }).name, { scopes: (body as { scopes: string[] }).scopes }), key: SECRET } }),
    });
    renderAs();
    await screen.findByText('You have no API key.');
    fireEvent.click(screen.getByRole('button', { name: 'Create API key' }));
    const form = screen.getByTestId('create-key-dialog');
    // no name: refused before sending
    fireEvent.click(within(form).getByRole('button', { name: 'Create key' }));
    expect(within(form).getByText('Give the key name.')).toBeTruthy();
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'CI pipeline' } });
    fireEvent.change(within(form).getByLabelText('sessions'), { target: { value: '*' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Create key' }));

    const dialog = await screen.findByTestId('key-secret-dialog');
    expect(screen.queryByTestId('create-key-dialog')).toBeNull();
    expect((within(dialog).getByLabelText('API key') as HTMLInputElement).value).toBe(SECRET);
    expect(dialog).toHaveTextContent('this is the only time it is shown');
    const sent = fake.sent('POST', '/api/v1/orgs/o/api-keys')[0].body as { name: string; scopes: string[]; expiresAt: string };
    expect(sent.name).toBe('CI pipeline');
    expect(sent.scopes).toEqual(['projects:read', 'sessions:*']);
    expect(Date.parse(sent.expiresAt) - Date.now()).toBeGreaterThan(89 * 86_400_000); // 90 days by default

    fireEvent.click(within(dialog).getByRole('button', { name: 'Copy' }));
    await waitFor(() => expect(within(dialog).getByText('Copied to the clipboard.')).toBeTruthy());
    expect(writeText).toHaveBeenCalledWith(SECRET);

    // the list shows the key by its prefix, never by its secret
    expect(screen.getByTestId('key-k9')).toHaveTextContent('cdt_k9…');
    expect(screen.getByTestId('key-k9').textContent).not.toContain(SECRET);

    fireEvent.click(within(dialog).getByRole('button', { name: /Done/ }));
    expect(screen.queryByTestId('key-secret-dialog')).toBeNull();
    expect(document.body.innerHTML).not.toContain(SECRET);
    for (const store of [useAuth, usePalette, useToasts, useWorkspace]) expect(JSON.stringify(store.getState())).not.toContain(SECRET);
  });

  it('shows the studio’s refusal of a key in the form', async () => {
    fakeApi({
      'GET /api/v1/orgs/o/api-keys': () => ({ json: page([]) }),
      'POST /api/v1/orgs/o/api-keys': () => problem(400, "API key scope 'x' is not known"),
    });
    renderAs();
    await screen.findByText('You have no API key.');
    fireEvent.click(screen.getByRole('button', { name: 'Create API key' }));
    const form = screen.getByTestId('create-key-dialog');
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'Bot' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Create key' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent("API key scope 'x' is not known");
    expect(screen.queryByTestId('key-secret-dialog')).toBeNull();
  });

  it('lets someone who is not an Organisation Admin revoke their keys but not create any', async () => {
    const fake = fakeApi({
      'GET /api/v1/orgs/o/api-keys': () => ({ json: page([key('k1', 'CI')]) }),
      'DELETE /api/v1/orgs/o/api-keys/k1': () => ({ json: key('k1', 'CI', { revokedAt: '2026-03-01T00:00:00Z', active: false }) }),
    });
    renderAs(me({ orgRole: null, teamRoles: { core: 'DEVELOPER' } }));
    await screen.findByTestId('key-k1');
    expect(screen.queryByRole('button', { name: 'Create API key' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Rotate CI' })).toBeNull();
    expect(screen.getByText(/Issuing keys needs Organisation Admin/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Revoke CI' }));
    fireEvent.click(within(screen.getByTestId('confirm-dialog')).getByRole('button', { name: 'Revoke key' }));
    await waitFor(() => expect(screen.getByTestId('key-k1')).toHaveTextContent('Revoked'));
    expect(fake.sent('DELETE', '/api/v1/orgs/o/api-keys/k1')).toHaveLength(1);
  });

  it('rotates a key and shows the new secret once', async () => {
    const fake = fakeApi({
      'GET /api/v1/orgs/o/api-keys': () => ({ json: page([key('k1', 'CI')]) }),
      'POST /api/v1/orgs/o/api-keys/k1/rotate': () => ({ status: 201, json: { apiKey: key('k2', 'CI'), key: SECRET } }),
    });
    renderAs();
    await screen.findByTestId('key-k1');
    fireEvent.click(screen.getByRole('button', { name: 'Rotate CI' }));
    const confirm = screen.getByTestId('confirm-dialog');
    fireEvent.change(within(confirm).getByLabelText('The old key keeps working for'), { target: { value: '3600' } });
    fireEvent.click(within(confirm).getByRole('button', { name: 'Rotate key' }));
    const dialog = await screen.findByTestId('key-secret-dialog');
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
    expect((within(dialog).getByLabelText('API key') as HTMLInputElement).value).toBe(SECRET);
    expect(fake.sent('POST', '/api/v1/orgs/o/api-keys/k1/rotate')[0].body).toEqual({ overlapSeconds: 3600 });
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(document.body.innerHTML).not.toContain(SECRET);
  });
});
