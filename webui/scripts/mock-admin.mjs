// The administration part of the stand-in studio (scripts/mock-studio.mjs): in-memory teams,
// users, roles held and API keys, with the studio's input rules, its refusals (403 with the
// sentence the RBAC policy writes) and its conflicts (409), so the Administration pages can be
// tried without Karaf. MOCK_ROLE=TEAM_ADMIN (Team Admin of "core"), DEVELOPER or BILLING_ADMIN
// logs everybody in with that role instead of Organisation Admin. Not a description of the API:
// the resources in bundles/studio-rest are.
import { randomBytes, randomUUID } from 'node:crypto';

const ID = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const SCOPE = /^(\*|(organisations|teams|users|members|projects|sessions|api-keys|audit|usage):(read|write|\*))$/;
const PARENT = { ORG_ADMIN: null, TEAM_ADMIN: 'ORG_ADMIN', PROJECT_LEAD: 'TEAM_ADMIN', DEVELOPER: 'PROJECT_LEAD', ANALYST: 'TEAM_ADMIN', BILLING_ADMIN: 'ORG_ADMIN' };
const ORG_SCOPED = new Set(['ORG_ADMIN', 'BILLING_ADMIN']);
const includes = (held, needed) => {
  for (let r = needed; r; r = PARENT[r]) if (r === held) return true;
  return false;
};

/**
 * @param ctx {me, teams, projects, send, problem, json}: the mock's signed-in person (changed here
 *   by MOCK_ROLE), its team list (shared with the switcher) and its helpers
 * @returns async (req, res, url, path) => true when it answered
 */
