package io.coditect.studio.security.internal;

import io.coditect.studio.api.store.Page;
import io.coditect.studio.api.store.PageRequest;
import io.coditect.studio.api.tenancy.Membership;
import io.coditect.studio.api.tenancy.MembershipFilter;
import io.coditect.studio.api.tenancy.Role;
import io.coditect.studio.api.tenancy.TenancyStore;
import io.coditect.studio.api.tenancy.User;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A user's record and roles as the authenticator needs them on every request, read from the
 * tenancy store and kept for a few seconds. An access change (a role granted or revoked, a user
 * disabled or deleted) drops the entry at once through {@link #invalidate}; the short lifetime
 * bounds the staleness when such an event is lost.
 */
final class AccessDirectory {

    /**
     * What a user may do.
     *
     * @param user      the user's record
     * @param orgRole   the organisation-wide role, or null
     * @param teamRoles team id to role
     */
    record Access(User user, Role orgRole, Map<String, Role> teamRoles) {
    }

    private record Key(String orgId, String userId) {
    }

    /** A lookup result (an absent user is remembered too) and when it was read. */
    private record Entry(Optional<Access> access, Instant readAt) {
    }

    static final Duration DEFAULT_TTL = Duration.ofSeconds(3);
    static final int DEFAULT_CAPACITY = 50_000;

    private final TenancyStore tenancy;
    private final Clock clock;
    private final Duration ttl;
    private final int capacity;
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
    // bumped by every invalidation, so a read that raced with one is not cached
    private final AtomicLong generation = new AtomicLong();

    AccessDirectory(TenancyStore tenancy, Clock clock, Duration ttl, int capacity) {
        this.tenancy = tenancy;
        this.clock = clock;
        this.ttl = ttl;
        this.capacity = capacity;
    }

    /** The user's record and roles; empty when there is no such user. */
    Optional<Access> lookup(String orgId, String userId) {
        Key key = new Key(orgId, userId);
        Instant now = clock.instant();
        Entry e = entries.get(key);
        if (e != null && now.isBefore(e.readAt().plus(ttl))) {
            return e.access();
        }
        long before = generation.get();
        Optional<Access> access = read(orgId, userId);
        if (generation.get() == before) {
            if (entries.size() >= capacity) {
                entries.clear();
            }
            entries.put(key, new Entry(access, now));
        }
        return access;
    }

    /**
     * Forgets what was read: for one user, for a whole organisation when {@code userId} is null,
     * or everything when both are null.
     */
    void invalidate(String orgId, String userId) {
        generation.incrementAndGet();
        if (orgId == null) {
            entries.clear();
        } else if (userId == null) {
            entries.keySet().removeIf(k -> k.orgId().equals(orgId));
        } else {
            entries.remove(new Key(orgId, userId));
        }
    }

    private Optional<Access> read(String orgId, String userId) {
        Optional<User> user = tenancy.findUser(orgId, userId);
        if (user.isEmpty()) {
            return Optional.empty();
        }
        Role orgRole = null;
        Map<String, Role> teamRoles = new HashMap<>();
        MembershipFilter filter = MembershipFilter.ALL.withUser(userId);
        String cursor = null;
        do {
            Page<Membership> page = tenancy.listMemberships(orgId, filter,
                    PageRequest.after(cursor, PageRequest.MAX_LIMIT));
            for (Membership m : page.items()) {
                if (!Objects.equals(m.userId(), userId)) {
                    continue;
                }
                if (m.isOrganisationWide()) {
                    orgRole = m.role();
                } else {
                    teamRoles.put(m.teamId(), m.role());
                }
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        return Optional.of(new Access(user.get(), orgRole, Map.copyOf(teamRoles)));
    }
}
