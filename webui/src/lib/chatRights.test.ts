import { describe, expect, it } from 'vitest';
import type { Me, Role } from '../api/types';
import { chatRights, NO_RIGHTS } from './chatRights';
import { includes } from './roles';

const me = (userId: string, roles: { org?: Role | null; teams?: Record<string, Role> } = {}, extra: Partial<Me> = {}): Me => ({
  orgId: 'acme',
  userId,
  email: `${userId}@acme.example`,
  displayName: userId,
  credential: 'PASSWORD',
  orgRole: roles.org ?? null,
  teamRoles: roles.teams ?? {},
  scopes: [],
  studioAdmin: false,
  ...extra,
});

// dev's session in team web (as the server's SessionEventsComponentTest / RBAC tests set it up)
const session = { orgId: 'acme', teamId: 'web', userId: 'dev' };
const OWNER = { send: true, decide: true, cancel: true };
const CANCEL_ONLY = { send: false, decide: false, cancel: true };

describe('chatRights (ChatAgent.send / decide / cancel)', () => {
  it('lets only the owner drive the agent and decide approvals', () => {
    expect(chatRights(me('dev', { teams: { web: 'DEVELOPER' } }), session)).toEqual(OWNER);
    // another developer of the team, the project lead, the analyst, the billing admin: watch only
    expect(chatRights(me('lee', { teams: { web: 'PROJECT_LEAD' } }), session)).toEqual(NO_RIGHTS);
    expect(chatRights(me('ana', { teams: { web: 'ANALYST' } }), session)).toEqual(NO_RIGHTS);
    expect(chatRights(me('otto', { teams: { ops: 'DEVELOPER' } }), session)).toEqual(NO_RIGHTS);
    expect(chatRights(me('bill', { org: 'BILLING_ADMIN' }), session)).toEqual(NO_RIGHTS);
    // the owner keeps the right whatever role they hold now (SESSION UPDATE is "its owner")
    expect(chatRights(me('dev'), session)).toEqual(OWNER);
  });

  it('lets Team Admins of the session’s team and Organisation Admins cancel, but not send', () => {
    expect(chatRights(me('tara', { teams: { web: 'TEAM_ADMIN' } }), session)).toEqual(CANCEL_ONLY);
    expect(chatRights(me('ann', { org: 'ORG_ADMIN' }), session)).toEqual(CANCEL_ONLY);
    // Team Admin of another team: no
    expect(chatRights(me('opsadmin', { teams: { ops: 'TEAM_ADMIN' } }), session)).toEqual(NO_RIGHTS);
    // a studio administrator acts as Organisation Admin of the organisation it looks at
    expect(chatRights(me('root', {}, { orgId: 'studio', studioAdmin: true }), session)).toEqual(CANCEL_ONLY);
  });

  it('gives nothing in another organisation, and narrows API keys to their scopes', () => {
    expect(chatRights(me('dev', { teams: { web: 'DEVELOPER' } }, { orgId: 'globex' }), session)).toEqual(NO_RIGHTS);
    const key = (scopes: string[]) => me('dev', { teams: { web: 'TEAM_ADMIN' } }, { credential: 'API_KEY', scopes });
    expect(chatRights(key(['sessions:read']), session)).toEqual(NO_RIGHTS);
    expect(chatRights(key(['projects:*']), session)).toEqual(NO_RIGHTS);
    for (const s of ['sessions:write', 'sessions:*', '*']) expect(chatRights(key([s]), session)).toEqual(OWNER);
  });

  it('gives nothing before the caller or the session is known', () => {
    expect(chatRights(null, session)).toEqual(NO_RIGHTS);
    expect(chatRights(me('dev'), null)).toEqual(NO_RIGHTS);
  });

  it('follows the role hierarchy of studio-api Role', () => {
    expect(includes('ORG_ADMIN', 'DEVELOPER')).toBe(true);
    expect(includes('TEAM_ADMIN', 'DEVELOPER')).toBe(true);
    expect(includes('TEAM_ADMIN', 'TEAM_ADMIN')).toBe(true);
    expect(includes('ANALYST', 'DEVELOPER')).toBe(false);
    expect(includes('BILLING_ADMIN', 'TEAM_ADMIN')).toBe(false);
    expect(includes('PROJECT_LEAD', 'TEAM_ADMIN')).toBe(false);
  });
});
