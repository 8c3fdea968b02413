import { useRef, useState } from 'react';
import { admin } from '../../api/admin';
import type { ApiKey, IssuedApiKey, Me } from '../../api/types';
import { ago, dateTime } from '../../lib/format';
import { type AdminRights } from '../../lib/adminRights';
import { useCommands } from '../../lib/useCommands';
import { toast } from '../../stores/toasts';
import { Modal } from '../shell/Modal';
import { Badge, Caption, ConfirmDialog, DialogButtons, Field, ListFooter, ProblemAlert, TABLE, TBODY, TD, TR, usePaged, TableHead, useDialogForm, EmptyRow } from './ui';
import { expiryError, KEY_NAME_MAX, nameError, SCOPE_RESOURCES, scopesOf, type ScopeLevel } from './validation';

/** What the page shows of a key that was just issued; dropped when the dialog closes. */
interface Secret {
  name: string;
  key: string;
}

function keyState(k: ApiKey): { tone: 'ok' | 'off' | 'warn'; text: string } {
  if (k.revokedAt) return { tone: 'off', text: 'Revoked' };
  if (!k.active) return { tone: 'off', text: 'Expired' };
  if (k.expiresAt && Date.parse(k.expiresAt) - Date.now() < 7 * 86_400_000) return { tone: 'warn', text: 'Expires soon' };
  return { tone: 'ok', text: 'Active' };
}

/**
 * The person's own API keys. They are kept in the person's own organisation (whatever organisation
 * the page shows): owners list and revoke theirs; issuing and rotating need Organisation Admin.
 */
export function ApiKeysPage({ me, rights }: { me: Me; rights: AdminRights }) {
  const org = me.orgId;
  const list = usePaged((c) => admin.apiKeys(org, me.userId, c), [org, me.userId]);
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<Secret | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [rotating, setRotating] = useState<ApiKey | null>(null);
  const [overlap, setOverlap] = useState(86_400);

  const show = (issued: IssuedApiKey) => {
    list.update((items) => [issued.apiKey, ...items.filter((x) => x.id !== issued.apiKey.id)], 1);
    setSecret({ name: issued.apiKey.name, key: issued.key });
  };

  useCommands(rights.issueKeys ? [{ id: 'admin:create-key', section: 'Administration', title: 'Create API key…', keywords: 'new token issue', run: () => setCreating(true) }] : [], [rights.issueKeys]);

  return (
    <section aria-labelledby="keys-title">
      <div className="mb-3 flex flex-wrap items-end gap-3">
        <h2 id="keys-title" className="text-lg font-semibold">
          My API keys
        </h2>
        {rights.issueKeys && (
          <button type="button" className="btn btn-primary ml-auto" onClick={() => setCreating(true)} data-testid="create-key">
            Create API key
          </button>
        )}
      </div>
      <p className="mb-3 text-sm text-slate-300">
        A key lets a script or a CI job call the studio's API as you (in organisation <code>{org}</code>), limited to its scopes: send it as <code>Authorization: Bearer &lt;key&gt;</code>.
        {!rights.issueKeys && ' Issuing keys needs Organisation Admin: ask one to issue a key for you. You can revoke your keys here.'}
      </p>
      <ProblemAlert error={list.error} />
      <div className="overflow-x-auto rounded-lg border border-slate-800">
        <table className={TABLE} data-testid="keys-table">
          <TableHead columns={['Name', 'Scopes', { label: 'Last used', from: 'md' }, { label: 'Expires', from: 'lg' }, 'Status', { label: 'Actions', actions: true }]} />
          <tbody className={TBODY}>
            {list.items.map((k) => {
              const state = keyState(k);
              return (
                <tr key={k.id} className={TR} data-testid={`key-${k.id}`}>
                  <td className={TD}>
                    <span className="font-medium">{k.name}</span>
                    <span className="block font-mono text-xs text-slate-400">{k.prefix}…</span>
                    <span className="block text-xs text-slate-400" title={dateTime(k.createdAt)}>
                      created {ago(k.createdAt)}
                    </span>
                  </td>
                  <td className={`${TD} font-mono text-xs text-slate-300`}>
                    <Caption>Scopes</Caption>
                    {k.scopes.length ? k.scopes.join(' ') : '(none)'}
                  </td>
                  <td className="hidden px-3 py-2 text-slate-300 md:table-cell" title={dateTime(k.lastUsedAt)}>
                    {k.lastUsedAt ? ago(k.lastUsedAt) : 'never'}
                  </td>
                  <td className="hidden px-3 py-2 text-slate-300 lg:table-cell">{k.expiresAt ? dateTime(k.expiresAt) : 'never'}</td>
                  <td className={TD}>
                    <Badge tone={state.tone}>{state.text}</Badge>
                  </td>
                  <td className={TD}>
                    {!k.revokedAt && k.active && (
                      <div className="flex flex-wrap gap-1.5 md:justify-end">
                        {rights.issueKeys && (
                          <button type="button" className="btn btn-sm" onClick={() => setRotating(k)} aria-label={`Rotate ${k.name}`}>
                            Rotate
                          </button>
                        )}
                        <button type="button" className="btn btn-sm" onClick={() => setRevoking(k)} aria-label={`Revoke ${k.name}`}>
                          Revoke
                        </button>
                      </div>
                    )}
                  </td>
                </tr>
              );
            })}
            <EmptyRow list={list} columns={6}>
              You have no API key.
            </EmptyRow>
          </tbody>
        </table>
      </div>
      <ListFooter shown={list.items.length} total={list.total} noun="keys" more={list.more} loading={list.loading} onMore={list.loadMore} />

      {creating && (
        <CreateKeyDialog
          onClose={() => setCreating(false)}
          onCreate={async (body) => {
            const issued = await admin.issueKey(org, body);
            // one render closes this dialog and opens the secret's (focus moves straight to it)
            setCreating(false);
            show(issued);
          }}
        />
      )}
      {secret && <SecretDialog secret={secret} onClose={() => setSecret(null)} />}
      {revoking && (
        <ConfirmDialog
          title={`Revoke ${revoking.name}?`}
          confirm="Revoke key"
          busyText="Revoking…"
          danger
          onClose={() => setRevoking(null)}
          onConfirm={async () => {
            const k = await admin.revokeKey(org, revoking.id);
            list.update((items) => items.map((x) => (x.id === k.id ? k : x)));
            toast(`API key ${k.name} revoked.`);
          }}
        >
          <p>
            The key <strong>{revoking.name}</strong> (<code>{revoking.prefix}…</code>) stops working at once, and streams opened with it close. This cannot be undone.
          </p>
        </ConfirmDialog>
      )}
      {rotating && (
        <ConfirmDialog
          title={`Rotate ${rotating.name}?`}
          confirm="Rotate key"
          busyText="Rotating…"
          onClose={() => setRotating(null)}
          onConfirm={async () => {
            const issued = await admin.rotateKey(org, rotating.id, overlap);
            setRotating(null);
            setSecret({ name: issued.apiKey.name, key: issued.key });
            list.reload();
          }}
        >
          <p>A new key with the same name, scopes and lifetime replaces {rotating.name}; the new secret is shown once.</p>
          <div>
            <label className="label" htmlFor="rotate-overlap">
              The old key keeps working for
            </label>
            <select id="rotate-overlap" className="field" value={overlap} onChange={(e) => setOverlap(Number(e.target.value))}>
              <option value={0}>No time: it stops at once</option>
              <option value={3_600}>One hour</option>
              <option value={86_400}>One day</option>
              <option value={7 * 86_400}>Seven days</option>
              <option value={30 * 86_400}>Thirty days</option>
            </select>
          </div>
        </ConfirmDialog>
      )}
    </section>
  );
}

