import { useState } from 'react';
import { admin } from '../../api/admin';
import type { Team } from '../../api/types';
import { ago } from '../../lib/format';
import { managesTeam, type AdminRights } from '../../lib/adminRights';
import { useCommands } from '../../lib/useCommands';
import { navigate } from '../../stores/router';
import { toast } from '../../stores/toasts';
import { useWorkspace } from '../../stores/workspace';
import { Modal } from '../shell/Modal';
import { Caption, ConfirmDialog, DialogButtons, Field, ListFooter, ProblemAlert, TABLE, TBODY, TD, TR, useDebounced, usePaged, TableHead, useDialogForm, IdField, EmptyRow } from './ui';
import { idError, idFrom, NAME_MAX, nameError } from './validation';

/** Keeps the switcher's teams in step with a change made here. */
function syncWorkspaceTeams(org: string, fn: (teams: Team[]) => Team[]) {
  const ws = useWorkspace.getState();
  if (ws.org !== org) return;
  const teams = fn(ws.teams).sort((a, b) => a.name.localeCompare(b.name));
  useWorkspace.setState({ teams, team: ws.team && teams.some((t) => t.id === ws.team) ? ws.team : null });
}

const teamHref = (org: string, team: string) => `/orgs/${encodeURIComponent(org)}/admin/teams/${encodeURIComponent(team)}`;

