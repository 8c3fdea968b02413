package io.coditect.studio.api.tenancy;

import java.time.Instant;

/**
 * A person or service account of one organisation. Credentials are not part of the record.
 *
 * @param orgId       the organisation
 * @param id          slug, unique within the organisation
 * @param email       unique within the organisation; the store keeps it trimmed and in lower case
 * @param displayName name shown to people
 * @param disabled    a disabled user keeps its data but must not be let in
 * @param createdAt   set by the store
 */
public record User(String orgId, String id, String email, String displayName, boolean disabled,
        Instant createdAt) {

    /** An enabled user to create; the store sets the creation time. */
    public static User of(String orgId, String id, String email, String displayName) {
        return new User(orgId, id, email, displayName, false, null);
    }

    public User withEmail(String newEmail) {
        return new User(orgId, id, newEmail, displayName, disabled, createdAt);
    }

    public User withDisplayName(String newDisplayName) {
        return new User(orgId, id, email, newDisplayName, disabled, createdAt);
    }

    public User withDisabled(boolean newDisabled) {
        return new User(orgId, id, email, displayName, newDisabled, createdAt);
    }
}
