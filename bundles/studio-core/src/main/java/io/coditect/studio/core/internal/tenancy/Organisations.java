package io.coditect.studio.core.internal.tenancy;

import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.security.Operation;
import io.coditect.studio.api.security.Resource;
import io.coditect.studio.api.security.Target;
import io.coditect.studio.api.store.Page;
import io.coditect.studio.api.store.PageRequest;
import io.coditect.studio.api.store.StoreException;
import io.coditect.studio.api.tenancy.Organisation;
import io.coditect.studio.api.tenancy.Role;
import io.coditect.studio.api.tenancy.TenancyStore;
import io.coditect.studio.api.tenancy.User;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Organisations: studio administrators create and delete them, their admins rename them. */
final class Organisations {

    private final TenancyStore store;
    private final Access access;
    private final AuditTrail audit;
    private final Passwords passwords;
    private final AccessChanges changes;

    Organisations(TenancyStore store, Access access, AuditTrail audit, Passwords passwords, AccessChanges changes) {
        this.store = store;
        this.access = access;
        this.audit = audit;
        this.passwords = passwords;
        this.changes = changes;
    }

    Page<Organisation> list(Caller caller, String text, PageRequest page) {
        if (caller.studioAdmin()) {
            return store.listOrganisations(text, page);
        }
        // everybody else sees one organisation: theirs, if they may read it
        if (page.cursor() != null
                || !access.allows(caller, Resource.ORGANISATION, Operation.READ, Target.organisation(caller.orgId()))) {
            return new Page<>(List.of(), 0, null);
        }
        List<Organisation> own = store.findOrganisation(caller.orgId()).filter(o -> matches(o, text)).stream().toList();
        return new Page<>(own, own.size(), null);
    }

    private static boolean matches(Organisation o, String text) {
        if (text == null || text.isBlank()) {
            return true;
        }
        String t = text.strip().toLowerCase(Locale.ROOT);
        return o.id().contains(t) || o.name().toLowerCase(Locale.ROOT).contains(t);
    }

    Organisation get(Caller caller, String orgId) {
        Caller c = access.in(caller, orgId, "organisation.read");
        return access.call(c, "organisation.read", AuditTrail.organisation(orgId), () -> {
            Organisation stored = access.organisation(orgId);
            access.check(c, Resource.ORGANISATION, Operation.READ, Target.organisation(orgId));
            return stored;
        });
    }

    Organisation create(Caller caller, Organisation organisation, User admin, char[] password) {
        if (organisation == null || organisation.id() == null) {
            throw StoreException.invalid("the organisation id is missing: give a slug such as 'acme'");
        }
        if (admin == null || admin.id() == null) {
            throw StoreException.invalid("the first administrator is missing: give their user id, e-mail and name");
        }
        String orgId = organisation.id();
        String target = AuditTrail.organisation(orgId);
        Caller c = caller.studioAdmin() ? Access.asOrgAdmin(caller, orgId) : caller;
        access.require(c, "organisation.create", target, Resource.ORGANISATION, Operation.CREATE,
                Target.organisation(c.orgId()));
        String hash = passwords.hash(password);
        Organisation created = access.call(c, "organisation.create", target, () -> {
            Organisation o = store.createOrganisation(Organisation.of(orgId, organisation.name()));
            store.createUser(User.of(orgId, admin.id(), admin.email(), admin.displayName()));
            if (hash != null) {
                store.setPasswordHash(orgId, admin.id(), hash);
            }
            store.grant(orgId, admin.id(), null, Role.ORG_ADMIN);
            audit.success(c, "organisation.create", target, Map.of("admin", admin.id()));
            return o;
        });
        changes.userChanged(orgId, admin.id());
        return created;
    }

    Organisation update(Caller caller, Organisation organisation) {
        String orgId = organisation == null ? null : organisation.id();
        Caller c = access.in(caller, orgId, "organisation.update");
        String target = AuditTrail.organisation(orgId);
        return access.call(c, "organisation.update", target, () -> {
            Organisation stored = access.organisation(orgId);
            access.check(c, Resource.ORGANISATION, Operation.UPDATE, Target.organisation(orgId));
            Organisation updated = store.updateOrganisation(stored.withName(organisation.name()));
            audit.success(c, "organisation.update", target, Map.of("name", updated.name()));
            return updated;
        });
    }

    void delete(Caller caller, String orgId) {
        Caller c = access.in(caller, orgId, "organisation.delete");
        String target = AuditTrail.organisation(orgId);
        access.call(c, "organisation.delete", target, () -> {
            access.organisation(orgId);
            access.check(c, Resource.ORGANISATION, Operation.DELETE, Target.organisation(orgId));
            store.deleteOrganisation(orgId);
            // audit events outlive their organisation: they are history
            audit.success(c, "organisation.delete", target, Map.of());
            return null;
        });
        changes.organisationChanged(orgId);
    }
}
