package io.coditect.studio.api.tenancy;

/**
 * The roles of the studio and their hierarchy (SDD §5.2). A role includes every role below it:
 *
 * <pre>
 * ORG_ADMIN
 * ├── TEAM_ADMIN
 * │   ├── PROJECT_LEAD
 * │   │   └── DEVELOPER
 * │   └── ANALYST
 * └── BILLING_ADMIN
 * </pre>
 *
 * {@code ORG_ADMIN} and {@code BILLING_ADMIN} are held for the whole organisation, the others for
 * one team.
 */
public enum Role {
    ORG_ADMIN(null, Scope.ORGANISATION),
    TEAM_ADMIN(ORG_ADMIN, Scope.TEAM),
    PROJECT_LEAD(TEAM_ADMIN, Scope.TEAM),
    DEVELOPER(PROJECT_LEAD, Scope.TEAM),
    ANALYST(TEAM_ADMIN, Scope.TEAM),
    BILLING_ADMIN(ORG_ADMIN, Scope.ORGANISATION);

    /** Where a role is held. */
    public enum Scope {
        /** Granted without a team; applies to the whole organisation. */
        ORGANISATION,
        /** Granted for one team. */
        TEAM
    }

    private final Role parent;
    private final Scope scope;

    Role(Role parent, Scope scope) {
        this.parent = parent;
        this.scope = scope;
    }

    /** The role directly above this one; null for {@link #ORG_ADMIN}. */
    public Role parent() {
        return parent;
    }

    public Scope scope() {
        return scope;
    }

    /**
     * Whether this role has every right of {@code other}: it is {@code other} or above it. For
     * example {@code TEAM_ADMIN.includes(DEVELOPER)} but not {@code ANALYST.includes(DEVELOPER)}.
     */
    public boolean includes(Role other) {
        for (Role r = other; r != null; r = r.parent) {
            if (r == this) {
                return true;
            }
        }
        return false;
    }
}
