package io.coditect.studio.core.internal.tenancy;

import io.coditect.studio.api.security.AccessDeniedException;
import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.security.Operation;
import io.coditect.studio.api.security.Resource;
import io.coditect.studio.api.security.Target;
import io.coditect.studio.api.store.Page;
import io.coditect.studio.api.store.PageRequest;
import io.coditect.studio.api.store.StoreException;
import io.coditect.studio.api.tenancy.TenancyStore;
import io.coditect.studio.api.tenancy.User;
import io.coditect.studio.api.tenancy.UserFilter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Users: organisation admins create, disable and delete them; everybody with a role reads them;
 * users change their own name, e-mail and (with the current one) password.
 */
final class Users {

    private final TenancyStore store;
    private final Access access;
    private final AuditTrail audit;
    private final Passwords passwords;
    private final LastAdmin lastAdmin;
    private final AccessChanges changes;

    Users(TenancyStore store, Access access, AuditTrail audit, Passwords passwords, LastAdmin lastAdmin,
            AccessChanges changes) {
        this.store = store;
        this.access = access;
        this.audit = audit;
        this.passwords = passwords;
        this.lastAdmin = lastAdmin;
        this.changes = changes;
    }

    Page<User> list(Caller caller, String orgId, UserFilter filter, PageRequest page) {
        Caller c = access.in(caller, orgId, "user.list");
        UserFilter f = filter == null ? UserFilter.ALL : filter;
        return access.call(c, "user.list", AuditTrail.organisation(orgId), () -> {
            if (f.teamId() != null) {
                access.team(orgId, f.teamId());
            }
            access.check(c, Resource.USER, Operation.READ, Target.organisation(orgId));
            return store.listUsers(orgId, f, page);
        });
    }

    User get(Caller caller, String orgId, String userId) {
        Caller c = access.in(caller, orgId, "user.read");
        return access.call(c, "user.read", AuditTrail.user(userId), () -> {
            User stored = access.user(orgId, userId);
            access.check(c, Resource.USER, Operation.READ, Target.owned(orgId, null, stored.id()));
            return stored;
        });
    }

    Optional<User> self(Caller caller) {
        return store.findUser(caller.orgId(), caller.userId());
    }

    User create(Caller caller, User user, char[] password) {
        User u = required(user);
        String orgId = Access.orgOf(caller, u.orgId());
        Caller c = access.in(caller, orgId, "user.create");
        String target = AuditTrail.user(u.id());
        access.require(c, "user.create", target, Resource.USER, Operation.CREATE, Target.organisation(orgId));
        String hash = passwords.hash(password);
        return access.call(c, "user.create", target, () -> {
            User created = store.createUser(User.of(orgId, u.id(), u.email(), u.displayName()).withDisabled(
                    u.disabled()));
            if (hash != null) {
                store.setPasswordHash(orgId, created.id(), hash);
            }
            audit.success(c, "user.create", target, Map.of("password", String.valueOf(hash != null)));
            return created;
        });
    }

    User update(Caller caller, User user) {
        User u = required(user);
        String orgId = Access.orgOf(caller, u.orgId());
        Caller c = access.in(caller, orgId, "user.update");
        String target = AuditTrail.user(u.id());
        record Updated(User user, boolean lettingInChanged) {
        }
        Updated updated = access.call(c, "user.update", target, () -> {
            User stored = access.user(orgId, u.id());
            access.check(c, Resource.USER, Operation.UPDATE, Target.owned(orgId, null, stored.id()));
            boolean lettingIn = u.disabled() != stored.disabled();
            if (lettingIn) {
                // users may change their name and e-mail, but only admins let people in or out
                if (!access.allows(c, Resource.USER, Operation.UPDATE, Target.organisation(orgId))) {
                    throw new AccessDeniedException((u.disabled() ? "disabling" : "enabling")
                            + " a user needs Organisation Admin");
                }
                if (u.disabled()) {
                    lastAdmin.requireAnother(orgId, stored.id(), "disabling");
                }
            }
            User result = store.updateUser(stored.withEmail(u.email()).withDisplayName(u.displayName())
                    .withDisabled(u.disabled()));
            audit.success(c, "user.update", target, changed(stored, result));
            return new Updated(result, lettingIn);
        });
        if (updated.lettingInChanged()) {
            changes.userChanged(orgId, updated.user().id());
        }
        return updated.user();
    }

    private static Map<String, String> changed(User before, User after) {
        Map<String, String> details = new LinkedHashMap<>();
        if (!Objects.equals(before.email(), after.email())) {
            details.put("email", after.email());
        }
        if (!Objects.equals(before.displayName(), after.displayName())) {
            details.put("displayName", after.displayName());
        }
        if (before.disabled() != after.disabled()) {
            details.put("disabled", String.valueOf(after.disabled()));
        }
        return details;
    }

    /**
     * One's own password needs the current one (a stolen session alone cannot take the account over);
     * an organisation admin sets anybody else's.
     */
    void changePassword(Caller caller, String orgId, String userId, char[] currentPassword, char[] newPassword) {
        Caller c = access.in(caller, orgId, "user.password");
        String target = AuditTrail.user(userId);
        boolean self = caller.orgId().equals(orgId) && caller.userId().equals(userId);
        if (newPassword == null) {
            throw StoreException.invalid("the new password is missing");
        }
        String currentHash = access.call(c, "user.password", target, () -> {
            User stored = access.user(orgId, userId);
            access.check(c, Resource.USER, Operation.UPDATE,
                    self ? Target.owned(orgId, null, stored.id()) : Target.organisation(orgId));
            return self ? store.findPasswordHash(orgId, stored.id()).orElse(null) : null;
        });
        // hashing is slow on purpose: it runs outside any transaction
        if (self && !passwords.matches(currentPassword, currentHash)) {
            throw access.refuse(c, "user.password", target,
                    "changing your password needs your current password: the one given does not match");
        }
        String hash = passwords.hash(newPassword);
        access.call(c, "user.password", target, () -> {
            store.setPasswordHash(orgId, access.user(orgId, userId).id(), hash);
            audit.success(c, "user.password", target, Map.of("self", String.valueOf(self)));
            return null;
        });
    }

    void delete(Caller caller, String orgId, String userId) {
        Caller c = access.in(caller, orgId, "user.delete");
        String target = AuditTrail.user(userId);
        access.call(c, "user.delete", target, () -> {
            User stored = access.user(orgId, userId);
            access.check(c, Resource.USER, Operation.DELETE, Target.owned(orgId, null, stored.id()));
            lastAdmin.requireAnother(orgId, stored.id(), "deleting");
            store.deleteUser(orgId, stored.id());
            audit.success(c, "user.delete", target, Map.of());
            return null;
        });
        changes.userChanged(orgId, userId);
    }

    private static User required(User user) {
        if (user == null) {
            throw StoreException.invalid("the user is missing: give their id, e-mail and display name");
        }
        return user;
    }
}