type Expiry = 'never' | '30' | '90' | '365' | 'date';

/** The end of a chosen day (local time), or the expiry N days from now. */
function expiryOf(expiry: Expiry, date: string, now = Date.now()): Date | null {
  if (expiry === 'never') return null;
  if (expiry === 'date') return date ? new Date(`${date}T23:59:59`) : new Date(NaN);
  return new Date(now + Number(expiry) * 86_400_000);
}

function CreateKeyDialog({ onCreate, onClose }: { onCreate(body: { name: string; scopes: string[]; expiresAt: string | null }): Promise<void>; onClose(): void }) {
  const [name, setName] = useState('');
  const [mode, setMode] = useState<'all' | 'chosen'>('chosen');
  const [levels, setLevels] = useState<Record<string, ScopeLevel>>({ projects: 'read', sessions: 'read' });
  const [expiry, setExpiry] = useState<Expiry>('90');
  const [date, setDate] = useState('');
  const { form, tried, busy, error, submitWith } = useDialogForm();
  const scopes = mode === 'all' ? ['*'] : scopesOf(levels);
  const expiresAt = expiryOf(expiry, date);
  const errors = {
    name: nameError('key name', name, KEY_NAME_MAX),
    scopes: scopes.length === 0 ? 'Choose at least one scope: a key without scopes can do nothing.' : null,
    expiry: expiryError(expiresAt),
  };

  const submit = submitWith(Object.values(errors).some(Boolean), async () => {
    await onCreate({ name: name.trim(), scopes, expiresAt: expiresAt ? expiresAt.toISOString() : null });
    onClose();
  });

  return (
    <Modal title="Create API key" onClose={() => !busy && onClose()} wide testId="create-key-dialog">
      <form ref={form} onSubmit={submit} className="space-y-3" noValidate>
        <Field label="Name" error={tried ? errors.name : null} help="What uses the key, for example “CI pipeline”.">
          {(p) => <input {...p} className="field" value={name} maxLength={KEY_NAME_MAX} onChange={(e) => setName(e.target.value)} autoFocus />}
        </Field>
        <fieldset aria-describedby={tried && errors.scopes ? 'key-scopes-error' : undefined}>
          <legend className="label">Scopes</legend>
          <div className="flex flex-wrap gap-4 text-sm">
            <label className="flex items-center gap-1.5">
              <input type="radio" name="key-scope-mode" checked={mode === 'chosen'} onChange={() => setMode('chosen')} />
              Only what I choose
            </label>
            <label className="flex items-center gap-1.5">
              <input type="radio" name="key-scope-mode" checked={mode === 'all'} onChange={() => setMode('all')} />
              Everything my roles allow (<code>*</code>)
            </label>
          </div>
          {mode === 'chosen' && (
            <div className="mt-2 grid gap-x-6 gap-y-2 sm:grid-cols-2">
              {SCOPE_RESOURCES.map((r) => (
                <div key={r} className="flex items-center gap-2">
                  <label htmlFor={`scope-${r}`} className="w-28 shrink-0 font-mono text-xs text-slate-200">
                    {r}
                  </label>
                  <select
                    id={`scope-${r}`}
                    className="field py-1"
                    value={levels[r] ?? 'none'}
                    aria-invalid={tried && !!errors.scopes}
                    onChange={(e) => setLevels((l) => ({ ...l, [r]: e.target.value as ScopeLevel }))}
                  >
                    <option value="none">no access</option>
                    <option value="read">read</option>
                    <option value="write">write (create, change, delete)</option>
                    <option value="*">read and write</option>
                  </select>
                </div>
              ))}
            </div>
          )}
          {tried && errors.scopes && (
            <p id="key-scopes-error" className="mt-1 text-xs text-rose-300">
              {errors.scopes}
            </p>
          )}
          <p className="mt-1 text-xs text-slate-400">Scopes only narrow what your roles allow; they never add to them.</p>
        </fieldset>
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label="Expires">
            {(p) => (
              <select {...p} className="field" value={expiry} onChange={(e) => setExpiry(e.target.value as Expiry)}>
                <option value="30">In 30 days</option>
                <option value="90">In 90 days</option>
                <option value="365">In one year</option>
                <option value="date">On a date…</option>
                <option value="never">Never</option>
              </select>
            )}
          </Field>
          {expiry === 'date' && (
            <Field label="Expiry date" error={tried ? errors.expiry : null} help="The key stops at the end of that day; at most five years ahead.">
              {(p) => <input {...p} type="date" className="field" value={date} onChange={(e) => setDate(e.target.value)} />}
            </Field>
          )}
        </div>
        {expiry === 'never' && <p className="text-xs text-amber-200">A key that never expires works until it is revoked: prefer an expiry.</p>}
        <ProblemAlert error={error} />
        <DialogButtons submit="Create key" busyText="Creating…" busy={busy} onCancel={onClose} />
      </form>
    </Modal>
  );
}

