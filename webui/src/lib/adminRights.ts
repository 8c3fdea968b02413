// Who may do what in the Administration area, decided the way the studio does (studio-security
// RbacPolicy/Matrix, studio-core tenancy Access): only to show the actions a person may take. The
// studio decides again on every request, so a refusal (403) is still handled where it can happen.
import type { Me, Role } from '../api/types';
import { actingRoles, includes, scopeAllows } from './roles';

export const ROLE_LABEL: Record<Role, string> = {
  ORG_ADMIN: 'Organisation Admin',
  TEAM_ADMIN: 'Team Admin',
  PROJECT_LEAD: 'Project Lead',
  DEVELOPER: 'Developer',
  ANALYST: 'Analyst',
  BILLING_ADMIN: 'Billing Admin',
};

/** Roles held in one team, highest first; ORG_ADMIN and BILLING_ADMIN are held organisation-wide. */
export const TEAM_ROLES: Role[] = ['TEAM_ADMIN', 'PROJECT_LEAD', 'DEVELOPER', 'ANALYST'];
export const ORG_ROLES: Role[] = ['ORG_ADMIN', 'BILLING_ADMIN'];

/** What the person may do in the Administration area of an organisation. */
export interface AdminRights {
  /** Any role in the organisation: teams, users and roles held can be read. */
  read: boolean;
  /** Create and delete teams (Organisation Admin). */
  manageTeams: boolean;
  /** Create, change, disable and delete users, set anybody's password (Organisation Admin). */
  manageUsers: boolean;
  /** Grant and revoke organisation-wide roles (Organisation Admin). */
  manageOrgRoles: boolean;
  /** Teams whose name and members the person manages (Team Admin there); '*' for every team. */
  teamAdminOf: string[] | '*';
  /** Issue and rotate API keys (Organisation Admin, in their own organisation). */
  issueKeys: boolean;
  /** Anything to administer: the shell shows the Administration link. */
  administer: boolean;
}

const NONE: AdminRights = { read: false, manageTeams: false, manageUsers: false, manageOrgRoles: false, teamAdminOf: [], issueKeys: false, administer: false };

export function adminRights(me: Me | null, org: string | null): AdminRights {
  if (!me || !org) return NONE;
  const r = actingRoles(me, org);
  if (!r) return NONE;
  const orgAdmin = r.orgRole === 'ORG_ADMIN';
  const teamAdminOf: string[] | '*' = !scopeAllows(me, 'members', true)
    ? []
    : r.orgRole && includes(r.orgRole, 'TEAM_ADMIN')
      ? '*'
      : Object.entries(r.teamRoles)
          .filter(([, role]) => includes(role, 'TEAM_ADMIN'))
          .map(([team]) => team);
  const manageTeams = orgAdmin && scopeAllows(me, 'teams', true);
  const manageUsers = orgAdmin && scopeAllows(me, 'users', true);
  const manageOrgRoles = orgAdmin && scopeAllows(me, 'members', true);
  // keys are issued in the caller's own organisation with the caller's own roles (ApiKeyServiceImpl)
  const issueKeys = me.orgId === org && me.orgRole === 'ORG_ADMIN' && scopeAllows(me, 'api-keys', true);
  return {
    read: (r.orgRole !== null || Object.keys(r.teamRoles).length > 0) && scopeAllows(me, 'teams', false),
    manageTeams,
    manageUsers,
    manageOrgRoles,
    teamAdminOf,
    issueKeys,
    administer: manageTeams || manageUsers || manageOrgRoles || teamAdminOf.length > 0,
  };
}

/** Whether the person manages the members (and the name) of {@code team}. */
export function managesTeam(rights: AdminRights, team: string): boolean {
  return rights.teamAdminOf === '*' || rights.teamAdminOf.includes(team);
}
