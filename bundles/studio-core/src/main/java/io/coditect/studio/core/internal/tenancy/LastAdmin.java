package io.coditect.studio.core.internal.tenancy;

import io.coditect.studio.api.store.Page;
import io.coditect.studio.api.store.PageRequest;
import io.coditect.studio.api.store.StoreException;
import io.coditect.studio.api.tenancy.Membership;
import io.coditect.studio.api.tenancy.MembershipFilter;
import io.coditect.studio.api.tenancy.Role;
import io.coditect.studio.api.tenancy.TenancyStore;

/**
 * Keeps every organisation manageable: the last enabled organisation admin can be neither demoted,
 * disabled nor deleted. Checked inside the change's transaction.
 */
final class LastAdmin {

    private final TenancyStore store;

    LastAdmin(TenancyStore store) {
        this.store = store;
    }

    /**
     * @param doing what would remove the user's admin rights, for the message: "revoking", "disabling" …
     * @throws StoreException {@code CONFLICT} when {@code userId} is the only enabled organisation admin
     */
    void requireAnother(String orgId, String userId, String doing) {
        boolean isAdmin = store.findMembership(orgId, userId, null).map(m -> m.role() == Role.ORG_ADMIN).orElse(false);
        if (isAdmin && !anotherEnabledAdmin(orgId, userId)) {
            throw StoreException.conflict(doing + " user '" + userId + "' would leave organisation '" + orgId
                    + "' without an enabled Organisation Admin: make another user Organisation Admin first");
        }
    }

    private boolean anotherEnabledAdmin(String orgId, String userId) {
        MembershipFilter admins = MembershipFilter.ALL.withRole(Role.ORG_ADMIN);
        PageRequest request = PageRequest.first(PageRequest.MAX_LIMIT);
        while (true) {
            Page<Membership> page = store.listMemberships(orgId, admins, request);
            for (Membership m : page.items()) {
                if (!m.userId().equals(userId)
                        && store.findUser(orgId, m.userId()).map(u -> !u.disabled()).orElse(false)) {
                    return true;
                }
            }
            if (!page.hasMore()) {
                return false;
            }
            request = PageRequest.after(page.nextCursor(), PageRequest.MAX_LIMIT);
        }
    }
}
