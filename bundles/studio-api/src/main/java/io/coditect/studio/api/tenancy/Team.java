package io.coditect.studio.api.tenancy;

import java.time.Instant;

/**
 * A team of an organisation.
 *
 * @param orgId     the organisation
 * @param id        slug, unique within the organisation
 * @param name      name shown to people
 * @param createdAt set by the store
 */
public record Team(String orgId, String id, String name, Instant createdAt) {

    /** A team to create; the store sets the creation time. */
    public static Team of(String orgId, String id, String name) {
        return new Team(orgId, id, name, null);
    }

    public Team withName(String newName) {
        return new Team(orgId, id, newName, createdAt);
    }
}
