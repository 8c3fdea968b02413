import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiFetch } from '../api/client';
import { useAuth } from './auth';

const tokens = (t: string) => ({ access_token: t, token_type: 'Bearer', expires_in: 900, expires_at: new Date(Date.now() + 900_000).toISOString() });
const me = { orgId: 'acme', userId: 'ann', email: 'ann@acme.test', displayName: 'Ann', credential: 'SESSION', orgRole: null, teamRoles: {}, scopes: [], studioAdmin: false };
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' } });

let fetchMock: ReturnType<typeof vi.fn>;

beforeEach(() => {
  fetchMock = vi.fn();
  vi.stubGlobal('fetch', fetchMock);
  useAuth.getState().expire();
});

afterEach(() => {
  vi.unstubAllGlobals();
  useAuth.getState().expire();
});

describe('auth', () => {
  it('restores a login from the refresh cookie, keeping the access token in memory only', async () => {
    localStorage.setItem('studio.signedInUntil', String(Date.now() + 60_000)); // logged in before
    fetchMock.mockImplementation(async (url: string) => (url.endsWith('/auth/refresh') ? json(200, tokens('A1')) : json(200, me)));
    await useAuth.getState().init();
    expect(useAuth.getState()).toMatchObject({ status: 'authenticated', accessToken: 'A1', me: { userId: 'ann' } });
    const [refreshUrl, refreshInit] = fetchMock.mock.calls[0];
    expect(refreshUrl).toBe('/api/v1/auth/refresh');
    expect(refreshInit).toMatchObject({ method: 'POST', credentials: 'same-origin' });
    expect(refreshInit.body).toBeUndefined(); // the cookie, not a body
    expect(JSON.stringify(localStorage)).not.toContain('A1');
  });

  it('shows the login page when there is no session', async () => {
    localStorage.setItem('studio.signedInUntil', '');
    fetchMock.mockResolvedValue(json(401, { status: 401, detail: 'no refresh token' }));
    await useAuth.getState().init();
    expect(useAuth.getState().status).toBe('anonymous');
    expect(localStorage.getItem('studio.signedInUntil')).toBeNull();
  });

  it('does not ask for a refresh when this browser holds no login (no 401 in the console)', async () => {
    await useAuth.getState().init();
    expect(useAuth.getState().status).toBe('anonymous');
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('redeems the refresh cookie once for concurrent callers', async () => {
    let release: (r: Response) => void = () => {};
    fetchMock.mockImplementation((url: string) => (url.endsWith('/auth/refresh') ? new Promise<Response>((r) => (release = r)) : Promise.resolve(json(200, me))));
    const a = useAuth.getState().refresh();
    const b = useAuth.getState().refresh();
    const c = useAuth.getState().init();
    release(json(200, tokens('A2')));
    expect(await a).toBe(true);
    expect(await b).toBe(true);
    await c;
    expect(fetchMock.mock.calls.filter(([u]) => String(u).endsWith('/auth/refresh'))).toHaveLength(1);
    expect(useAuth.getState().accessToken).toBe('A2');
  });

  it('renews an expired access token once and repeats the request', async () => {
    useAuth.setState({ accessToken: 'OLD', status: 'authenticated' });
    fetchMock.mockImplementation(async (url: string, init: RequestInit) => {
      if (url.endsWith('/auth/refresh')) return json(200, tokens('NEW'));
      const auth = new Headers(init.headers).get('Authorization');
      return auth === 'Bearer NEW' ? json(200, { ok: true }) : json(401, { status: 401, detail: 'expired' });
    });
    const res = await apiFetch('orgs/acme/teams');
    expect(await res.json()).toEqual({ ok: true });
    expect(fetchMock).toHaveBeenCalledTimes(3);
  });

  it('logs out when the token cannot be renewed, with the problem detail as the error', async () => {
    useAuth.setState({ accessToken: 'OLD', status: 'authenticated' });
    fetchMock.mockImplementation(async (url: string) =>
      url.endsWith('/auth/refresh') ? json(401, { detail: 'log in again' }) : json(401, { status: 401, detail: 'The token has expired.' }),
    );
    await expect(apiFetch('me')).rejects.toThrow('The token has expired.');
    expect(useAuth.getState().status).toBe('anonymous');
    expect(useAuth.getState().accessToken).toBeNull();
  });
});