/**
 * The secret of a key just issued, shown this once with a copy button. It lives in the page's state
 * only while this dialog is open: never in a store, never logged.
 */
function SecretDialog({ secret, onClose }: { secret: Secret; onClose(): void }) {
  const [copied, setCopied] = useState<'no' | 'yes' | 'failed'>('no');
  const input = useRef<HTMLInputElement>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret.key);
      setCopied('yes');
    } catch {
      input.current?.select();
      setCopied('failed');
    }
  };
  return (
    <Modal title={`Your new API key “${secret.name}”`} onClose={onClose} wide testId="key-secret-dialog">
      <div className="space-y-3 text-sm">
        <p className="rounded-md border border-amber-500 bg-amber-950/60 px-3 py-2 text-amber-100">
          <strong>Copy the key now: this is the only time it is shown.</strong> The studio keeps only a digest of it and cannot show it again. Store it in a secret store; anyone who
          holds it acts as you within its scopes. Lost it? Revoke it and create another.
        </p>
        <div>
          <label className="label" htmlFor="key-secret">
            API key
          </label>
          <div className="flex gap-2">
            <input
              ref={input}
              id="key-secret"
              className="field font-mono"
              value={secret.key}
              readOnly
              autoComplete="off"
              spellCheck={false}
              onFocus={(e) => e.currentTarget.select()}
              data-testid="key-secret"
            />
            <button type="button" className="btn btn-primary" onClick={() => void copy()}>
              Copy
            </button>
          </div>
          <p className="mt-1 text-xs text-slate-300" role="status">
            {copied === 'yes' ? 'Copied to the clipboard.' : copied === 'failed' ? 'The browser did not allow copying: the key is selected, press Ctrl+C.' : ''}
          </p>
        </div>
        <div className="flex justify-end">
          <button type="button" className="btn" onClick={onClose}>
            Done, I have stored it
          </button>
        </div>
      </div>
    </Modal>
  );
}
