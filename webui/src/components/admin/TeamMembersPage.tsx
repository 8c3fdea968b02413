import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { admin } from '../../api/admin';
import { studio, all } from '../../api/studio';
import type { Membership, Role, Team, User } from '../../api/types';
import { ago } from '../../lib/format';
import { managesTeam, ROLE_LABEL, TEAM_ROLES, type AdminRights } from '../../lib/adminRights';
import { useCommands } from '../../lib/useCommands';
import { useAuth } from '../../stores/auth';
import { navigate } from '../../stores/router';
import { toast } from '../../stores/toasts';
import { Modal } from '../shell/Modal';
import { Caption, ConfirmDialog, DialogButtons, Field, ProblemAlert, TABLE, TBODY, TD, TR, useDebounced, TableHead } from './ui';

interface Member {
  user: User | null;
  userId: string;
  role: Role;
  grantedAt: string | null;
}

/** After a change to one's own roles: read them again, so the page shows what one may now do. */
export async function refreshMe(userId: string): Promise<void> {
  const me = useAuth.getState().me;
  if (!me || me.userId !== userId) return;
  try {
    useAuth.setState({ me: await studio.me() });
  } catch {
    // the roles shown may be stale until the next login; the studio decides anyway
  }
}

const nameOf = (m: Member) => m.user?.displayName || m.userId;

