// The administration endpoints (bundles/studio-rest: TeamResource, UserResource, MemberResource,
// ApiKeyResource). Only the Administration area's lazy chunk imports this module.
import { getJson, query, seg, sendJson } from './client';
import type { ApiKey, IssuedApiKey, Membership, Page, Role, Team, User } from './types';

const org = (o: string) => `orgs/${seg(o)}`;

/** How many items a page of an administration listing asks for (the API allows 1 to 500). */
export const PAGE = 50;

export const admin = {
  // teams: anyone with a role reads them; Organisation Admins create and delete; Team Admins rename theirs
  teams: (o: string, text: string | null, cursor: string | null = null, limit = PAGE) =>
    getJson<Page<Team>>(`${org(o)}/teams${query({ text, limit, cursor })}`),
  team: (o: string, team: string) => getJson<Team>(`${org(o)}/teams/${seg(team)}`),
  createTeam: (o: string, body: { id: string; name: string }) => sendJson<Team>('POST', `${org(o)}/teams`, body),
  renameTeam: (o: string, team: string, name: string) => sendJson<Team>('PATCH', `${org(o)}/teams/${seg(team)}`, { name }),
  deleteTeam: (o: string, team: string) => sendJson<void>('DELETE', `${org(o)}/teams/${seg(team)}`),

  // users: Organisation Admins create, disable and delete them and set anybody's password
  users: (o: string, filter: { text?: string | null; team?: string | null; disabled?: boolean | null }, cursor: string | null = null, limit = PAGE) =>
    getJson<Page<User>>(`${org(o)}/users${query({ ...filter, limit, cursor })}`),
  createUser: (o: string, body: { id: string; email: string; displayName: string; password?: string }) =>
    sendJson<User>('POST', `${org(o)}/users`, body),
  updateUser: (o: string, user: string, body: { email?: string; displayName?: string; disabled?: boolean }) =>
    sendJson<User>('PATCH', `${org(o)}/users/${seg(user)}`, body),
  /** One's own password needs {@code currentPassword}; an Organisation Admin sets anybody else's without. */
  setPassword: (o: string, user: string, newPassword: string, currentPassword?: string) =>
    sendJson<void>('PUT', `${org(o)}/users/${seg(user)}/password`, currentPassword === undefined ? { newPassword } : { currentPassword, newPassword }),
  deleteUser: (o: string, user: string) => sendJson<void>('DELETE', `${org(o)}/users/${seg(user)}`),

  // roles held: Team Admins grant and revoke team roles in their teams, Organisation Admins every role
  members: (o: string, filter: { user?: string | null; team?: string | null; role?: Role | null }, cursor: string | null = null, limit = 500) =>
    getJson<Page<Membership>>(`${org(o)}/members${query({ ...filter, limit, cursor })}`),
  /** Grants (or replaces) the user's role in the team, or organisation-wide without a team. */
  grant: (o: string, user: string, teamId: string | null, role: Role) =>
    sendJson<Membership>('PUT', `${org(o)}/members/${seg(user)}`, { teamId, role }),
  revoke: (o: string, user: string, team: string | null) => sendJson<void>('DELETE', `${org(o)}/members/${seg(user)}${query({ team })}`),

  // API keys: owners list and revoke theirs; issuing and rotating need Organisation Admin
  apiKeys: (o: string, owner: string | null, cursor: string | null = null, limit = PAGE) =>
    getJson<Page<ApiKey>>(`${org(o)}/api-keys${query({ owner, limit, cursor })}`),
  issueKey: (o: string, body: { ownerId?: string; name: string; scopes: string[]; expiresAt: string | null }) =>
    sendJson<IssuedApiKey>('POST', `${org(o)}/api-keys`, body, { cache: 'no-store' }),
  rotateKey: (o: string, key: string, overlapSeconds: number) =>
    sendJson<IssuedApiKey>('POST', `${org(o)}/api-keys/${seg(key)}/rotate`, { overlapSeconds }, { cache: 'no-store' }),
  revokeKey: (o: string, key: string) => sendJson<ApiKey>('DELETE', `${org(o)}/api-keys/${seg(key)}`),
};
