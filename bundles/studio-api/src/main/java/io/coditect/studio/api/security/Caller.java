package io.coditect.studio.api.security;

import io.coditect.studio.api.tenancy.Role;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An authenticated caller, resolved for one request: the tenant (organisation and user), the roles
 * the user holds, how they proved it and, for API keys, the scopes that narrow those roles.
 *
 * @param orgId        the caller's organisation; every request is confined to it
 * @param userId       the user (or service account) acting
 * @param credential   how the caller proved it
 * @param credentialId the session id of a token, the id of an API key, or null
 * @param orgRole      the organisation-wide role, or null
 * @param teamRoles    team id to the role held in that team
 * @param scopes       for {@link Credential#API_KEY}: what the key may do ({@code *}, {@code projects:read},
 *                     {@code sessions:*} …); an empty set allows nothing but reading the caller itself.
 *                     Ignored for the other credentials.
 * @param studioAdmin  whether the user administers the studio itself (creates and deletes organisations)
 * @param sourceAddress the client's address, for the audit log; may be null
 */
public record Caller(String orgId, String userId, Credential credential, String credentialId, Role orgRole,
        Map<String, Role> teamRoles, Set<String> scopes, boolean studioAdmin, String sourceAddress) {

    public Caller {
        Objects.requireNonNull(orgId, "orgId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(credential, "credential");
        teamRoles = teamRoles == null ? Map.of() : Map.copyOf(teamRoles);
        scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
    }

    /** The studio acting in {@code orgId} with every right (shell commands, first-boot tasks). */
    public static Caller system(String orgId) {
        return new Caller(orgId, "system", Credential.SYSTEM, null, Role.ORG_ADMIN, Map.of(), Set.of(), true, null);
    }

    /**
     * Whether the caller holds {@code needed} (or a role above it) in {@code teamId}, or in the
     * whole organisation when {@code teamId} is null. An organisation-wide role counts in every team.
     */
    public boolean holds(Role needed, String teamId) {
        if (orgRole != null && orgRole.includes(needed)) {
            return true;
        }
        if (teamId == null) {
            return false;
        }
        Role inTeam = teamRoles.get(teamId);
        return inTeam != null && inTeam.includes(needed);
    }

    /** Whether the caller holds any role at all in the team (or organisation-wide). */
    public boolean isMemberOf(String teamId) {
        return orgRole != null || teamId != null && teamRoles.containsKey(teamId);
    }

    /** Whether the caller holds any role in the organisation. */
    public boolean hasAnyRole() {
        return orgRole != null || !teamRoles.isEmpty();
    }

    /** The name the audit log records: the user id, or {@code apikey:<id>} for an API key. */
    public String actor() {
        return credential == Credential.API_KEY ? "apikey:" + credentialId : userId;
    }
}
