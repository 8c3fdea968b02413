package io.coditect.studio.api.tenancy;

import java.time.Instant;

/**
 * A tenant.
 *
 * @param id        slug, unique in the studio
 * @param name      name shown to people
 * @param createdAt set by the store
 */
public record Organisation(String id, String name, Instant createdAt) {

    /** An organisation to create; the store sets the creation time. */
    public static Organisation of(String id, String name) {
        return new Organisation(id, name, null);
    }

    public Organisation withName(String newName) {
        return new Organisation(id, newName, createdAt);
    }
}
