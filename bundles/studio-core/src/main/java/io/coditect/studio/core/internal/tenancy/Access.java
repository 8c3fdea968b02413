package io.coditect.studio.core.internal.tenancy;

import io.coditect.studio.api.StudioIds;
import io.coditect.studio.api.security.AccessDeniedException;
import io.coditect.studio.api.security.AccessPolicy;
import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.security.Operation;
import io.coditect.studio.api.security.Resource;
import io.coditect.studio.api.security.Target;
import io.coditect.studio.api.store.StoreException;
import io.coditect.studio.api.store.Transactions;
import io.coditect.studio.api.tenancy.Organisation;
import io.coditect.studio.api.tenancy.Project;
import io.coditect.studio.api.tenancy.Role;
import io.coditect.studio.api.tenancy.Team;
import io.coditect.studio.api.tenancy.TenancyStore;
import io.coditect.studio.api.tenancy.User;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The order every operation follows: confine the caller to its organisation, find the objects there,
 * ask the access policy about the stored objects, then change them in one transaction. Refusals are
 * audited after the rollback, so they are kept although the change is not.
 *
 * <p>Another organisation, and an id the caller's organisation does not have, answer the same
 * {@code NOT_FOUND} as an id that exists nowhere: the store cannot tell the two apart for ids, and
 * must not. Both are audited as {@value AuditTrail#CROSS_TENANT}.
 */
public final class Access {

    private final TenancyStore store;
    private final AuditTrail audit;
    private final Transactions transactions;
    private final AccessPolicy policy;

    public Access(TenancyStore store, AuditTrail audit, Transactions transactions, AccessPolicy policy) {
        this.store = store;
        this.audit = audit;
        this.transactions = transactions;
        this.policy = policy;
    }

    /**
     * The caller as it acts in {@code orgId}: itself in its own organisation, a studio
     * administrator as organisation admin of any existing one; anybody else is told the
     * organisation does not exist.
     *
     * @param action what was tried, for the audit event of a refusal
     */
    public Caller in(Caller caller, String orgId, String action) {
        if (orgId == null) {
            throw StoreException.invalid("the organisation id is missing: name the organisation");
        }
        if (caller.studioAdmin() && store.findOrganisation(orgId).isPresent()) {
            return asOrgAdmin(caller, orgId);
        }
        if (!caller.studioAdmin() && orgId.equals(caller.orgId())) {
            return caller;
        }
        throw audit.denied(caller, AuditTrail.CROSS_TENANT, AuditTrail.organisation(orgId),
                Map.of("action", action, "reason", "organisation"), notFound("organisation", orgId));
    }

    /** The organisation a record names, or the caller's when it names none. */
    static String orgOf(Caller caller, String recordOrgId) {
        return recordOrgId == null ? caller.orgId() : recordOrgId;
    }

    /** Studio administrators act as organisation admins of the organisation they manage. */
    static Caller asOrgAdmin(Caller caller, String orgId) {
        return new Caller(orgId, caller.userId(), caller.credential(), caller.credentialId(), Role.ORG_ADMIN, Map.of(),
                caller.scopes(), true, caller.sourceAddress());
    }

    /**
     * Runs {@code work} in one transaction. An access refusal or an unknown id inside is audited
     * after the rollback and thrown on.
     *
     * @param action what is tried, for example {@code team.delete}
     * @param target what it is tried on, for example {@code team/web}
     */
    <T> T call(Caller caller, String action, String target, Supplier<T> work) {
        try {
            return transactions.call(work);
        } catch (Miss miss) {
            throw audit.denied(caller, AuditTrail.CROSS_TENANT, miss.target,
                    Map.of("action", action, "reason", "unknown-id"), StoreException.notFound(miss.getMessage()));
        } catch (AccessDeniedException e) {
            throw audit.denied(caller, action, target, Map.of("reason", e.getMessage()), e);
        }
    }

    /** Inside {@link #call}: throws what {@link #call} turns into a 403. */
    void check(Caller caller, Resource resource, Operation operation, Target target) {
        policy.check(caller, resource, operation, target);
    }

    public boolean allows(Caller caller, Resource resource, Operation operation, Target target) {
        return policy.allows(caller, resource, operation, target);
    }

    /** Outside a transaction, before slow work such as hashing a password: checks and audits a refusal. */
    public void require(Caller caller, String action, String target, Resource resource, Operation operation,
            Target of) {
        try {
            policy.check(caller, resource, operation, of);
        } catch (AccessDeniedException e) {
            throw audit.denied(caller, action, target, Map.of("reason", e.getMessage()), e);
        }
    }

    /** Outside a transaction: a refusal the policy does not decide, audited, for the caller to throw. */
    AccessDeniedException refuse(Caller caller, String action, String target, String message) {
        return audit.denied(caller, action, target, Map.of("reason", message), new AccessDeniedException(message));
    }

    // lookups in the caller's organisation, for use inside call()

    Organisation organisation(String orgId) {
        return store.findOrganisation(orgId).orElseThrow(() -> new Miss(AuditTrail.organisation(orgId),
                "organisation", orgId));
    }

    Team team(String orgId, String teamId) {
        return store.findTeam(orgId, required("team", teamId)).orElseThrow(() -> new Miss(AuditTrail.team(teamId),
                "team", teamId));
    }

    User user(String orgId, String userId) {
        return store.findUser(orgId, required("user", userId)).orElseThrow(() -> new Miss(AuditTrail.user(userId),
                "user", userId));
    }

    Project project(String orgId, String projectId) {
        return store.findProject(orgId, required("project", projectId)).orElseThrow(
                () -> new Miss(AuditTrail.project(projectId), "project", projectId));
    }

    private static String required(String what, String id) {
        if (id == null) {
            throw StoreException.invalid("the " + what + " id is missing: name the " + what);
        }
        return id;
    }

    private static StoreException notFound(String what, String id) {
        return StoreException.notFound(message(what, id));
    }

    private static String message(String what, String id) {
        return what + " '" + StudioIds.printable(id) + "' not found";
    }

    /** An id the organisation does not have; {@link #call} audits it and answers a plain NOT_FOUND. */
    private static final class Miss extends StoreException {

        private static final long serialVersionUID = 1L;

        private final String target;

        Miss(String target, String what, String id) {
            super(Kind.NOT_FOUND, message(what, id));
            this.target = target;
        }
    }
}
