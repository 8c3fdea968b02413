// Login state. The access token lives in memory only; the refresh token is the HttpOnly
// studio_refresh cookie that only /api/v1/auth receives, so a reload or a new tab gets a fresh
// access token from POST /api/v1/auth/refresh and scripts never see the refresh token.
import { create } from 'zustand';
import { messageOf, setTokenSource } from '../api/client';
import { auth as authApi, studio } from '../api/studio';
import type { Me, TokenResponse } from '../api/types';

export type AuthStatus = 'unknown' | 'anonymous' | 'authenticated';

export interface AuthState {
  status: AuthStatus;
  accessToken: string | null;
  expiresAt: number;
  me: Me | null;
  error: string | null;
  busy: boolean;
  /** Restores a login from the refresh cookie (page load, single sign-on return); one at a time. */
  init(): Promise<void>;
  login(org: string, email: string, password: string): Promise<boolean>;
  logout(): Promise<void>;
  /** Renews the access token; concurrent callers share one request. */
  refresh(): Promise<boolean>;
  /** Forget the login (it ended on the server). */
  expire(message?: string): void;
}

let refreshTimer: ReturnType<typeof setTimeout> | null = null;
/** The page's start-up init(), while it runs: main.tsx starts it before React renders. */
let initializing: Promise<void> | null = null;
let inflight: Promise<boolean> | null = null;
let redeeming: Promise<TokenResponse | null> | null = null;

/**
 * Redeems the refresh cookie, once at a time in this page and across the studio's tabs (Web Locks):
 * the studio ends the whole login when a refresh token is presented twice, which two tabs
 * refreshing at the same moment would do.
 */
export function redeemRefreshCookie(): Promise<TokenResponse | null> {
  if (redeeming) return redeeming;
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  const run = (): Promise<TokenResponse | null> => authApi.refresh();
  const pending: Promise<TokenResponse | null> = (locks ? locks.request('studio-refresh', run).then((t) => t) : run()).finally(() => {
    redeeming = null;
  });
  redeeming = pending;
  return pending;
}

const LAST_ORG = 'studio.lastOrg';

export function lastOrg(): string {
  try {
    return localStorage.getItem(LAST_ORG) ?? 'default';
  } catch {
    return 'default';
  }
}

function rememberOrg(org: string) {
  try {
    localStorage.setItem(LAST_ORG, org);
  } catch {
    // private mode: nothing to remember
  }
}

// Whether this browser may hold a refresh cookie (HttpOnly: scripts cannot see it). Without one,
// asking the studio to renew only earns a 401, which the browser logs as a console error.
const SIGNED_IN = 'studio.signedInUntil';

function mayHoldRefreshCookie(): boolean {
  try {
    const until = localStorage.getItem(SIGNED_IN);
    return until !== null && (until === '' || Number(until) > Date.now());
  } catch {
    return true; // no storage to tell: ask
  }
}

function rememberSignedIn(tokens: TokenResponse | null) {
  try {
    const until = tokens?.refresh_expires_at ? Date.parse(tokens.refresh_expires_at) : NaN;
    if (tokens) localStorage.setItem(SIGNED_IN, Number.isFinite(until) ? String(until) : '');
    else localStorage.removeItem(SIGNED_IN);
  } catch {
    // private mode: nothing to remember
  }
}

export const useAuth = create<AuthState>()((set, get) => {
  const schedule = (expiresAt: number) => {
    if (refreshTimer) clearTimeout(refreshTimer);
    // a minute before it ends (at least 5 s from now)
    const delay = Math.max(5_000, expiresAt - Date.now() - 60_000);
    refreshTimer = setTimeout(() => {
      void get().refresh();
    }, delay);
  };

  const accept = async (tokens: TokenResponse) => {
    rememberSignedIn(tokens);
    const expiresAt = tokens.expires_at ? Date.parse(tokens.expires_at) : Date.now() + tokens.expires_in * 1000;
    set({ accessToken: tokens.access_token, expiresAt });
    schedule(expiresAt);
    const me = await studio.me();
    rememberOrg(me.orgId);
    set({ me, status: 'authenticated', error: null });
  };

  const restore = async () => {
    const signedIn = window.location.hash === '#signed-in'; // back from single sign-on
    if (signedIn) {
      history.replaceState(history.state, '', window.location.pathname + window.location.search);
    }
    if (!signedIn && !mayHoldRefreshCookie()) {
      set({ status: 'anonymous', accessToken: null, me: null });
      return;
    }
    try {
      const tokens = await redeemRefreshCookie();
      if (tokens) {
        await accept(tokens);
        return;
      }
      rememberSignedIn(null); // the cookie is gone or no longer valid
    } catch (e) {
      set({ error: messageOf(e) });
    }
    set({ status: 'anonymous', accessToken: null, me: null });
  };

  return {
    status: 'unknown',
    accessToken: null,
    expiresAt: 0,
    me: null,
    error: null,
    busy: false,

    init() {
      initializing ??= restore().finally(() => (initializing = null));
      return initializing;
    },

    async login(org, email, password) {
      set({ busy: true, error: null });
      try {
        await accept(await authApi.login(org.trim(), email.trim(), password));
        return true;
      } catch (e) {
        set({ error: messageOf(e), status: 'anonymous', accessToken: null });
        return false;
      } finally {
        set({ busy: false });
      }
    },

    async logout() {
      try {
        await authApi.logout();
      } catch {
        // the token may be gone already: logged out either way
      }
      get().expire();
    },

    refresh() {
      if (inflight) return inflight;
      inflight = (async () => {
        try {
          const tokens = await redeemRefreshCookie();
          if (!tokens) {
            get().expire('Your login has ended: log in again.');
            return false;
          }
          rememberSignedIn(tokens);
          const expiresAt = tokens.expires_at ? Date.parse(tokens.expires_at) : Date.now() + tokens.expires_in * 1000;
          set({ accessToken: tokens.access_token, expiresAt });
          schedule(expiresAt);
          if (get().status !== 'authenticated') await accept(tokens);
          return true;
        } catch {
          // the studio is unreachable: keep the token, try again shortly
          schedule(Date.now() + 90_000);
          return false;
        } finally {
          inflight = null;
        }
      })();
      return inflight;
    },

    expire(message) {
      if (refreshTimer) clearTimeout(refreshTimer);
      rememberSignedIn(null);
      refreshTimer = null;
      set({ status: 'anonymous', accessToken: null, me: null, expiresAt: 0, error: message ?? null });
    },
  };
});

setTokenSource({
  token: () => useAuth.getState().accessToken,
  refresh: () => useAuth.getState().refresh(),
  expired: () => useAuth.getState().expire('Your login has ended: log in again.'),
});
