package io.coditect.studio.api.tenancy;

/**
 * OSGi Event Admin topics posted when access-relevant tenancy data changes, so caches of roles and
 * users (in the security layer, on every node) drop stale entries at once.
 */
public final class TenancyEvents {

    /** A role was granted or revoked, or a user was disabled, enabled or deleted. */
    public static final String TOPIC_ACCESS_CHANGED = "io/coditect/studio/tenancy/ACCESS_CHANGED";

    /** Event property: the organisation id. */
    public static final String ORG_ID = "orgId";

    /** Event property: the user id. */
    public static final String USER_ID = "userId";

    private TenancyEvents() {
    }
}
