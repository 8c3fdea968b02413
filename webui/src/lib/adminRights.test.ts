import { describe, expect, it } from 'vitest';
import { me } from '../test/fakeApi';
import { adminRights, managesTeam } from './adminRights';
import { includes } from './roles';

describe('adminRights', () => {
  it('follows the role hierarchy', () => {
    expect(includes('ORG_ADMIN', 'DEVELOPER')).toBe(true);
    expect(includes('TEAM_ADMIN', 'ANALYST')).toBe(true);
    expect(includes('ANALYST', 'DEVELOPER')).toBe(false);
    expect(includes('BILLING_ADMIN', 'TEAM_ADMIN')).toBe(false);
  });

  it('gives an Organisation Admin everything in their organisation', () => {
    const r = adminRights(me({ orgRole: 'ORG_ADMIN' }), 'o');
    expect(r).toMatchObject({ read: true, manageTeams: true, manageUsers: true, manageOrgRoles: true, teamAdminOf: '*', issueKeys: true, administer: true });
    expect(managesTeam(r, 'any')).toBe(true);
  });

  it('lets a Team Admin manage only their own teams', () => {
    const r = adminRights(me({ orgRole: null, teamRoles: { core: 'TEAM_ADMIN', web: 'DEVELOPER' } }), 'o');
    expect(r).toMatchObject({ read: true, manageTeams: false, manageUsers: false, manageOrgRoles: false, issueKeys: false, administer: true });
    expect(managesTeam(r, 'core')).toBe(true);
    expect(managesTeam(r, 'web')).toBe(false);
  });

  it('gives developers and billing admins nothing to administer, but reading', () => {
    for (const who of [me({ orgRole: null, teamRoles: { core: 'DEVELOPER' } }), me({ orgRole: 'BILLING_ADMIN' })]) {
      const r = adminRights(who, 'o');
      expect(r.read).toBe(true);
      expect(r.administer).toBe(false);
      expect(managesTeam(r, 'core')).toBe(false);
    }
    expect(adminRights(me({ orgRole: null, teamRoles: {} }), 'o').read).toBe(false);
  });

  it('confines people to their organisation; studio administrators act as Organisation Admin anywhere but issue keys only at home', () => {
    expect(adminRights(me(), 'elsewhere').read).toBe(false);
    const sa = adminRights(me({ orgRole: null, studioAdmin: true }), 'elsewhere');
    expect(sa).toMatchObject({ manageTeams: true, manageUsers: true, issueKeys: false });
  });

  it('narrows an API-key login to its scopes', () => {
    const r = adminRights(me({ credential: 'API_KEY', scopes: ['teams:read', 'users:*'] }), 'o');
    expect(r).toMatchObject({ read: true, manageTeams: false, manageUsers: true, manageOrgRoles: false, teamAdminOf: [], issueKeys: false });
  });
});
