import { useEffect, useState, type FormEvent } from 'react';
import { auth } from '../../api/studio';
import type { SsoProvider } from '../../api/types';
import { lastOrg, useAuth } from '../../stores/auth';
import { useCommands } from '../../lib/useCommands';

export function Login() {
  const { login, busy, error } = useAuth();
  const [org, setOrg] = useState(lastOrg);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [providers, setProviders] = useState<SsoProvider[]>([]);
  const [ssoError, setSsoError] = useState<string | null>(null);

  useEffect(() => {
    auth
      .sso()
      .then(setProviders)
      .catch(() => setSsoError('Single sign-on providers could not be loaded.'));
  }, []);

  useCommands(
    providers.map((p) => ({
      id: `sso:${p.id}`,
      section: 'Log in',
      title: `Sign in with ${p.displayName}`,
      run: () => window.location.assign(auth.ssoStartUrl(p.id)),
    })),
    [providers],
  );

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const ok = await login(org, email, password);
    if (ok) setPassword('');
  };

  return (
    <main className="flex min-h-full items-center justify-center p-4">
      <div className="w-full max-w-sm rounded-xl border border-slate-700 bg-slate-900 p-6 shadow-xl">
        <h1 className="mb-1 text-xl font-semibold">CODITECT Studio</h1>
        <p className="mb-5 text-sm text-slate-300">Log in to your organisation.</p>
        <form onSubmit={submit} className="space-y-3" aria-label="Log in" data-testid="login-form">
          <div>
            <label className="label" htmlFor="login-org">
              Organisation
            </label>
            <input id="login-org" className="field" value={org} onChange={(e) => setOrg(e.target.value)} autoComplete="organization" required />
          </div>
          <div>
            <label className="label" htmlFor="login-email">
              Email
            </label>
            <input
              id="login-email"
              className="field"
              type="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              autoComplete="username"
              required
              autoFocus
            />
          </div>
          <div>
            <label className="label" htmlFor="login-password">
              Password
            </label>
            <input
              id="login-password"
              className="field"
              type="password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              autoComplete="current-password"
              required
            />
          </div>
          {error && (
            <p role="alert" className="rounded-md border border-rose-700 bg-rose-950 px-3 py-2 text-sm text-rose-100">
              {error}
            </p>
          )}
          <button type="submit" className="btn btn-primary w-full justify-center" disabled={busy}>
            {busy ? 'Logging in…' : 'Log in'}
          </button>
        </form>
        {providers.length > 0 && (
          <div className="mt-5 border-t border-slate-700 pt-4">
            <p className="mb-2 text-xs text-slate-300 uppercase">Or sign in with</p>
            <ul className="space-y-2">
              {providers.map((p) => (
                <li key={p.id}>
                  <a className="btn w-full justify-center" href={auth.ssoStartUrl(p.id)} data-testid={`sso-${p.id}`}>
                    {p.displayName}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        )}
        {ssoError && <p className="mt-3 text-xs text-slate-400">{ssoError}</p>}
      </div>
    </main>
  );
}