export function mockAdmin({ me, teams, projects, send, problem, json }) {
  const ago = (days) => new Date(Date.now() - days * 86_400_000).toISOString();
  for (const t of teams) t.createdAt ??= ago(30);
  const users = [
    { orgId: 'default', id: 'admin', email: 'admin@localhost', displayName: 'Admin', disabled: false, createdAt: ago(40) },
    { orgId: 'default', id: 'ada', email: 'ada@example.com', displayName: 'Ada Lovelace', disabled: false, createdAt: ago(20) },
    { orgId: 'default', id: 'grace', email: 'grace@example.com', displayName: 'Grace Hopper', disabled: false, createdAt: ago(12) },
    { orgId: 'default', id: 'linus', email: 'linus@example.com', displayName: 'Linus', disabled: true, createdAt: ago(5) },
    { orgId: 'default', id: 'ci-bot', email: 'ci@example.com', displayName: 'CI service account', disabled: false, createdAt: ago(3) },
  ];
  const memberships = [
    { orgId: 'default', userId: 'admin', teamId: null, role: 'ORG_ADMIN', grantedAt: ago(40) },
    { orgId: 'default', userId: 'ada', teamId: 'core', role: 'TEAM_ADMIN', grantedAt: ago(20) },
    { orgId: 'default', userId: 'grace', teamId: 'core', role: 'DEVELOPER', grantedAt: ago(12) },
    { orgId: 'default', userId: 'grace', teamId: 'web', role: 'PROJECT_LEAD', grantedAt: ago(11) },
    { orgId: 'default', userId: 'linus', teamId: 'web', role: 'ANALYST', grantedAt: ago(5) },
    { orgId: 'default', userId: 'ci-bot', teamId: 'core', role: 'DEVELOPER', grantedAt: ago(3) },
  ];
  const keys = [
    { id: randomUUID(), orgId: 'default', ownerId: 'admin', name: 'Laptop scripts', prefix: 'cdt_7Hq2', scopes: ['projects:read', 'sessions:*'], expiresAt: new Date(Date.now() + 60 * 86_400_000).toISOString(), createdAt: ago(30), lastUsedAt: ago(1), revokedAt: null },
    { id: randomUUID(), orgId: 'default', ownerId: 'admin', name: 'Old CI', prefix: 'cdt_Zx81', scopes: ['*'], expiresAt: null, createdAt: ago(90), lastUsedAt: ago(60), revokedAt: ago(45) },
  ];

  const role = process.env.MOCK_ROLE;
  if (role && role !== 'ORG_ADMIN') {
    Object.assign(me, { studioAdmin: false, orgRole: ORG_SCOPED.has(role) ? role : null, teamRoles: ORG_SCOPED.has(role) ? {} : { core: role } });
    memberships.splice(0, 1, { orgId: 'default', userId: 'admin', teamId: ORG_SCOPED.has(role) ? null : 'core', role, grantedAt: ago(40) });
    memberships.push({ orgId: 'default', userId: 'ada', teamId: null, role: 'ORG_ADMIN', grantedAt: ago(20) });
  }

  // the caller's roles (me), as the policy sees them
  const holds = (needed, teamId) => (me.orgRole && includes(me.orgRole, needed)) || (teamId != null && me.teamRoles[teamId] && includes(me.teamRoles[teamId], needed));
  const orgAdmin = () => me.orgRole === 'ORG_ADMIN';
  const anyRole = () => me.orgRole != null || Object.keys(me.teamRoles).length > 0;
  const withoutTeam = (list, teamId) => list.filter((m) => m.teamId !== teamId);

  const listing = (res, url, items) => {
    const limit = Number(url.searchParams.get('limit') ?? 50);
    if (!(limit >= 1 && limit <= 500)) return problem(res, 400, `page limit ${limit} is out of range: ask for 1 to 500`);
    const from = Number(url.searchParams.get('cursor') ?? 0);
    const page = items.slice(from, from + limit);
    return send(res, 200, { items: page, total: items.length, nextCursor: from + limit < items.length ? String(from + limit) : null });
  };
  const matches = (text, ...fields) => !text || fields.some((f) => (f ?? '').toLowerCase().includes(text.trim().toLowerCase()));
  const name = (what, v, max = 200) => {
    const s = (v ?? '').trim();
    if (!s) return `${what} is missing: give 1 to ${max} characters`;
    if (s.length > max) return `${what} is ${s.length} characters long: at most ${max} are allowed`;
    return null;
  };
  const badId = (what, id) => (ID.test(id ?? '') ? null : `${what} id '${id}' is invalid: use 1-63 lower-case letters, digits or inner hyphens`);
  const badEmail = (v) => (/^[^@\s]+@[^@\s]+$/.test((v ?? '').trim()) ? null : `e-mail '${v ?? ''}' is not an address: use name@domain, at most 254 characters`);
  const badPassword = (p) =>
    p == null ? null : p.length < 12 ? 'the password is too short: use at least 12 characters (a few unrelated words make a good one)' : p.length > 256 ? 'the password is too long: use at most 256 characters' : null;
  const lastAdmin = (userId, doing) => {
    const isAdmin = memberships.some((m) => m.userId === userId && m.teamId === null && m.role === 'ORG_ADMIN');
    const another = memberships.some((m) => m.userId !== userId && m.teamId === null && m.role === 'ORG_ADMIN' && !users.find((u) => u.id === m.userId)?.disabled);
    return isAdmin && !another ? `${doing} user '${userId}' would leave organisation 'default' without an enabled Organisation Admin: make another user Organisation Admin first` : null;
  };
  const view = (k) => ({ ...k, active: !k.revokedAt && (!k.expiresAt || Date.parse(k.expiresAt) > Date.now()) });
  const issue = (k) => {
    const secret = `cdt_${randomBytes(4).toString('hex')}_${randomBytes(24).toString('base64url')}`;
    const stored = { ...k, id: randomUUID(), prefix: secret.slice(0, 12), createdAt: new Date().toISOString(), lastUsedAt: null, revokedAt: null };
    keys.unshift(stored);
    return { apiKey: view(stored), key: secret };
  };

  return async function admin(req, res, url, p) {
    const m = req.method;
    let r;
    if ((r = /^\/orgs\/([^/]+)\/(teams|users|members|api-keys)(?:\/([^/]+))?(\/password|\/rotate)?$/.exec(p)) === null) return false;
    const [, org, kind, id, sub] = r;
    if (org !== 'default') {
      // the mock's other organisation is empty
      if (m === 'GET' && !id) send(res, 200, { items: [], total: 0, nextCursor: null });
      else problem(res, 404, `${kind === 'api-keys' ? 'API key' : kind.slice(0, -1)} '${id ?? ''}' not found`);
      return true;
    }
    if (!anyRole()) {
      problem(res, 403, 'reading it needs a role in the organisation');
      return true;
    }
    const body = m === 'POST' || m === 'PUT' || m === 'PATCH' ? await json(req) : {};

    if (kind === 'teams') {
      if (!id && m === 'GET') listing(res, url, teams.filter((t) => matches(url.searchParams.get('text'), t.id, t.name)).sort((a, b) => a.id.localeCompare(b.id)));
      else if (!id && m === 'POST') {
        const bad = !orgAdmin() ? [403, 'creating a team needs Organisation Admin'] : badId('team', body.id) ? [400, badId('team', body.id)] : name('team name', body.name) ? [400, name('team name', body.name)] : teams.some((t) => t.id === body.id) ? [409, `team '${body.id}' already exists in organisation 'default': choose another id`] : null;
        if (bad) problem(res, ...bad);
        else {
          const t = { orgId: org, id: body.id, name: body.name.trim(), createdAt: new Date().toISOString() };
          teams.push(t);
          send(res, 201, t);
        }
      } else {
        const t = teams.find((x) => x.id === id);
        if (!t) problem(res, 404, `team '${id}' not found`);
        else if (m === 'GET') send(res, 200, t);
        else if (m === 'PATCH') {
          const bad = !holds('TEAM_ADMIN', id) ? [403, `renaming a team needs Team Admin in team '${id}'`] : body.name != null && name('team name', body.name) ? [400, name('team name', body.name)] : null;
          if (bad) problem(res, ...bad);
          else send(res, 200, Object.assign(t, { name: body.name == null ? t.name : body.name.trim() }));
        } else if (m === 'DELETE') {
          const owned = projects.filter((x) => x.teamId === id).map((x) => x.id);
          if (!orgAdmin()) problem(res, 403, 'deleting a team needs Organisation Admin');
          else if (owned.length) problem(res, 409, `team '${id}' still owns projects (${owned.slice(0, 3).join(', ')}): move them to another team or delete them first`);
          else {
            teams.splice(teams.indexOf(t), 1);
            memberships.splice(0, memberships.length, ...withoutTeam(memberships, id));
            send(res, 204);
          }
        } else problem(res, 405, `${m} is not allowed here`);
      }
      return true;
    }

    if (kind === 'users') {
      if (!id && m === 'GET') {
        const text = url.searchParams.get('text');
        const team = url.searchParams.get('team');
        const disabled = url.searchParams.get('disabled');
        listing(
          res,
          url,
          users
            .filter((u) => matches(text, u.id, u.email, u.displayName))
            .filter((u) => !team || memberships.some((x) => x.userId === u.id && x.teamId === team))
            .filter((u) => disabled == null || String(u.disabled) === disabled)
            .sort((a, b) => a.id.localeCompare(b.id)),
        );
      } else if (!id && m === 'POST') {
        const email = (body.email ?? '').trim().toLowerCase();
        const bad = !orgAdmin()
          ? [403, 'creating a user needs Organisation Admin']
          : badId('user', body.id)
            ? [400, badId('user', body.id)]
            : badEmail(body.email)
              ? [400, badEmail(body.email)]
              : name('display name', body.displayName)
                ? [400, name('display name', body.displayName)]
                : badPassword(body.password)
                  ? [400, badPassword(body.password)]
                  : users.some((u) => u.id === body.id)
                    ? [409, `user '${body.id}' already exists in organisation 'default': choose another id`]
                    : users.find((u) => u.email === email)
                      ? [409, `e-mail '${email}' is already used by user '${users.find((u) => u.email === email).id}' in organisation 'default'`]
                      : null;
        if (bad) problem(res, ...bad);
        else {
          const u = { orgId: org, id: body.id, email, displayName: body.displayName.trim(), disabled: false, createdAt: new Date().toISOString() };
          users.push(u);
          send(res, 201, u);
        }
      } else {
        const u = users.find((x) => x.id === id);
        const self = id === me.userId;
        if (!u) problem(res, 404, `user '${id}' not found`);
        else if (m === 'GET') send(res, 200, u);
        else if (m === 'PATCH') {
          const letting = body.disabled != null && body.disabled !== u.disabled;
          const email = body.email == null ? u.email : body.email.trim().toLowerCase();
          const bad = !(self || orgAdmin())
            ? [403, 'changing a user needs you to be that user, or Organisation Admin']
            : letting && !orgAdmin()
              ? [403, `${body.disabled ? 'disabling' : 'enabling'} a user needs Organisation Admin`]
              : letting && body.disabled && lastAdmin(id, 'disabling')
                ? [409, lastAdmin(id, 'disabling')]
                : badEmail(email)
                  ? [400, badEmail(email)]
                  : body.displayName != null && name('display name', body.displayName)
                    ? [400, name('display name', body.displayName)]
                    : users.find((x) => x.email === email && x.id !== id)
                      ? [409, `e-mail '${email}' is already used by user '${users.find((x) => x.email === email).id}' in organisation 'default'`]
                      : null;
          if (bad) problem(res, ...bad);
          else send(res, 200, Object.assign(u, { email, displayName: body.displayName == null ? u.displayName : body.displayName.trim(), disabled: body.disabled ?? u.disabled }));
        } else if (m === 'PUT' && sub === '/password') {
          const bad = !(self || orgAdmin())
            ? [403, 'changing a user needs Organisation Admin']
            : body.newPassword == null
              ? [400, 'newPassword is missing']
              : self && body.currentPassword !== 'studio'
                ? [403, 'changing your password needs your current password: the one given does not match']
                : badPassword(body.newPassword)
                  ? [400, badPassword(body.newPassword)]
                  : null;
          if (bad) problem(res, ...bad);
          else send(res, 204);
        } else if (m === 'DELETE') {
          const bad = !orgAdmin() ? [403, 'deleting a user needs Organisation Admin'] : lastAdmin(id, 'deleting') ? [409, lastAdmin(id, 'deleting')] : null;
          if (bad) problem(res, ...bad);
          else {
            users.splice(users.indexOf(u), 1);
            memberships.splice(0, memberships.length, ...memberships.filter((x) => x.userId !== id));
            keys.splice(0, keys.length, ...keys.filter((k) => k.ownerId !== id));
            send(res, 204);
          }
        } else problem(res, 405, `${m} is not allowed here`);
      }
      return true;
    }

    if (kind === 'members') {
      if (!id && m === 'GET') {
        const [user, team, role] = ['user', 'team', 'role'].map((k) => url.searchParams.get(k));
        listing(res, url, memberships.filter((x) => (!user || x.userId === user) && (!team || x.teamId === team) && (!role || x.role === role)));
      } else if (id && !sub && (m === 'PUT' || m === 'DELETE')) {
        const team = m === 'PUT' ? (body.teamId ?? null) : url.searchParams.get('team');
        const held = memberships.find((x) => x.userId === id && x.teamId === team);
        const allowed = team === null ? orgAdmin() : holds('TEAM_ADMIN', team);
        const bad = !users.some((u) => u.id === id)
          ? [404, `user '${id}' not found`]
          : team !== null && !teams.some((t) => t.id === team)
            ? [404, `team '${team}' not found`]
            : !allowed
              ? [403, team === null ? `${m === 'PUT' ? 'granting' : 'revoking'} an organisation-wide role needs Organisation Admin` : `${m === 'PUT' ? 'granting' : 'revoking'} a role needs Team Admin in team '${team}'`]
              : m === 'PUT' && !body.role
                ? [400, 'role is missing']
                : m === 'PUT' && team === null && !ORG_SCOPED.has(body.role)
                  ? [400, `role ${body.role} is held in a team: name the team`]
                  : m === 'PUT' && team !== null && ORG_SCOPED.has(body.role)
                    ? [400, `role ${body.role} applies to the whole organisation: grant it without a team`]
                    : m === 'DELETE' && !held
                      ? [404, `user '${id}' holds no role ${team === null ? 'for the whole organisation' : `in team '${team}'`}`]
                      : team === null && held?.role === 'ORG_ADMIN' && (m === 'DELETE' || body.role !== 'ORG_ADMIN') && lastAdmin(id, 'revoking the Organisation Admin role of')
                        ? [409, lastAdmin(id, 'revoking the Organisation Admin role of')]
                        : null;
        if (bad) problem(res, ...bad);
        else if (m === 'DELETE') {
          memberships.splice(memberships.indexOf(held), 1);
          send(res, 204);
        } else {
          const granted = held && held.role === body.role ? held : { orgId: org, userId: id, teamId: team, role: body.role, grantedAt: new Date().toISOString() };
          if (held) memberships.splice(memberships.indexOf(held), 1, granted);
          else memberships.push(granted);
          send(res, 200, granted);
        }
      } else problem(res, 405, `${m} is not allowed here`);
      return true;
    }

    // api-keys: the caller's organisation; owners read and revoke theirs, Organisation Admins everything
    if (!id && m === 'GET') {
      const owner = orgAdmin() ? url.searchParams.get('owner') : me.userId;
      listing(res, url, keys.filter((k) => !owner || k.ownerId === owner).map(view));
    } else if (!id && m === 'POST') {
      const owner = body.ownerId ?? me.userId;
      const scopes = body.scopes ?? ['*'];
      const nameText = (body.name ?? '').trim();
      const expiry = body.expiresAt ? Date.parse(body.expiresAt) : null;
      const bad = !orgAdmin()
        ? [403, 'issuing an API key needs Organisation Admin']
        : !users.some((u) => u.id === owner)
          ? [404, `user '${owner}' not found`]
          : !nameText || nameText.length > 100
            ? [400, `API key name '${nameText}' has ${nameText.length} characters: give 1 to 100, for example 'CI pipeline'`]
            : scopes.find((s) => !SCOPE.test(s))
              ? [400, `API key scope '${scopes.find((s) => !SCOPE.test(s))}' is not known: use '*' or <resource>:read, <resource>:write or <resource>:* with <resource> one of organisations, teams, users, members, projects, sessions, api-keys, audit, usage`]
              : expiry !== null && !(expiry > Date.now())
                ? [400, `API key expiry ${body.expiresAt} is not in the future: give a later time, or none for a key that does not expire`]
                : expiry !== null && expiry > Date.now() + 5 * 365.25 * 86_400_000
                  ? [400, `API key expiry ${body.expiresAt} is more than 5 years ahead`]
                  : null;
      if (bad) problem(res, ...bad);
      else send(res, 201, issue({ orgId: org, ownerId: owner, name: nameText, scopes: [...new Set(scopes)], expiresAt: body.expiresAt ?? null }), { 'Cache-Control': 'no-store' });
    } else {
      const k = keys.find((x) => x.id === id);
      if (!k) problem(res, 404, `API key '${id}' not found`);
      else if (m === 'GET') send(res, 200, view(k));
      else if (m === 'DELETE' && !sub) {
        if (!(orgAdmin() || k.ownerId === me.userId)) problem(res, 403, 'revoking an API key needs you to be its owner, or Organisation Admin');
        else send(res, 200, view(Object.assign(k, { revokedAt: k.revokedAt ?? new Date().toISOString() })));
      } else if (m === 'POST' && sub === '/rotate') {
        const overlap = body.overlapSeconds ?? 86_400;
        if (!orgAdmin()) problem(res, 403, 'issuing an API key needs Organisation Admin');
        else if (!(overlap >= 0 && overlap <= 30 * 86_400)) problem(res, 400, `rotation overlap PT${overlap}S is out of range: give PT0S to 30 days (P30D), how long the old key keeps working`);
        else {
          const lifetime = k.expiresAt && k.createdAt ? Date.parse(k.expiresAt) - Date.parse(k.createdAt) : null;
          k.expiresAt = new Date(Math.min(Date.now() + overlap * 1000, k.expiresAt ? Date.parse(k.expiresAt) : Infinity)).toISOString();
          send(res, 201, issue({ orgId: org, ownerId: k.ownerId, name: k.name, scopes: k.scopes, expiresAt: lifetime ? new Date(Date.now() + lifetime).toISOString() : null }), { 'Cache-Control': 'no-store' });
        }
      } else problem(res, 405, `${m} is not allowed here`);
    }
    return true;
  };
}