/** The members of one team with their roles: add, change the role, remove (Team Admins of the team). */
export function TeamMembersPage({ org, team, rights }: { org: string; team: string; rights: AdminRights }) {
  const me = useAuth((s) => s.me);
  const manage = managesTeam(rights, team);
  const [info, setInfo] = useState<Team | null>(null);
  const [members, setMembers] = useState<Member[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [busyUser, setBusyUser] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<Member | null>(null);
  const teamName = info?.name ?? team;

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      const [t, held, users] = await Promise.all([
        admin.team(org, team),
        all((c) => admin.members(org, { team }, c), 5_000),
        all((c) => admin.users(org, { team }, c, 500), 5_000),
      ]);
      const byId = new Map(users.map((u) => [u.id, u]));
      setInfo(t);
      setMembers(
        held
          .filter((m) => m.teamId === team)
          .map((m) => ({ user: byId.get(m.userId) ?? null, userId: m.userId, role: m.role, grantedAt: m.grantedAt }))
          .sort((a, b) => nameOf(a).localeCompare(nameOf(b))),
      );
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  }, [org, team]);

  useEffect(() => {
    void load();
  }, [load]);

  const upsert = (m: Membership, user: User | null) =>
    setMembers((list) => {
      const rest = list.filter((x) => x.userId !== m.userId);
      const old = list.find((x) => x.userId === m.userId);
      return [...rest, { user: user ?? old?.user ?? null, userId: m.userId, role: m.role, grantedAt: m.grantedAt }].sort((a, b) => nameOf(a).localeCompare(nameOf(b)));
    });

  const changeRole = async (m: Member, role: Role) => {
    if (role === m.role) return;
    setBusyUser(m.userId);
    setActionError(null);
    try {
      upsert(await admin.grant(org, m.userId, team, role), m.user);
      toast(`${nameOf(m)} is now ${ROLE_LABEL[role]} in ${teamName}.`);
      await refreshMe(m.userId);
    } catch (e) {
      setActionError(e);
    } finally {
      setBusyUser(null);
    }
  };

  useCommands(
    manage ? [{ id: `admin:add-member:${team}`, section: 'Administration', title: `Add a member to ${teamName}…`, keywords: 'grant role user team', run: () => setAdding(true) }] : [],
    [manage, team, teamName],
  );

  return (
    <section aria-labelledby="members-title">
      <p className="mb-2 text-sm">
        <a
          href={`/orgs/${encodeURIComponent(org)}/admin/teams`}
          onClick={(e) => {
            e.preventDefault();
            navigate({ name: 'admin', org, section: 'teams' });
          }}
          className="text-sky-300 hover:underline"
        >
          ← Teams
        </a>
      </p>
      <div className="mb-3 flex flex-wrap items-end gap-3">
        <h2 id="members-title" className="text-lg font-semibold">
          Members of {teamName}
        </h2>
        {manage && (
          <button type="button" className="btn btn-primary ml-auto" onClick={() => setAdding(true)} data-testid="add-member" disabled={!info}>
            Add member
          </button>
        )}
      </div>
      <p className="mb-3 text-sm text-slate-300">
        Roles in this team: Team Admin (manages its members and projects), Project Lead (creates projects), Developer (runs sessions), Analyst (reads).
        Organisation Admins act as Team Admin in every team without being listed here.
      </p>
      <ProblemAlert error={error} />
      <ProblemAlert error={actionError} onDismiss={() => setActionError(null)} />
      {!error && (
        <div className="overflow-x-auto rounded-lg border border-slate-800">
          <table className={TABLE} data-testid="members-table">
            <TableHead columns={['Member', { label: 'E-mail', from: 'md' }, 'Role', { label: 'Since', from: 'lg' }, { label: 'Actions', actions: true }]} />
            <tbody className={TBODY}>
              {members.map((m) => (
                <tr key={m.userId} className={TR} data-testid={`member-${m.userId}`}>
                  <td className={TD}>
                    <span className="font-medium">{nameOf(m)}</span>
                    {m.userId === me?.userId && <span className="ml-1 text-xs text-slate-400">(you)</span>}
                    <span className="block font-mono text-xs text-slate-400">{m.userId}</span>
                    {m.user?.disabled && <span className="text-xs text-amber-200">disabled</span>}
                  </td>
                  <td className="hidden px-3 py-2 text-slate-300 md:table-cell">{m.user?.email ?? ''}</td>
                  <td className={TD}>
                    <Caption>Role</Caption>
                    {manage ? (
                      <>
                        <label className="sr-only" htmlFor={`role-${m.userId}`}>
                          Role of {nameOf(m)}
                        </label>
                        <select
                          id={`role-${m.userId}`}
                          className="field w-auto py-1"
                          value={m.role}
                          disabled={busyUser === m.userId}
                          aria-busy={busyUser === m.userId}
                          onChange={(e) => void changeRole(m, e.target.value as Role)}
                        >
                          {TEAM_ROLES.map((r) => (
                            <option key={r} value={r}>
                              {ROLE_LABEL[r]}
                            </option>
                          ))}
                        </select>
                        {busyUser === m.userId && (
                          <span className="ml-2 text-xs text-slate-300" role="status">
                            Saving…
                          </span>
                        )}
                      </>
                    ) : (
                      ROLE_LABEL[m.role] ?? m.role
                    )}
                  </td>
                  <td className="hidden px-3 py-2 text-slate-300 lg:table-cell" title={m.grantedAt ?? undefined}>
                    {ago(m.grantedAt)}
                  </td>
                  {manage && (
                    <td className={`${TD} md:text-right`}>
                      <button type="button" className="btn btn-sm" onClick={() => setRemoving(m)} disabled={busyUser === m.userId} aria-label={`Remove ${nameOf(m)} from ${teamName}`}>
                        Remove
                      </button>
                    </td>
                  )}
                </tr>
              ))}
              {!loading && members.length === 0 && (
                <tr className={TR}>
                  <td colSpan={manage ? 5 : 4} className="px-3 py-4 text-slate-300">
                    Nobody holds a role in this team yet.
                  </td>
                </tr>
              )}
              {loading && members.length === 0 && (
                <tr className={TR}>
                  <td colSpan={manage ? 5 : 4} className="px-3 py-4 text-slate-300" role="status">
                    Loading the members…
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}

      {adding && (
        <AddMemberDialog
          org={org}
          teamName={teamName}
          members={members}
          onClose={() => setAdding(false)}
          onAdd={async (user, role) => {
            upsert(await admin.grant(org, user.id, team, role), user);
            toast(`${user.displayName || user.id} joined ${teamName} as ${ROLE_LABEL[role]}.`);
            await refreshMe(user.id);
          }}
        />
      )}
      {removing && (
        <ConfirmDialog
          title={`Remove ${nameOf(removing)}?`}
          confirm="Remove from team"
          busyText="Removing…"
          danger
          onClose={() => setRemoving(null)}
          onConfirm={async () => {
            await admin.revoke(org, removing.userId, team);
            setMembers((list) => list.filter((x) => x.userId !== removing.userId));
            toast(`${nameOf(removing)} no longer holds a role in ${teamName}.`);
            await refreshMe(removing.userId);
          }}
        >
          <p>
            <strong>{nameOf(removing)}</strong> loses the role {ROLE_LABEL[removing.role]} in {teamName}, and with it access to the team's projects and sessions (unless an
            organisation-wide role gives it).
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

/** Finds a user of the organisation and grants them a role in the team. */
function AddMemberDialog({
  org,
  teamName,
  members,
  onAdd,
  onClose,
}: {
  org: string;
  teamName: string;
  members: Member[];
  onAdd(user: User, role: Role): Promise<void>;
  onClose(): void;
}) {
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 200);
  const [found, setFound] = useState<User[]>([]);
  const [searching, setSearching] = useState(false);
  const [searchError, setSearchError] = useState<unknown>(null);
  const [userId, setUserId] = useState('');
  const [role, setRole] = useState<Role>('DEVELOPER');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const generation = useRef(0);
  const held = useMemo(() => new Map(members.map((m) => [m.userId, m.role])), [members]);

  useEffect(() => {
    const g = ++generation.current;
    setSearching(true);
    setSearchError(null);
    admin
      .users(org, { text: q || null }, null, 25)
      .then((page) => {
        if (g !== generation.current) return;
        setFound(page.items);
        setUserId((u) => (page.items.some((x) => x.id === u) ? u : (page.items.find((x) => !held.has(x.id))?.id ?? '')));
      })
      .catch((e) => g === generation.current && setSearchError(e))
      .finally(() => g === generation.current && setSearching(false));
  }, [org, q, held]);

  const user = found.find((u) => u.id === userId) ?? null;
  const userError = user ? null : 'Choose a user.';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (!user) return;
    setBusy(true);
    setError(null);
    try {
      await onAdd(user, role);
      onClose();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <Modal title={`Add a member to ${teamName}`} onClose={() => !busy && onClose()} testId="add-member-dialog">
      <form onSubmit={submit} className="space-y-3" noValidate>
        <Field label="Find a user" help="Name, e-mail or id.">
          {(p) => <input {...p} type="search" className="field" value={text} onChange={(e) => setText(e.target.value)} autoFocus />}
        </Field>
        <Field label="User" error={tried ? userError : null}>
          {(p) => (
            <select {...p} className="field" size={Math.min(6, Math.max(2, found.length))} value={userId} onChange={(e) => setUserId(e.target.value)} aria-busy={searching}>
              {found.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.displayName} · {u.email}
                  {held.has(u.id) ? ` (already ${ROLE_LABEL[held.get(u.id)!]})` : ''}
                  {u.disabled ? ' (disabled)' : ''}
                </option>
              ))}
            </select>
          )}
        </Field>
        <p className="text-xs text-slate-400" aria-live="polite">
          {searching ? 'Searching…' : found.length === 0 ? 'No user matches: users are created under Users.' : found.length === 25 ? 'The first 25 matches: type more to narrow them.' : ''}
        </p>
        <ProblemAlert error={searchError} />
        <Field label="Role" help={user && held.has(user.id) ? `This replaces their role ${ROLE_LABEL[held.get(user.id)!]}.` : undefined}>
          {(p) => (
            <select {...p} className="field" value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {TEAM_ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABEL[r]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <ProblemAlert error={error} />
        <DialogButtons submit="Add member" busyText="Adding…" busy={busy} onCancel={onClose} />
      </form>
    </Modal>
  );
}
