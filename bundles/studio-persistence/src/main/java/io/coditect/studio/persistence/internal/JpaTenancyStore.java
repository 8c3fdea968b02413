package io.coditect.studio.persistence.internal;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.persistence.EntityManager;

import io.coditect.studio.api.StudioIds;
import io.coditect.studio.api.store.Page;
import io.coditect.studio.api.store.PageRequest;
import io.coditect.studio.api.store.StoreException;
import io.coditect.studio.api.tenancy.Membership;
import io.coditect.studio.api.tenancy.MembershipFilter;
import io.coditect.studio.api.tenancy.Organisation;
import io.coditect.studio.api.tenancy.Project;
import io.coditect.studio.api.tenancy.ProjectFilter;
import io.coditect.studio.api.tenancy.Role;
import io.coditect.studio.api.tenancy.TenancyStore;
import io.coditect.studio.api.tenancy.Team;
import io.coditect.studio.api.tenancy.User;
import io.coditect.studio.api.tenancy.UserFilter;

/**
 * {@link TenancyStore} on JPA. Objects are found by their (organisation, id) primary key, so a
 * lookup can only ever hit the named organisation's row. Existence and uniqueness are checked before
 * writing, for messages that name the clash; the database constraints catch concurrent writers.
 */
final class JpaTenancyStore implements TenancyStore {

    static final int NAME_MAX = 200;
    static final int DESCRIPTION_MAX = 2000;
    private static final Pattern PASSWORD_HASH = Pattern.compile("[\\x21-\\x7e]{1,255}");

    private final Tx tx;
    private final Clock clock;

