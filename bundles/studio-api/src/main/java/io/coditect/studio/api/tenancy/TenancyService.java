package io.coditect.studio.api.tenancy;

import io.coditect.studio.api.audit.AuditEvent;
import io.coditect.studio.api.audit.AuditFilter;
import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.store.Page;
import io.coditect.studio.api.store.PageRequest;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The tenancy model as callers see it: every method takes the authenticated {@link Caller}, checks
 * tenant and role itself (SDD §5.2) and audits what changes access.
 *
 * <p>{@code orgId} must be the caller's organisation; any other organisation (unless the caller is a
 * studio administrator) and any object in it answer {@code StoreException} {@code NOT_FOUND}, exactly
 * like an id that does not exist, and the attempt is audited as denied. A caller without the role an
 * operation needs gets {@link io.coditect.studio.api.security.AccessDeniedException}. Ids, tenants and
 * owners in the records passed in are taken from the path and the caller, never trusted from input:
 * {@code createdBy} of a project is the caller.
 */
@ProviderType
public interface TenancyService {

    // organisations

    /** Studio administrators see every organisation; everybody else only their own. */
    Page<Organisation> listOrganisations(Caller caller, String text, PageRequest page);

    Organisation organisation(Caller caller, String orgId);

    /**
     * Creates an organisation with its first administrator (studio administrators only).
     *
     * @param admin   the first user; made {@link Role#ORG_ADMIN}
     * @param password the admin's initial password, or null to let them use single sign-on only
     */
    Organisation createOrganisation(Caller caller, Organisation organisation, User admin, char[] password);

    Organisation updateOrganisation(Caller caller, Organisation organisation);

    void deleteOrganisation(Caller caller, String orgId);

    // teams

    Page<Team> listTeams(Caller caller, String orgId, String text, PageRequest page);

    Team team(Caller caller, String orgId, String teamId);

    Team createTeam(Caller caller, Team team);

    Team updateTeam(Caller caller, Team team);

    void deleteTeam(Caller caller, String orgId, String teamId);

    // users

    Page<User> listUsers(Caller caller, String orgId, UserFilter filter, PageRequest page);

    User user(Caller caller, String orgId, String userId);

    /** @param password initial password, or null for a user who signs in with SSO or API keys only */
    User createUser(Caller caller, User user, char[] password);

    /** Changes e-mail, display name, disabled flag; users may change their own name and e-mail. */
    User updateUser(Caller caller, User user);

    /** Sets a password: one's own (with the current one) or, as organisation admin, anybody's. */
    void changePassword(Caller caller, String orgId, String userId, char[] currentPassword, char[] newPassword);

    void deleteUser(Caller caller, String orgId, String userId);

    // memberships

    Page<Membership> listMemberships(Caller caller, String orgId, MembershipFilter filter, PageRequest page);

    /**
     * Grants a role in a team (or organisation-wide with a null team). Team admins grant team roles
     * in their teams; only organisation admins grant organisation-wide roles.
     */
    Membership grant(Caller caller, String orgId, String userId, String teamId, Role role);

    void revoke(Caller caller, String orgId, String userId, String teamId);

    // projects

    Page<Project> listProjects(Caller caller, String orgId, ProjectFilter filter, PageRequest page);

    Project project(Caller caller, String orgId, String projectId);

    Project createProject(Caller caller, Project project);

    Project updateProject(Caller caller, Project project);

    void deleteProject(Caller caller, String orgId, String projectId);

    // audit

    /** The organisation's audit events (organisation admins). */
    Page<AuditEvent> auditEvents(Caller caller, String orgId, AuditFilter filter, PageRequest page);

    /** The user's own record with roles, for {@code /me}. */
    Optional<User> self(Caller caller);
}
