// The Administration area (`/orgs/{org}/admin/…`): teams and their members, users, and the
// person's own API keys. A lazy chunk: the first page load does not carry it.
import { adminRights } from '../../lib/adminRights';
import { useAuth } from '../../stores/auth';
import { navigate, type AdminSection } from '../../stores/router';
import { useWorkspace } from '../../stores/workspace';
import { ApiKeysPage } from './ApiKeysPage';
import { TeamMembersPage } from './TeamMembersPage';
import { TeamsPage } from './TeamsPage';
import { UsersPage } from './UsersPage';

const SECTIONS: { id: AdminSection; label: string }[] = [
  { id: 'teams', label: 'Teams' },
  { id: 'users', label: 'Users' },
  { id: 'api-keys', label: 'My API keys' },
];

export default function AdminArea({ org, section, team }: { org: string; section: AdminSection; team?: string }) {
  const me = useAuth((s) => s.me);
  const orgName = useWorkspace((s) => s.orgs.find((o) => o.id === org)?.name ?? org);
  if (!me) return null;
  const rights = adminRights(me, org);

  return (
    <div className="h-full overflow-y-auto p-4" data-testid="admin-area">
      <div className="mx-auto max-w-6xl">
        <h1 className="mb-3 text-xl font-semibold">
          Administration <span className="text-base font-normal text-slate-300">· {orgName}</span>
        </h1>
        <nav aria-label="Administration" className="mb-4 flex flex-wrap gap-1 border-b border-slate-800">
          {SECTIONS.map((s) => {
            const current = s.id === section;
            return (
              <a
                key={s.id}
                href={`/orgs/${encodeURIComponent(org)}/admin/${s.id}`}
                aria-current={current ? 'page' : undefined}
                onClick={(e) => {
                  e.preventDefault();
                  navigate({ name: 'admin', org, section: s.id });
                }}
                className={`-mb-px border-b-2 px-3 py-2 text-sm ${current ? 'border-sky-400 text-sky-200' : 'border-transparent text-slate-300 hover:text-white'}`}
              >
                {s.label}
              </a>
            );
          })}
        </nav>
        {section === 'api-keys' ? (
          <ApiKeysPage me={me} rights={rights} />
        ) : !rights.read ? (
          <p role="alert" className="text-sm text-slate-200">
            {me.orgId === org || me.studioAdmin
              ? `You hold no role in ${orgName}: there is nothing here for you to see. An Organisation Admin can give you a role.`
              : `You can administer only your own organisation (${me.orgId}).`}
          </p>
        ) : section === 'users' ? (
          <UsersPage org={org} rights={rights} />
        ) : team !== undefined ? (
          <TeamMembersPage key={team} org={org} team={team} rights={rights} />
        ) : (
          <TeamsPage org={org} rights={rights} />
        )}
      </div>
    </div>
  );
}
