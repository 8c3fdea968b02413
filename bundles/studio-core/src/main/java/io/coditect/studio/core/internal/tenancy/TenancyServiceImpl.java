package io.coditect.studio.core.internal.tenancy;

import io.coditect.studio.api.audit.AuditEvent;
import io.coditect.studio.api.audit.AuditFilter;
import io.coditect.studio.api.audit.AuditLog;
import io.coditect.studio.api.security.AccessPolicy;
import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.security.Operation;
import io.coditect.studio.api.security.PasswordHasher;
import io.coditect.studio.api.security.Resource;
import io.coditect.studio.api.security.Target;
import io.coditect.studio.api.store.Page;
import io.coditect.studio.api.store.PageRequest;
import io.coditect.studio.api.store.Transactions;
import io.coditect.studio.api.tenancy.Membership;
import io.coditect.studio.api.tenancy.MembershipFilter;
import io.coditect.studio.api.tenancy.Organisation;
import io.coditect.studio.api.tenancy.Project;
import io.coditect.studio.api.tenancy.ProjectFilter;
import io.coditect.studio.api.tenancy.Role;
import io.coditect.studio.api.tenancy.Team;
import io.coditect.studio.api.tenancy.TenancyService;
import io.coditect.studio.api.tenancy.TenancyStore;
import io.coditect.studio.api.tenancy.User;
import io.coditect.studio.api.tenancy.UserFilter;
import java.util.Objects;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;

/**
 * The tenancy model for callers (REST, shell): tenant confinement, the role checks of SDD §5.2 and
 * the audit trail around {@link TenancyStore}. See {@link Access} for the order every operation
 * follows.
 *
 * <p>Records passed in name their organisation (the REST path's); a record without one is taken to
 * be in the caller's organisation. Creation times and {@code createdBy} come from the store and the
 * caller, never from input.
 */
@Component(service = TenancyService.class, immediate = true)
public final class TenancyServiceImpl implements TenancyService {

    private final Access access;
    private final AuditLog auditLog;
    private final AccessChanges changes;
    private final Organisations organisations;
    private final Teams teams;
    private final Users users;
    private final Memberships memberships;
    private final Projects projects;

    @Activate
    public TenancyServiceImpl(@Reference(name = "store") TenancyStore store, @Reference(name = "audit") AuditLog audit,
            @Reference(name = "transactions") Transactions transactions,
            @Reference(name = "policy") AccessPolicy policy, @Reference(name = "hasher") PasswordHasher hasher) {
        this(store, audit, transactions, policy, hasher, null);
    }