/** The teams of the organisation: search, create, rename, delete; each links to its members. */
export function TeamsPage({ org, rights }: { org: string; rights: AdminRights }) {
  const [text, setText] = useState('');
  const q = useDebounced(text.trim());
  const list = usePaged((c) => admin.teams(org, q || null, c), [org, q]);
  const [creating, setCreating] = useState(false);
  const [renaming, setRenaming] = useState<Team | null>(null);
  const [deleting, setDeleting] = useState<Team | null>(null);
  const openMembers = (t: Team) => navigate({ name: 'admin', org, section: 'teams', team: t.id });

  useCommands(
    [
      ...(rights.manageTeams ? [{ id: 'admin:create-team', section: 'Administration', title: 'Create team…', keywords: 'new add team', run: () => setCreating(true) }] : []),
      ...list.items.map((t) => ({ id: `admin:team:${t.id}`, section: 'Team members', title: t.name, keywords: `${t.id} members roles`, run: () => openMembers(t) })),
    ],
    [rights.manageTeams, list.items, org],
  );

  return (
    <section aria-labelledby="teams-title">
      <div className="mb-3 flex flex-wrap items-end gap-3">
        <h2 id="teams-title" className="text-lg font-semibold">
          Teams
        </h2>
        <div className="flex w-full flex-wrap items-end gap-2 sm:ml-auto sm:w-auto">
          <label className="sr-only" htmlFor="team-search">
            Search teams
          </label>
          <input id="team-search" type="search" className="field w-full sm:w-56" placeholder="Search by name or id" value={text} onChange={(e) => setText(e.target.value)} />
          {rights.manageTeams && (
            <button type="button" className="btn btn-primary" onClick={() => setCreating(true)} data-testid="create-team">
              Create team
            </button>
          )}
        </div>
      </div>
      <ProblemAlert error={list.error} />
      <div className="overflow-x-auto rounded-lg border border-slate-800">
        <table className={TABLE} data-testid="teams-table">
          <TableHead columns={['Name', 'Id', { label: 'Created', from: 'md' }, { label: 'Actions', actions: true, right: true }]} />
          <tbody className={TBODY}>
            {list.items.map((t) => (
              <tr key={t.id} className={TR}>
                <td className={TD}>
                  <a
                    href={teamHref(org, t.id)}
                    onClick={(e) => {
                      e.preventDefault();
                      openMembers(t);
                    }}
                    className="font-medium text-sky-300 hover:underline"
                  >
                    {t.name}
                  </a>
                </td>
                <td className={`${TD} font-mono text-xs text-slate-300`}>
                  <Caption>Id</Caption>
                  {t.id}
                </td>
                <td className="hidden px-3 py-2 text-slate-300 md:table-cell" title={t.createdAt ?? undefined}>
                  {ago(t.createdAt)}
                </td>
                <td className={TD}>
                  <div className="flex flex-wrap gap-1.5 md:justify-end">
                    <button type="button" className="btn btn-sm" onClick={() => openMembers(t)} aria-label={`Members of ${t.name}`}>
                      Members
                    </button>
                    {managesTeam(rights, t.id) && (
                      <button type="button" className="btn btn-sm" onClick={() => setRenaming(t)} aria-label={`Rename ${t.name}`}>
                        Rename
                      </button>
                    )}
                    {rights.manageTeams && (
                      <button type="button" className="btn btn-sm" onClick={() => setDeleting(t)} aria-label={`Delete ${t.name}`}>
                        Delete
                      </button>
                    )}
                  </div>
                </td>
              </tr>
            ))}
            <EmptyRow list={list} columns={4}>
              {q ? `No team matches “${q}”.` : 'No team yet.'}
            </EmptyRow>
          </tbody>
        </table>
      </div>
      <ListFooter shown={list.items.length} total={list.total} noun="teams" more={list.more} loading={list.loading} onMore={list.loadMore} />

      {creating && (
        <TeamDialog
          title="Create team"
          onClose={() => setCreating(false)}
          onSave={async (id, name) => {
            const t = await admin.createTeam(org, { id, name });
            list.update((items) => [t, ...items.filter((x) => x.id !== t.id)], 1);
            syncWorkspaceTeams(org, (teams) => [...teams.filter((x) => x.id !== t.id), t]);
            toast(`Team ${t.name} created: add its members next.`);
          }}
        />
      )}
      {renaming && (
        <TeamDialog
          title={`Rename ${renaming.name}`}
          team={renaming}
          onClose={() => setRenaming(null)}
          onSave={async (_id, name) => {
            const t = await admin.renameTeam(org, renaming.id, name);
            list.update((items) => items.map((x) => (x.id === t.id ? t : x)));
            syncWorkspaceTeams(org, (teams) => teams.map((x) => (x.id === t.id ? t : x)));
            toast(`Team renamed to ${t.name}.`);
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete ${deleting.name}?`}
          confirm="Delete team"
          busyText="Deleting…"
          danger
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await admin.deleteTeam(org, deleting.id);
            list.update((items) => items.filter((x) => x.id !== deleting.id), -1);
            syncWorkspaceTeams(org, (teams) => teams.filter((x) => x.id !== deleting.id));
            toast(`Team ${deleting.name} deleted.`);
          }}
        >
          <p>
            Team <strong>{deleting.name}</strong> (<code>{deleting.id}</code>) and every role held in it are removed. This cannot be undone.
          </p>
          <p className="text-slate-300">A team that still owns projects cannot be deleted: move or delete its projects first.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

/** Create (id and name) or rename (name) a team; the id follows the name until edited. */
function TeamDialog({ title, team, onSave, onClose }: { title: string; team?: Team; onSave(id: string, name: string): Promise<void>; onClose(): void }) {
  const [name, setName] = useState(team?.name ?? '');
  const [id, setId] = useState('');
  const [idEdited, setIdEdited] = useState(false);
  const { form, tried, busy, error, submitWith } = useDialogForm();
  const teamId = team ? team.id : idEdited ? id : idFrom(name);
  const errors = { name: nameError('team name', name), id: team ? null : idError('team', teamId) };

  const submit = submitWith(!!(errors.name || errors.id), async () => {
    await onSave(teamId, name.trim());
    onClose();
  });

  return (
    <Modal title={title} onClose={() => !busy && onClose()} testId="team-dialog">
      <form ref={form} onSubmit={submit} className="space-y-3" noValidate>
        <Field label="Name" error={tried ? errors.name : null}>
          {(p) => <input {...p} className="field" value={name} maxLength={NAME_MAX} onChange={(e) => setName(e.target.value)} autoFocus />}
        </Field>
        {!team && (
          <IdField value={teamId} error={tried ? errors.id : null} help="Lower-case letters, digits and hyphens; used in addresses. It cannot be changed later." onEdit={(id) => {
            setIdEdited(true);
            setId(id);
          }} />
        )}
        <ProblemAlert error={error} />
        <DialogButtons submit={team ? 'Rename' : 'Create team'} busyText={team ? 'Renaming…' : 'Creating…'} busy={busy} onCancel={onClose} />
      </form>
    </Modal>
  );
}
