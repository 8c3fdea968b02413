package io.coditect.studio.security.internal.sso;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import io.coditect.studio.api.security.AuthenticationException;
import io.coditect.studio.api.store.StoreException;
import io.coditect.studio.api.store.Transactions;
import io.coditect.studio.api.tenancy.Membership;
import io.coditect.studio.api.tenancy.TenancyStore;
import io.coditect.studio.api.tenancy.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an identity the provider vouched for into a user of the provider's organisation: matched by
 * verified e-mail, created when allowed, and given the roles its groups stand for.
 *
 * <p>Roles from groups are only added or raised, never lowered or removed: the studio does not
 * record which roles came from a group, so a role an administrator granted by hand must survive a
 * login, and a role a group gave stays when the person leaves the group until an administrator
 * revokes it. A role is replaced only when the one held does not already include it.
 */
final class SsoAccounts {

    private static final Logger LOG = LoggerFactory.getLogger(SsoAccounts.class);
    private static final int ATTEMPTS = 3;
    // the store's rule for addresses
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

    /** What a login did to the organisation's users. */
    record Linked(User user, boolean created, List<Membership> granted) {
    }

    private final TenancyStore tenancy;
    private final Transactions transactions;

    SsoAccounts(TenancyStore tenancy, Transactions transactions) {
        this.tenancy = tenancy;
        this.transactions = transactions;
    }

    Linked link(ProviderSettings settings, ExternalIdentity identity) {
        if (identity.email() == null) {
            throw SsoFailure.invalid("email_missing", "The identity provider " + settings.displayName()
                    + " did not share your e-mail address, which the studio needs to find your account; allow it"
                    + " at the provider, or ask an administrator to request the 'email' scope.");
        }
        if (identity.email().length() > 254 || !EMAIL.matcher(identity.email()).matches()) {
            LOG.warn("Single sign-on provider '{}' sent an e-mail claim that is not an address", settings.id());
            throw SsoFailure.invalid("email_invalid", "The identity provider " + settings.displayName()
                    + " sent an e-mail address the studio cannot use; ask an administrator.");
        }
        if (!identity.emailVerified()) {
            throw SsoFailure.invalid("email_unverified", "Your e-mail address at " + settings.displayName()
                    + " is not verified; verify it there, then log in again.");
        }
        for (int attempt = 1;; attempt++) {
            try {
                return transactions.call(() -> linkOnce(settings, identity));
            } catch (StoreException e) {
                // two first logins of one person at once: the loser finds the user the winner created
                if (e.kind() != StoreException.Kind.CONFLICT || attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private Linked linkOnce(ProviderSettings settings, ExternalIdentity identity) {
        String orgId = settings.orgId();
        if (tenancy.findOrganisation(orgId).isEmpty()) {
            LOG.error("Single sign-on provider '{}' names the organisation '{}', which does not exist", settings.id(),
                    orgId);
            throw SsoFailure.invalid("organisation_missing", "Single sign-on with " + settings.displayName()
                    + " is not set up correctly (its organisation does not exist); ask an administrator.");
        }
        Optional<User> existing = tenancy.findUserByEmail(orgId, identity.email());
        User user;
        boolean created = false;
        if (existing.isPresent()) {
            user = existing.get();
            if (user.disabled()) {
                throw new SsoFailure(AuthenticationException.Reason.DISABLED, "user_disabled", "Your account is"
                        + " disabled; ask an administrator of your organisation to enable it.");
            }
        } else if (!settings.autoCreateUsers()) {
            throw SsoFailure.invalid("user_unknown", "There is no account for " + identity.email() + " in this"
                    + " organisation, and single sign-on does not create accounts here; ask an administrator to"
                    + " add you, then log in again.");
        } else {
            String id = UserIds.unused(identity.email(), candidate -> tenancy.findUser(orgId, candidate).isEmpty());
            user = tenancy.createUser(User.of(orgId, id, identity.email(), displayName(identity)));
            created = true;
        }
        return new Linked(user, created, grantRoles(settings, user, identity.groups()));
    }

    private List<Membership> grantRoles(ProviderSettings settings, User user, List<String> groups) {
        List<Membership> granted = new ArrayList<>();
        for (RoleGrant wanted : settings.groupRoles().rolesFor(groups)) {
            if (wanted.teamId() != null && tenancy.findTeam(user.orgId(), wanted.teamId()).isEmpty()) {
                LOG.warn("Single sign-on provider '{}' maps a group to {}, but team '{}' does not exist in organisation"
                        + " '{}'; the role is not granted", settings.id(), wanted.label(), wanted.teamId(),
                        user.orgId());
                continue;
            }
            Optional<Membership> held = tenancy.findMembership(user.orgId(), user.id(), wanted.teamId());
            if (held.isPresent() && held.get().role().includes(wanted.role())) {
                continue;
            }
            granted.add(tenancy.grant(user.orgId(), user.id(), wanted.teamId(), wanted.role()));
        }
        return granted;
    }

    /** A name the store accepts (one line, at most 200 characters) from whatever the provider sent. */
    private static String displayName(ExternalIdentity identity) {
        StringBuilder b = new StringBuilder();
        identity.displayName().codePoints()
                .filter(cp -> !Character.isISOControl(cp) && Character.getType(cp) != Character.FORMAT)
                .forEach(b::appendCodePoint);
        String name = b.toString().strip();
        if (name.isEmpty()) {
            name = identity.email();
        }
        return name.length() > 200 ? name.substring(0, 200).strip() : name;
    }
}