    /** @param events where to post {@link io.coditect.studio.api.tenancy.TenancyEvents}, or null */
    public TenancyServiceImpl(TenancyStore store, AuditLog audit, Transactions transactions, AccessPolicy policy,
            PasswordHasher hasher, EventAdmin events) {
        Objects.requireNonNull(store, "store");
        this.auditLog = Objects.requireNonNull(audit, "audit");
        AuditTrail trail = new AuditTrail(audit);
        this.access = new Access(store, trail, Objects.requireNonNull(transactions, "transactions"),
                Objects.requireNonNull(policy, "policy"));
        this.changes = new AccessChanges(events);
        Passwords passwords = new Passwords(Objects.requireNonNull(hasher, "hasher"));
        LastAdmin lastAdmin = new LastAdmin(store);
        this.organisations = new Organisations(store, access, trail, passwords, changes);
        this.teams = new Teams(store, access, trail, changes);
        this.users = new Users(store, access, trail, passwords, lastAdmin, changes);
        this.memberships = new Memberships(store, access, trail, lastAdmin, changes);
        this.projects = new Projects(store, access, trail);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setEventAdmin(EventAdmin events) {
        changes.bind(events);
    }

    void unsetEventAdmin(EventAdmin events) {
        changes.unbind(events);
    }

    @Override
    public Page<Organisation> listOrganisations(Caller caller, String text, PageRequest page) {
        return organisations.list(caller, text, page);
    }

    @Override
    public Organisation organisation(Caller caller, String orgId) {
        return organisations.get(caller, orgId);
    }

    @Override
    public Organisation createOrganisation(Caller caller, Organisation organisation, User admin, char[] password) {
        return organisations.create(caller, organisation, admin, password);
    }

    @Override
    public Organisation updateOrganisation(Caller caller, Organisation organisation) {
        return organisations.update(caller, organisation);
    }

    @Override
    public void deleteOrganisation(Caller caller, String orgId) {
        organisations.delete(caller, orgId);
    }

    @Override
    public Page<Team> listTeams(Caller caller, String orgId, String text, PageRequest page) {
        return teams.list(caller, orgId, text, page);
    }

    @Override
    public Team team(Caller caller, String orgId, String teamId) {
        return teams.get(caller, orgId, teamId);
    }

    @Override
    public Team createTeam(Caller caller, Team team) {
        return teams.create(caller, team);
    }

    @Override
    public Team updateTeam(Caller caller, Team team) {
        return teams.update(caller, team);
    }

    @Override
    public void deleteTeam(Caller caller, String orgId, String teamId) {
        teams.delete(caller, orgId, teamId);
    }

    @Override
    public Page<User> listUsers(Caller caller, String orgId, UserFilter filter, PageRequest page) {
        return users.list(caller, orgId, filter, page);
    }

    @Override
    public User user(Caller caller, String orgId, String userId) {
        return users.get(caller, orgId, userId);
    }

    @Override
    public User createUser(Caller caller, User user, char[] password) {
        return users.create(caller, user, password);
    }

    @Override
    public User updateUser(Caller caller, User user) {
        return users.update(caller, user);
    }

    @Override
    public void changePassword(Caller caller, String orgId, String userId, char[] currentPassword,
            char[] newPassword) {
        users.changePassword(caller, orgId, userId, currentPassword, newPassword);
    }

    @Override
    public void deleteUser(Caller caller, String orgId, String userId) {
        users.delete(caller, orgId, userId);
    }

    @Override
    public Page<Membership> listMemberships(Caller caller, String orgId, MembershipFilter filter, PageRequest page) {
        return memberships.list(caller, orgId, filter, page);
    }

    @Override
    public Membership grant(Caller caller, String orgId, String userId, String teamId, Role role) {
        return memberships.grant(caller, orgId, userId, teamId, role);
    }

    @Override
    public void revoke(Caller caller, String orgId, String userId, String teamId) {
        memberships.revoke(caller, orgId, userId, teamId);
    }

    @Override
    public Page<Project> listProjects(Caller caller, String orgId, ProjectFilter filter, PageRequest page) {
        return projects.list(caller, orgId, filter, page);
    }

    @Override
    public Project project(Caller caller, String orgId, String projectId) {
        return projects.get(caller, orgId, projectId);
    }

    @Override
    public Project createProject(Caller caller, Project project) {
        return projects.create(caller, project);
    }

    @Override
    public Project updateProject(Caller caller, Project project) {
        return projects.update(caller, project);
    }

    @Override
    public void deleteProject(Caller caller, String orgId, String projectId) {
        projects.delete(caller, orgId, projectId);
    }

    @Override
    public Page<AuditEvent> auditEvents(Caller caller, String orgId, AuditFilter filter, PageRequest page) {
        Caller c = access.in(caller, orgId, "audit.read");
        return access.call(c, "audit.read", AuditTrail.organisation(orgId), () -> {
            access.check(c, Resource.AUDIT, Operation.READ, Target.organisation(orgId));
            return auditLog.query(orgId, filter == null ? AuditFilter.ALL : filter, page);
        });
    }

    @Override
    public Optional<User> self(Caller caller) {
        return users.self(caller);
    }
}
