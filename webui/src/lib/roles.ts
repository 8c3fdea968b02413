// The studio's roles as the page needs them to decide what to offer (studio-api Role.java, the
// tenancy Access.in rule, API key scopes). The studio decides again on every request.
import type { Me, Role } from '../api/types';

/** The role directly above each: a role includes every role below it. */
const PARENT: Record<Role, Role | null> = {
  ORG_ADMIN: null,
  TEAM_ADMIN: 'ORG_ADMIN',
  PROJECT_LEAD: 'TEAM_ADMIN',
  DEVELOPER: 'PROJECT_LEAD',
  ANALYST: 'TEAM_ADMIN',
  BILLING_ADMIN: 'ORG_ADMIN',
};

/** Whether {@code held} has every right of {@code needed}: it is {@code needed} or above it. */
export function includes(held: Role, needed: Role): boolean {
  for (let r: Role | null = needed; r; r = PARENT[r] ?? null) if (r === held) return true;
  return false;
}

export interface ActingRoles {
  orgRole: Role | null;
  teamRoles: Record<string, Role>;
}

/**
 * The roles the person acts with in {@code org}: their own in their organisation; a studio
 * administrator acts as Organisation Admin of any organisation; null elsewhere (the studio answers
 * "not found").
 */
export function actingRoles(me: Me, org: string): ActingRoles | null {
  if (me.studioAdmin) return { orgRole: 'ORG_ADMIN', teamRoles: {} };
  if (me.orgId === org) return { orgRole: me.orgRole, teamRoles: me.teamRoles ?? {} };
  return null;
}

/** Caller.holds: the role (or one above it) organisation-wide, or in the team. */
export function holds(roles: ActingRoles, needed: Role, teamId: string | null): boolean {
  if (roles.orgRole && includes(roles.orgRole, needed)) return true;
  const inTeam = teamId ? roles.teamRoles[teamId] : undefined;
  return !!inTeam && includes(inTeam, needed);
}

/** Whether an API key's scopes allow reading or writing {@code resource}; other logins are not narrowed. */
export function scopeAllows(me: Me, resource: string, write: boolean): boolean {
  if (me.credential !== 'API_KEY') return true;
  const s = me.scopes ?? [];
  return s.includes('*') || s.includes(`${resource}:*`) || s.includes(`${resource}:${write ? 'write' : 'read'}`);
}
