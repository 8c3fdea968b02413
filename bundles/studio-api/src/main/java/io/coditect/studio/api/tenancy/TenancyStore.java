package io.coditect.studio.api.tenancy;

import java.util.Optional;

import io.coditect.studio.api.store.Page;
import io.coditect.studio.api.store.PageRequest;
import io.coditect.studio.api.store.StoreException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Organisations, teams, users, memberships and projects.
 *
 * <p>Every method but {@link #listOrganisations} names the organisation and never reads or changes
 * another one: an id of another organisation behaves exactly like an id that does not exist.
 * Lists are ordered by id (memberships by user, then team with the organisation-wide role first);
 * {@code text} filters match case-insensitively anywhere in the id or name.
 *
 * <p>Writes throw {@link StoreException}: {@code INVALID} for input that breaks a rule (the message
 * names it), {@code NOT_FOUND} when the object or one it refers to does not exist in the
 * organisation, {@code CONFLICT} for a taken id or e-mail or an object still in use. A failed write
 * changes nothing. Update methods take the record as read, changed with its {@code with…} methods;
 * fields that cannot change (organisation, id, creation time) are taken from the stored object.
 */
@ProviderType
public interface TenancyStore {

    // organisations

    /** Creates an organisation; {@code CONFLICT} when the id is taken. */
    Organisation createOrganisation(Organisation organisation);

    Optional<Organisation> findOrganisation(String orgId);

    /**
     * Every organisation, for the administrators of the studio itself; the only read that is not
     * limited to one organisation, because its objects are the organisations.
     */
    Page<Organisation> listOrganisations(String text, PageRequest page);

    /** Changes the name. */
    Organisation updateOrganisation(Organisation organisation);

    /**
     * Deletes the organisation with its teams, users, memberships, projects, API keys, sessions and
     * checkpoints, in one transaction. Usage records and audit events stay: they are history.
     *
     * @return false when there was no such organisation
     */
    boolean deleteOrganisation(String orgId);

    // teams

    /** {@code NOT_FOUND} when the organisation does not exist, {@code CONFLICT} when the id is taken. */
    Team createTeam(Team team);

    Optional<Team> findTeam(String orgId, String teamId);

    Page<Team> listTeams(String orgId, String text, PageRequest page);

    /** Changes the name. */
    Team updateTeam(Team team);

    /**
     * Deletes the team and the roles held in it; {@code CONFLICT} while projects belong to it.
     *
     * @return false when there was no such team
     */
    boolean deleteTeam(String orgId, String teamId);

    // users

    /** {@code CONFLICT} when the id or the e-mail is taken in the organisation. */
    User createUser(User user);

    Optional<User> findUser(String orgId, String userId);

    /** Finds by e-mail, ignoring case and surrounding blanks. */
    Optional<User> findUserByEmail(String orgId, String email);

    Page<User> listUsers(String orgId, UserFilter filter, PageRequest page);

    /** Changes e-mail, display name and the disabled flag. */
    User updateUser(User user);

    /**
     * Deletes the user with its roles, password hash and API keys. Its sessions, usage and audit
     * events stay.
     *
     * @return false when there was no such user
     */
    boolean deleteUser(String orgId, String userId);

    /**
     * Sets or, with null, removes the user's password hash: an opaque string of 1 to 255 printable
     * ASCII characters (for example a PHC string {@code $argon2id$…}), never a password.
     */
    void setPasswordHash(String orgId, String userId, String passwordHash);

    /** The user's password hash; empty when the user has none or does not exist. */
    Optional<String> findPasswordHash(String orgId, String userId);

    // memberships

    /**
     * Gives the user {@code role} in the team, or in the whole organisation when {@code teamId} is
     * null, replacing the role the user held there. {@code INVALID} when the role's
     * {@link Role#scope()} does not fit ({@code ORG_ADMIN} with a team, {@code DEVELOPER} without);
     * {@code NOT_FOUND} for an unknown user or team.
     */
    Membership grant(String orgId, String userId, String teamId, Role role);

    /** The role the user holds in the team, or in the whole organisation when {@code teamId} is null. */
    Optional<Membership> findMembership(String orgId, String userId, String teamId);

    Page<Membership> listMemberships(String orgId, MembershipFilter filter, PageRequest page);

    /**
     * Takes away the role the user holds in the team, or in the whole organisation when
     * {@code teamId} is null.
     *
     * @return false when the user held none there
     */
    boolean revoke(String orgId, String userId, String teamId);

    // projects

    /** {@code NOT_FOUND} for an unknown team, {@code CONFLICT} when the id is taken in the organisation. */
    Project createProject(Project project);

    Optional<Project> findProject(String orgId, String projectId);

    Page<Project> listProjects(String orgId, ProjectFilter filter, PageRequest page);

    /** Changes name, description and owning team. */
    Project updateProject(Project project);

    /** @return false when there was no such project */
    boolean deleteProject(String orgId, String projectId);
}