    JpaTenancyStore(Tx tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    private long now() {
        return clock.millis();
    }

    // organisations

    @Override
    public Organisation createOrganisation(Organisation organisation) {
        Check.required("organisation", organisation, "pass the organisation to create");
        String id = Check.id("organisation", organisation.id());
        String name = Check.name("organisation name", organisation.name(), NAME_MAX);
        return tx.apply(em -> {
            if (em.find(OrganisationEntity.class, id) != null) {
                throw StoreException.conflict("organisation id '" + id + "' is taken: choose another");
            }
            OrganisationEntity e = new OrganisationEntity(id, name, now());
            em.persist(e);
            return e.toRecord();
        });
    }

    @Override
    public Optional<Organisation> findOrganisation(String orgId) {
        if (!StudioIds.isValid(orgId)) {
            return Optional.empty();
        }
        return tx.apply(em -> Optional.ofNullable(em.find(OrganisationEntity.class, orgId))
                .map(OrganisationEntity::toRecord));
    }

    @Override
    public Page<Organisation> listOrganisations(String text, PageRequest page) {
        return tx.apply(em -> new Jpql<>(OrganisationEntity.class).contains("text", text, "e.id", "e.name")
                .page(em, Jpql.byString("org", "e.id", o -> o.id), page, OrganisationEntity::toRecord));
    }

    @Override
    public Organisation updateOrganisation(Organisation organisation) {
        Check.required("organisation", organisation, "pass the organisation to change");
        String name = Check.name("organisation name", organisation.name(), NAME_MAX);
        return tx.apply(em -> {
            OrganisationEntity e = organisation(em, organisation.id());
            e.name = name;
            return e.toRecord();
        });
    }

    @Override
    public boolean deleteOrganisation(String orgId) {
        if (!StudioIds.isValid(orgId)) {
            return false;
        }
        return tx.apply(em -> {
            OrganisationEntity org = em.find(OrganisationEntity.class, orgId);
            if (org == null) {
                return false;
            }
            // children before parents, as the foreign keys require
            for (String entity : List.of("ConversationMessageEntity", "CheckpointEntity", "SessionEntity",
                    "ApiKeyEntity", "MembershipEntity", "ProjectEntity", "UserEntity", "TeamEntity")) {
                em.createQuery("DELETE FROM " + entity + " e WHERE e.orgId = :org").setParameter("org", orgId)
                        .executeUpdate();
            }
            em.remove(org);
            return true;
        });
    }

    private static OrganisationEntity organisation(EntityManager em, String orgId) {
        OrganisationEntity e = StudioIds.isValid(orgId) ? em.find(OrganisationEntity.class, orgId) : null;
        if (e == null) {
            throw StoreException.notFound("organisation '" + StudioIds.printable(orgId) + "' does not exist");
        }
        return e;
    }

    // teams

    @Override
    public Team createTeam(Team team) {
        Check.required("team", team, "pass the team to create");
        String orgId = Check.id("organisation", team.orgId());
        String id = Check.id("team", team.id());
        String name = Check.name("team name", team.name(), NAME_MAX);
        return tx.apply(em -> {
            organisation(em, orgId);
            if (em.find(TeamEntity.class, new OrgScopedKey(orgId, id)) != null) {
                throw StoreException.conflict("team '" + id + "' already exists in organisation '" + orgId
                        + "': choose another id");
            }
            TeamEntity e = new TeamEntity(orgId, id, name, now());
            em.persist(e);
            return e.toRecord();
        });
    }

    @Override
    public Optional<Team> findTeam(String orgId, String teamId) {
        if (!StudioIds.isValid(orgId) || !StudioIds.isValid(teamId)) {
            return Optional.empty();
        }
        return tx.apply(em -> Optional.ofNullable(em.find(TeamEntity.class, new OrgScopedKey(orgId, teamId)))
                .map(TeamEntity::toRecord));
    }

    @Override
    public Page<Team> listTeams(String orgId, String text, PageRequest page) {
        return tx.apply(em -> new Jpql<>(TeamEntity.class).where("e.orgId = :org", "org", orgId)
                .contains("text", text, "e.id", "e.name")
                .page(em, Jpql.byString("team", "e.id", t -> t.id), page, TeamEntity::toRecord));
    }

    @Override
    public Team updateTeam(Team team) {
        Check.required("team", team, "pass the team to change");
        String name = Check.name("team name", team.name(), NAME_MAX);
        return tx.apply(em -> {
            TeamEntity e = team(em, team.orgId(), team.id());
            e.name = name;
            return e.toRecord();
        });
    }

    @Override
    public boolean deleteTeam(String orgId, String teamId) {
        if (!StudioIds.isValid(orgId) || !StudioIds.isValid(teamId)) {
            return false;
        }
        return tx.apply(em -> {
            TeamEntity team = em.find(TeamEntity.class, new OrgScopedKey(orgId, teamId));
            if (team == null) {
                return false;
            }
            List<String> projects = em.createQuery("SELECT p.id FROM ProjectEntity p WHERE p.orgId = :org AND "
                    + "p.teamId = :team ORDER BY p.id", String.class).setParameter("org", orgId)
                    .setParameter("team", teamId).setMaxResults(3).getResultList();
            if (!projects.isEmpty()) {
                throw StoreException.conflict("team '" + teamId + "' still owns projects (" + String.join(", ", projects)
                        + (projects.size() == 3 ? ", …" : "") + "): move them to another team or delete them first");
            }
            em.createQuery("DELETE FROM MembershipEntity m WHERE m.orgId = :org AND m.teamId = :team")
                    .setParameter("org", orgId).setParameter("team", teamId).executeUpdate();
            em.remove(team);
            return true;
        });
    }

    static TeamEntity team(EntityManager em, String orgId, String teamId) {
        TeamEntity e = StudioIds.isValid(orgId) && StudioIds.isValid(teamId)
                ? em.find(TeamEntity.class, new OrgScopedKey(orgId, teamId)) : null;
        if (e == null) {
            throw StoreException.notFound("team '" + StudioIds.printable(teamId) + "' does not exist in organisation '"
                    + StudioIds.printable(orgId) + "'");
        }
        return e;
    }

    // users

    @Override
    public User createUser(User user) {
        Check.required("user", user, "pass the user to create");
        String orgId = Check.id("organisation", user.orgId());
        String id = Check.id("user", user.id());
        String email = Check.email(user.email());
        String displayName = Check.name("display name", user.displayName(), NAME_MAX);
        return tx.apply(em -> {
            organisation(em, orgId);
            if (em.find(UserEntity.class, new OrgScopedKey(orgId, id)) != null) {
                throw StoreException.conflict("user '" + id + "' already exists in organisation '" + orgId
                        + "': choose another id");
            }
            requireFreeEmail(em, orgId, email, null);
            UserEntity e = new UserEntity(orgId, id, email, displayName, now());
            e.disabled = user.disabled();
            em.persist(e);
            return e.toRecord();
        });
    }

    private static void requireFreeEmail(EntityManager em, String orgId, String email, String exceptUserId) {
        List<String> holders = em.createQuery("SELECT u.id FROM UserEntity u WHERE u.orgId = :org AND u.email = :email",
                String.class).setParameter("org", orgId).setParameter("email", email).getResultList();
        for (String holder : holders) {
            if (!holder.equals(exceptUserId)) {
                throw StoreException.conflict("e-mail '" + email + "' is already used by user '" + holder
                        + "' in organisation '" + orgId + "'");
            }
        }
    }

    @Override
    public Optional<User> findUser(String orgId, String userId) {
        if (!StudioIds.isValid(orgId) || !StudioIds.isValid(userId)) {
            return Optional.empty();
        }
        return tx.apply(em -> Optional.ofNullable(em.find(UserEntity.class, new OrgScopedKey(orgId, userId)))
                .map(UserEntity::toRecord));
    }

    @Override
    public Optional<User> findUserByEmail(String orgId, String email) {
        if (!StudioIds.isValid(orgId) || email == null || email.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        String normalised = email.strip().toLowerCase(Locale.ROOT);
        return tx.apply(em -> em.createQuery("SELECT u FROM UserEntity u WHERE u.orgId = :org AND u.email = :email",
                UserEntity.class).setParameter("org", orgId).setParameter("email", normalised).getResultList()
                .stream().findFirst().map(UserEntity::toRecord));
    }

    @Override
    public Page<User> listUsers(String orgId, UserFilter filter, PageRequest page) {
        UserFilter f = filter == null ? UserFilter.ALL : filter;
        return tx.apply(em -> {
            Jpql<UserEntity> q = new Jpql<>(UserEntity.class).where("e.orgId = :org", "org", orgId)
                    .contains("text", f.text(), "e.id", "e.email", "e.displayName")
                    .eq("e.disabled", "disabled", f.disabled());
            if (f.teamId() != null) {
                q.where("EXISTS (SELECT m.userId FROM MembershipEntity m WHERE m.orgId = e.orgId AND m.userId = e.id "
                        + "AND m.teamId = :team)", "team", f.teamId());
            }
            return q.page(em, Jpql.byString("user", "e.id", u -> u.id), page, UserEntity::toRecord);
        });
    }

    @Override
    public User updateUser(User user) {
        Check.required("user", user, "pass the user to change");
        String email = Check.email(user.email());
        String displayName = Check.name("display name", user.displayName(), NAME_MAX);
        return tx.apply(em -> {
            UserEntity e = user(em, user.orgId(), user.id());
            if (!e.email.equals(email)) {
                requireFreeEmail(em, e.orgId, email, e.id);
            }
            e.email = email;
            e.displayName = displayName;
            e.disabled = user.disabled();
            return e.toRecord();
        });
    }

    @Override
    public boolean deleteUser(String orgId, String userId) {
        if (!StudioIds.isValid(orgId) || !StudioIds.isValid(userId)) {
            return false;
        }
        return tx.apply(em -> {
            UserEntity user = em.find(UserEntity.class, new OrgScopedKey(orgId, userId));
            if (user == null) {
                return false;
            }
            for (String entity : List.of("MembershipEntity e WHERE e.orgId = :org AND e.userId = :user",
                    "ApiKeyEntity e WHERE e.orgId = :org AND e.ownerId = :user")) {
                em.createQuery("DELETE FROM " + entity).setParameter("org", orgId).setParameter("user", userId)
                        .executeUpdate();
            }
            em.remove(user);
            return true;
        });
    }

    @Override
    public void setPasswordHash(String orgId, String userId, String passwordHash) {
        String hash = passwordHash == null ? null : Check.token("password hash", passwordHash, PASSWORD_HASH,
                "1 to 255 printable ASCII characters without blanks, such as a PHC string");
        tx.apply(em -> {
            user(em, orgId, userId).passwordHash = hash;
            return null;
        });
    }

    @Override
    public Optional<String> findPasswordHash(String orgId, String userId) {
        if (!StudioIds.isValid(orgId) || !StudioIds.isValid(userId)) {
            return Optional.empty();
        }
        return tx.apply(em -> Optional.ofNullable(em.find(UserEntity.class, new OrgScopedKey(orgId, userId)))
                .map(u -> u.passwordHash));
    }

    static UserEntity user(EntityManager em, String orgId, String userId) {
        UserEntity e = StudioIds.isValid(orgId) && StudioIds.isValid(userId)
                ? em.find(UserEntity.class, new OrgScopedKey(orgId, userId)) : null;
        if (e == null) {
            throw StoreException.notFound("user '" + StudioIds.printable(userId) + "' does not exist in organisation '"
                    + StudioIds.printable(orgId) + "'");
        }
        return e;
    }

    // memberships

    @Override
    public Membership grant(String orgId, String userId, String teamId, Role role) {
        Check.id("organisation", orgId);
        Check.id("user", userId);
        Check.optionalId("team", teamId);
        Check.required("role", role, "name one of " + List.of(Role.values()));
        if (teamId == null && role.scope() == Role.Scope.TEAM) {
            throw StoreException.invalid("role " + role + " is held in a team: name the team");
        }
        if (teamId != null && role.scope() == Role.Scope.ORGANISATION) {
            throw StoreException.invalid("role " + role + " applies to the whole organisation: grant it without a team");
        }
        return tx.apply(em -> {
            user(em, orgId, userId);
            if (teamId != null) {
                team(em, orgId, teamId);
            }
            MembershipEntity e = em.find(MembershipEntity.class,
                    new MembershipKey(orgId, userId, MembershipEntity.scopeKey(teamId)));
            if (e == null) {
                e = new MembershipEntity(orgId, userId, teamId, role, now());
                em.persist(e);
            } else if (e.role != role) {
                e.role = role;
                e.grantedAt = now();
            }
            return e.toRecord();
        });
    }

    @Override
    public Optional<Membership> findMembership(String orgId, String userId, String teamId) {
        if (!StudioIds.isValid(orgId) || !StudioIds.isValid(userId) || teamId != null && !StudioIds.isValid(teamId)) {
            return Optional.empty();
        }
        return tx.apply(em -> Optional.ofNullable(em.find(MembershipEntity.class,
                new MembershipKey(orgId, userId, MembershipEntity.scopeKey(teamId)))).map(MembershipEntity::toRecord));
    }

    @Override
    public Page<Membership> listMemberships(String orgId, MembershipFilter filter, PageRequest page) {
        MembershipFilter f = filter == null ? MembershipFilter.ALL : filter;
        return tx.apply(em -> new Jpql<>(MembershipEntity.class).where("e.orgId = :org", "org", orgId)
                .eq("e.userId", "user", f.userId()).eq("e.teamId", "team", f.teamId()).eq("e.role", "role", f.role())
                .page(em, Jpql.byStrings("membership", "e.userId", m -> m.userId, "e.scopeKey", m -> m.scopeKey), page,
                        MembershipEntity::toRecord));
    }

    @Override
    public boolean revoke(String orgId, String userId, String teamId) {
        if (!StudioIds.isValid(orgId) || !StudioIds.isValid(userId) || teamId != null && !StudioIds.isValid(teamId)) {
            return false;
        }
        return tx.apply(em -> {
            MembershipEntity e = em.find(MembershipEntity.class,
                    new MembershipKey(orgId, userId, MembershipEntity.scopeKey(teamId)));
            if (e == null) {
                return false;
            }
            em.remove(e);
            return true;
        });
    }

    // projects

    @Override
    public Project createProject(Project project) {
        Check.required("project", project, "pass the project to create");
        String orgId = Check.id("organisation", project.orgId());
        String id = Check.id("project", project.id());
        String teamId = Check.id("team", project.teamId());
        String name = Check.name("project name", project.name(), NAME_MAX);
        String description = Check.optionalText("project description", project.description(), DESCRIPTION_MAX, true);
        String createdBy = Check.optionalId("user (createdBy)", project.createdBy());
        return tx.apply(em -> {
            team(em, orgId, teamId);
            if (createdBy != null) {
                user(em, orgId, createdBy);
            }
            if (em.find(ProjectEntity.class, new OrgScopedKey(orgId, id)) != null) {
                throw StoreException.conflict("project '" + id + "' already exists in organisation '" + orgId
                        + "': choose another id");
            }
            ProjectEntity e = new ProjectEntity(orgId, id, teamId, name, description, createdBy, now());
            em.persist(e);
            return e.toRecord();
        });
    }

    @Override
    public Optional<Project> findProject(String orgId, String projectId) {
        if (!StudioIds.isValid(orgId) || !StudioIds.isValid(projectId)) {
            return Optional.empty();
        }
        return tx.apply(em -> Optional.ofNullable(em.find(ProjectEntity.class, new OrgScopedKey(orgId, projectId)))
                .map(ProjectEntity::toRecord));
    }

    @Override
    public Page<Project> listProjects(String orgId, ProjectFilter filter, PageRequest page) {
        ProjectFilter f = filter == null ? ProjectFilter.ALL : filter;
        return tx.apply(em -> new Jpql<>(ProjectEntity.class).where("e.orgId = :org", "org", orgId)
                .eq("e.teamId", "team", f.teamId()).contains("text", f.text(), "e.id", "e.name")
                .page(em, Jpql.byString("project", "e.id", p -> p.id), page, ProjectEntity::toRecord));
    }

    @Override
    public Project updateProject(Project project) {
        Check.required("project", project, "pass the project to change");
        String teamId = Check.id("team", project.teamId());
        String name = Check.name("project name", project.name(), NAME_MAX);
        String description = Check.optionalText("project description", project.description(), DESCRIPTION_MAX, true);
        return tx.apply(em -> {
            ProjectEntity e = project(em, project.orgId(), project.id());
            if (!e.teamId.equals(teamId)) {
                team(em, e.orgId, teamId);
            }
            e.teamId = teamId;
            e.name = name;
            e.description = description;
            return e.toRecord();
        });
    }

    @Override
    public boolean deleteProject(String orgId, String projectId) {
        if (!StudioIds.isValid(orgId) || !StudioIds.isValid(projectId)) {
            return false;
        }
        return tx.apply(em -> {
            ProjectEntity e = em.find(ProjectEntity.class, new OrgScopedKey(orgId, projectId));
            if (e == null) {
                return false;
            }
            em.remove(e);
            return true;
        });
    }

    static ProjectEntity project(EntityManager em, String orgId, String projectId) {
        ProjectEntity e = StudioIds.isValid(orgId) && StudioIds.isValid(projectId)
                ? em.find(ProjectEntity.class, new OrgScopedKey(orgId, projectId)) : null;
        if (e == null) {
            throw StoreException.notFound("project '" + StudioIds.printable(projectId)
                    + "' does not exist in organisation '" + StudioIds.printable(orgId) + "'");
        }
        return e;
    }
}
