import { useCallback, useEffect, useState } from 'react';
import { admin } from '../../api/admin';
import { all } from '../../api/studio';
import type { Role, User } from '../../api/types';
import { ago } from '../../lib/format';
import { ORG_ROLES, ROLE_LABEL, type AdminRights } from '../../lib/adminRights';
import { useCommands } from '../../lib/useCommands';
import { useAuth } from '../../stores/auth';
import { toast } from '../../stores/toasts';
import { Modal } from '../shell/Modal';
import { refreshMe } from './TeamMembersPage';
import { Badge, Caption, ConfirmDialog, DialogButtons, Field, ListFooter, ProblemAlert, TABLE, TBODY, TD, TR, useDebounced, usePaged, TableHead, useDialogForm, IdField, EmptyRow } from './ui';
import { emailError, idError, idFrom, NAME_MAX, nameError, PASSWORD_MAX, passwordError } from './validation';

type Status = 'all' | 'enabled' | 'disabled';

/** The users of the organisation: search, create, edit, password, disable or enable, delete, organisation role. */
export function UsersPage({ org, rights }: { org: string; rights: AdminRights }) {
  const me = useAuth((s) => s.me);
  const [text, setText] = useState('');
  const [status, setStatus] = useState<Status>('all');
  const q = useDebounced(text.trim());
  const list = usePaged((c) => admin.users(org, { text: q || null, disabled: status === 'all' ? null : status === 'disabled' }, c), [org, q, status]);
  const [orgRoles, setOrgRoles] = useState<Record<string, Role>>({});
  const [actionError, setActionError] = useState<unknown>(null);
  const [busyUser, setBusyUser] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);
  const [password, setPassword] = useState<User | null>(null);
  const [disabling, setDisabling] = useState<User | null>(null);
  const [deleting, setDeleting] = useState<User | null>(null);

  // organisation-wide roles (Organisation Admin, Billing Admin): few, read all at once
  const loadOrgRoles = useCallback(async () => {
    try {
      const held = await Promise.all(ORG_ROLES.map((role) => all((c) => admin.members(org, { role }, c), 5_000)));
      setOrgRoles(Object.fromEntries(held.flat().filter((m) => m.teamId === null).map((m) => [m.userId, m.role])));
    } catch (e) {
      setActionError(e);
    }
  }, [org]);
  useEffect(() => {
    void loadOrgRoles();
  }, [loadOrgRoles]);

  const replace = (u: User) => list.update((items) => items.map((x) => (x.id === u.id ? u : x)));

  const setOrgRole = async (u: User, role: Role | '') => {
    setBusyUser(u.id);
    setActionError(null);
    try {
      if (role) await admin.grant(org, u.id, null, role);
      else await admin.revoke(org, u.id, null);
      setOrgRoles((r) => {
        const next = { ...r };
        if (role) next[u.id] = role;
        else delete next[u.id];
        return next;
      });
      toast(role ? `${u.displayName} is now ${ROLE_LABEL[role]}.` : `${u.displayName} no longer holds an organisation-wide role.`);
      await refreshMe(u.id);
    } catch (e) {
      setActionError(e);
    } finally {
      setBusyUser(null);
    }
  };

  const enable = async (u: User) => {
    setBusyUser(u.id);
    setActionError(null);
    try {
      replace(await admin.updateUser(org, u.id, { disabled: false }));
      toast(`${u.displayName} can log in again.`);
    } catch (e) {
      setActionError(e);
    } finally {
      setBusyUser(null);
    }
  };

  useCommands(rights.manageUsers ? [{ id: 'admin:create-user', section: 'Administration', title: 'Create user…', keywords: 'new add person account', run: () => setCreating(true) }] : [], [rights.manageUsers]);

  const self = (u: User) => u.id === me?.userId && me.orgId === org;

  return (
    <section aria-labelledby="users-title">
      <div className="mb-3 flex flex-wrap items-end gap-3">
        <h2 id="users-title" className="text-lg font-semibold">
          Users
        </h2>
        <div className="flex w-full flex-wrap items-end gap-2 sm:ml-auto sm:w-auto">
          <label className="sr-only" htmlFor="user-search">
            Search users
          </label>
          <input id="user-search" type="search" className="field w-full sm:w-56" placeholder="Search by name, e-mail or id" value={text} onChange={(e) => setText(e.target.value)} />
          <label className="sr-only" htmlFor="user-status">
            Show
          </label>
          <select id="user-status" className="field w-auto" value={status} onChange={(e) => setStatus(e.target.value as Status)}>
            <option value="all">All users</option>
            <option value="enabled">Enabled</option>
            <option value="disabled">Disabled</option>
          </select>
          {rights.manageUsers && (
            <button type="button" className="btn btn-primary" onClick={() => setCreating(true)} data-testid="create-user">
              Create user
            </button>
          )}
        </div>
      </div>
      <ProblemAlert error={list.error} />
      <ProblemAlert error={actionError} onDismiss={() => setActionError(null)} />
      <div className="overflow-x-auto rounded-lg border border-slate-800">
        <table className={TABLE} data-testid="users-table">
          <TableHead columns={['User', { label: 'E-mail', from: 'md' }, 'Organisation role', 'Status', { label: 'Created', from: '2xl' }, { label: 'Actions', actions: true }]} />
          <tbody className={TBODY}>
            {list.items.map((u) => {
              const busy = busyUser === u.id;
              return (
                <tr key={u.id} className={TR} data-testid={`user-${u.id}`}>
                  <td className={TD}>
                    <span className="font-medium">{u.displayName}</span>
                    {self(u) && <span className="ml-1 text-xs text-slate-400">(you)</span>}
                    <span className="block font-mono text-xs text-slate-400">{u.id}</span>
                    <span className="block text-xs text-slate-300 md:hidden">{u.email}</span>
                  </td>
                  <td className="hidden px-3 py-2 text-slate-300 md:table-cell">{u.email}</td>
                  <td className={TD}>
                    <Caption>Organisation role</Caption>
                    {rights.manageOrgRoles ? (
                      <>
                        <label className="sr-only" htmlFor={`org-role-${u.id}`}>
                          Organisation role of {u.displayName}
                        </label>
                        <select id={`org-role-${u.id}`} className="field w-auto py-1" value={orgRoles[u.id] ?? ''} disabled={busy} aria-busy={busy} onChange={(e) => void setOrgRole(u, e.target.value as Role | '')}>
                          <option value="">None</option>
                          {ORG_ROLES.map((r) => (
                            <option key={r} value={r}>
                              {ROLE_LABEL[r]}
                            </option>
                          ))}
                        </select>
                      </>
                    ) : (
                      <span className="text-slate-300">{orgRoles[u.id] ? ROLE_LABEL[orgRoles[u.id]] : '—'}</span>
                    )}
                  </td>
                  <td className={TD}>{u.disabled ? <Badge tone="off">Disabled</Badge> : <Badge tone="ok">Enabled</Badge>}</td>
                  <td className="hidden px-3 py-2 text-slate-300 2xl:table-cell" title={u.createdAt ?? undefined}>
                    {ago(u.createdAt)}
                  </td>
                  <td className={TD}>
                    <div className="flex flex-wrap gap-1.5 md:justify-end">
                      {(rights.manageUsers || self(u)) && (
                        <>
                          <button type="button" className="btn btn-sm" onClick={() => setEditing(u)} disabled={busy} aria-label={`Edit ${u.displayName}`}>
                            Edit
                          </button>
                          <button type="button" className="btn btn-sm" onClick={() => setPassword(u)} disabled={busy} aria-label={`Set the password of ${u.displayName}`}>
                            Password
                          </button>
                        </>
                      )}
                      {rights.manageUsers && !self(u) && (
                        <>
                          {u.disabled ? (
                            <button type="button" className="btn btn-sm" onClick={() => void enable(u)} disabled={busy} aria-busy={busy} aria-label={`Enable ${u.displayName}`}>
                              {busy ? 'Enabling…' : 'Enable'}
                            </button>
                          ) : (
                            <button type="button" className="btn btn-sm" onClick={() => setDisabling(u)} disabled={busy} aria-label={`Disable ${u.displayName}`}>
                              Disable
                            </button>
                          )}
                          <button type="button" className="btn btn-sm" onClick={() => setDeleting(u)} disabled={busy} aria-label={`Delete ${u.displayName}`}>
                            Delete
                          </button>
                        </>
                      )}
                    </div>
                  </td>
                </tr>
              );
            })}
            <EmptyRow list={list} columns={6}>
              {q ? `No user matches “${q}”.` : 'No user to show.'}
            </EmptyRow>
          </tbody>
        </table>
      </div>
      <ListFooter shown={list.items.length} total={list.total} noun="users" more={list.more} loading={list.loading} onMore={list.loadMore} />

      {creating && (
        <CreateUserDialog
          onClose={() => setCreating(false)}
          onCreate={async (body) => {
            const u = await admin.createUser(org, body);
            list.update((items) => [u, ...items.filter((x) => x.id !== u.id)], 1);
            toast(`User ${u.displayName} created: give them a role in a team under Teams.`);
          }}
        />
      )}
      {editing && (
        <EditUserDialog
          user={editing}
          onClose={() => setEditing(null)}
          onSave={async (body) => {
            const u = await admin.updateUser(org, editing.id, body);
            replace(u);
            toast(`${u.displayName} saved.`);
            if (self(u)) await refreshMe(u.id);
          }}
        />
      )}
      {password && (
        <PasswordDialog
          user={password}
          self={self(password)}
          onClose={() => setPassword(null)}
          onSave={async (next, current) => {
            await admin.setPassword(org, password.id, next, current);
            toast(`The password of ${password.displayName} is changed.`);
          }}
        />
      )}
      {disabling && (
        <ConfirmDialog
          title={`Disable ${disabling.displayName}?`}
          confirm="Disable user"
          busyText="Disabling…"
          danger
          onClose={() => setDisabling(null)}
          onConfirm={async () => {
            replace(await admin.updateUser(org, disabling.id, { disabled: true }));
            toast(`${disabling.displayName} is disabled.`);
          }}
        >
          <p>
            <strong>{disabling.displayName}</strong> ({disabling.email}) can no longer log in or use their API keys. Their roles, sessions and keys are kept; enable them again at any
            time.
          </p>
        </ConfirmDialog>
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete ${deleting.displayName}?`}
          confirm="Delete user"
          busyText="Deleting…"
          danger
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await admin.deleteUser(org, deleting.id);
            list.update((items) => items.filter((x) => x.id !== deleting.id), -1);
            toast(`User ${deleting.displayName} deleted.`);
          }}
        >
          <p>
            <strong>{deleting.displayName}</strong> ({deleting.email}) is removed with every role they hold and their API keys. This cannot be undone; disabling keeps the account
            instead.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function CreateUserDialog({ onCreate, onClose }: { onCreate(body: { id: string; email: string; displayName: string; password?: string }): Promise<void>; onClose(): void }) {
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [id, setId] = useState('');
  const [idEdited, setIdEdited] = useState(false);
  const [withPassword, setWithPassword] = useState(true);
  const [password, setPassword] = useState('');
  const [show, setShow] = useState(false);
  const { form, tried, busy, error, submitWith } = useDialogForm();
  const userId = idEdited ? id : idFrom(email.split('@')[0] ?? '');
  const errors = {
    email: emailError(email),
    displayName: nameError('display name', displayName),
    id: idError('user', userId),
    password: withPassword ? passwordError(password) : null,
  };

  const submit = submitWith(Object.values(errors).some(Boolean), async () => {
    await onCreate({ id: userId, email: email.trim(), displayName: displayName.trim(), ...(withPassword ? { password } : {}) });
    setPassword('');
    onClose();
  });

  return (
    <Modal title="Create user" onClose={() => !busy && onClose()} testId="create-user-dialog">
      <form ref={form} onSubmit={submit} className="space-y-3" noValidate>
        <Field label="E-mail" error={tried ? errors.email : null}>
          {(p) => <input {...p} type="email" autoComplete="off" className="field" value={email} maxLength={254} onChange={(e) => setEmail(e.target.value)} autoFocus />}
        </Field>
        <Field label="Display name" error={tried ? errors.displayName : null}>
          {(p) => <input {...p} autoComplete="off" className="field" value={displayName} maxLength={NAME_MAX} onChange={(e) => setDisplayName(e.target.value)} />}
        </Field>
        <IdField value={userId} error={tried ? errors.id : null} help="Lower-case letters, digits and hyphens; it cannot be changed later." onEdit={(id) => {
          setIdEdited(true);
          setId(id);
        }} />
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={withPassword} onChange={(e) => setWithPassword(e.target.checked)} />
          Set an initial password (without one the user signs in with single sign-on only)
        </label>
        {withPassword && (
          <Field label="Initial password" error={tried ? errors.password : null} help="At least 12 characters. Tell it to the user on another channel; they can change it.">
            {(p) => (
              <div className="flex gap-2">
                <input {...p} type={show ? 'text' : 'password'} autoComplete="new-password" className="field" value={password} maxLength={PASSWORD_MAX} onChange={(e) => setPassword(e.target.value)} />
                <button type="button" className="btn btn-sm" onClick={() => setShow((v) => !v)} aria-pressed={show}>
                  {show ? 'Hide' : 'Show'}
                </button>
              </div>
            )}
          </Field>
        )}
        <ProblemAlert error={error} />
        <DialogButtons submit="Create user" busyText="Creating…" busy={busy} onCancel={onClose} />
      </form>
    </Modal>
  );
}

function EditUserDialog({ user, onSave, onClose }: { user: User; onSave(body: { email: string; displayName: string }): Promise<void>; onClose(): void }) {
  const [email, setEmail] = useState(user.email);
  const [displayName, setDisplayName] = useState(user.displayName);
  const { form, tried, busy, error, submitWith } = useDialogForm();
  const errors = { email: emailError(email), displayName: nameError('display name', displayName) };

  const submit = submitWith(!!(errors.email || errors.displayName), async () => {
    await onSave({ email: email.trim(), displayName: displayName.trim() });
    onClose();
  });

  return (
    <Modal title={`Edit ${user.displayName}`} onClose={() => !busy && onClose()} testId="edit-user-dialog">
      <form ref={form} onSubmit={submit} className="space-y-3" noValidate>
        <Field label="Display name" error={tried ? errors.displayName : null}>
          {(p) => <input {...p} className="field" value={displayName} maxLength={NAME_MAX} onChange={(e) => setDisplayName(e.target.value)} autoFocus />}
        </Field>
        <Field label="E-mail" error={tried ? errors.email : null}>
          {(p) => <input {...p} type="email" className="field" value={email} maxLength={254} onChange={(e) => setEmail(e.target.value)} />}
        </Field>
        <ProblemAlert error={error} />
        <DialogButtons submit="Save" busyText="Saving…" busy={busy} onCancel={onClose} />
      </form>
    </Modal>
  );
}

/** Sets a password: one's own needs the current one, an Organisation Admin sets anybody else's. */
function PasswordDialog({ user, self, onSave, onClose }: { user: User; self: boolean; onSave(next: string, current?: string): Promise<void>; onClose(): void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const { form, tried, busy, error, submitWith } = useDialogForm();
  const errors = {
    current: self && !current ? 'Give your current password.' : null,
    next: passwordError(next),
    repeat: next && repeat !== next ? 'The two passwords differ.' : null,
  };

  const submit = submitWith(Object.values(errors).some(Boolean), async () => {
    await onSave(next, self ? current : undefined);
    onClose();
  });

  return (
    <Modal title={self ? 'Change your password' : `Set the password of ${user.displayName}`} onClose={() => !busy && onClose()} testId="password-dialog">
      <form ref={form} onSubmit={submit} className="space-y-3" noValidate>
        {self && (
          <Field label="Current password" error={tried ? errors.current : null}>
            {(p) => <input {...p} type="password" autoComplete="current-password" className="field" value={current} onChange={(e) => setCurrent(e.target.value)} autoFocus />}
          </Field>
        )}
        <Field label="New password" error={tried ? errors.next : null} help="At least 12 characters.">
          {(p) => <input {...p} type="password" autoComplete="new-password" className="field" value={next} maxLength={PASSWORD_MAX} onChange={(e) => setNext(e.target.value)} autoFocus={!self} />}
        </Field>
        <Field label="Repeat the new password" error={tried ? errors.repeat : null}>
          {(p) => <input {...p} type="password" autoComplete="new-password" className="field" value={repeat} maxLength={PASSWORD_MAX} onChange={(e) => setRepeat(e.target.value)} />}
        </Field>
        {!self && <p className="text-xs text-slate-400">Their current password stops working at once; tell them the new one on another channel.</p>}
        <ProblemAlert error={error} />
        <DialogButtons submit="Set password" busyText="Saving…" busy={busy} onCancel={onClose} />
      </form>
    </Modal>
  );
}
