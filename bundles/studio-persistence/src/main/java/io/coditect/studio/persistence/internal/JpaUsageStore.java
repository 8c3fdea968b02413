package io.coditect.studio.persistence.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import javax.persistence.TypedQuery;

import io.coditect.studio.api.StudioIds;
import io.coditect.studio.api.store.Page;
import io.coditect.studio.api.store.PageRequest;
import io.coditect.studio.api.store.StoreException;
import io.coditect.studio.api.usage.UsageDimension;
import io.coditect.studio.api.usage.UsageFilter;
import io.coditect.studio.api.usage.UsageRecord;
import io.coditect.studio.api.usage.UsageStore;
import io.coditect.studio.api.usage.UsageTotal;

/** {@link UsageStore} on JPA; totals are summed by the database (GROUP BY). */
final class JpaUsageStore implements UsageStore {

    static final int COST_SCALE = 6;
    /** DECIMAL(19,6) holds 13 digits before the point. */
    private static final BigDecimal COST_LIMIT = new BigDecimal("1e13");
    private static final long DAY_MILLIS = 86_400_000L;
    /** The start of the record's day in UTC, in epoch milliseconds: plain arithmetic every database runs alike. */
    private static final String DAY_START = "(e.occurredAt - MOD(e.occurredAt, " + DAY_MILLIS + "))";
    /**
     * The key selected per group: the grouped field, or for days the earliest record's time, whose day
     * is the group's. EclipseLink binds the literal of {@link #DAY_START} as a parameter, once in SELECT
     * and once in GROUP BY, and PostgreSQL does not take two parameters for the same expression.
     */
    private static final String DAY_KEY = "MIN(e.occurredAt)";
    private static final Map<UsageDimension, String> GROUP_FIELD = Map.of(UsageDimension.ORGANISATION, "e.orgId",
            UsageDimension.TEAM, "e.teamId", UsageDimension.USER, "e.userId", UsageDimension.PROJECT, "e.projectId",
            UsageDimension.PROVIDER, "e.provider", UsageDimension.MODEL, "e.model", UsageDimension.DAY, DAY_START);

    private final Tx tx;
    private final Clock clock;

    JpaUsageStore(Tx tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    static BigDecimal scaled(BigDecimal cost) {
        return cost == null ? BigDecimal.ZERO.setScale(COST_SCALE) : cost.setScale(COST_SCALE, RoundingMode.HALF_UP);
    }

    @Override
    public UsageRecord record(UsageRecord usage) {
        Check.required("usage record", usage, "pass the record to store");
        Check.id("organisation", usage.orgId());
        Check.optionalId("team", usage.teamId());
        Check.id("user", usage.userId());
        Check.optionalId("project", usage.projectId());
        Check.optionalId("session", usage.sessionId());
        Check.id("provider", usage.provider());
        String model = Check.name("model", usage.model(), JpaTenancyStore.NAME_MAX);
        Check.notNegative("input tokens", usage.inputTokens());
        Check.notNegative("output tokens", usage.outputTokens());
        Check.notNegative("cached input tokens", usage.cachedInputTokens());
        BigDecimal cost = scaled(usage.cost());
        if (cost.signum() < 0 || cost.compareTo(COST_LIMIT) >= 0) {
            throw StoreException.invalid("cost " + usage.cost().toPlainString() + " is out of range: give 0 up to "
                    + "9999999999999.999999 USD");
        }
        long at = usage.occurredAt() == null ? clock.millis() : usage.occurredAt().toEpochMilli();
        UsageEntity e = new UsageEntity(Ids.next(clock.millis()), usage, model, cost, at);
        return tx.apply(em -> {
            em.persist(e);
            return e.toRecord();
        });
    }

    @Override
    public Page<UsageRecord> list(String orgId, UsageFilter filter, PageRequest page) {
        return tx.apply(em -> filtered(orgId, filter).page(em,
                Jpql.newestFirst("usage", "e.occurredAt", u -> u.occurredAt, "e.id", u -> u.id), page,
                UsageEntity::toRecord));
    }

    private static Jpql<UsageEntity> filtered(String orgId, UsageFilter filter) {
        UsageFilter f = filter == null ? UsageFilter.ALL : filter;
        return new Jpql<>(UsageEntity.class).where("e.orgId = :org", "org", orgId)
                .eq("e.teamId", "team", f.teamId()).eq("e.userId", "user", f.userId())
                .eq("e.projectId", "project", f.projectId()).eq("e.provider", "provider", f.provider())
                .eq("e.model", "model", f.model())
                .whereIf("e.occurredAt >= :from", "from", Check.millis(f.from()))
                .whereIf("e.occurredAt < :to", "to", Check.millis(f.to()));
    }

    @Override
    public List<UsageTotal> aggregate(String orgId, UsageFilter filter, UsageDimension groupBy) {
        Check.required("grouping", groupBy, "name one of " + List.of(UsageDimension.values()));
        if (!StudioIds.isValid(orgId)) {
            return List.of();
        }
        String g = GROUP_FIELD.get(groupBy);
        Jpql<UsageEntity> q = filtered(orgId, filter);
        if (q.matchesNothing()) {
            return List.of();
        }
        return tx.apply(em -> {
            String key = groupBy == UsageDimension.DAY ? DAY_KEY : g;
            TypedQuery<Object[]> query = q.select(em, "SELECT " + key + ", COUNT(e.id), SUM(e.inputTokens), "
                    + "SUM(e.outputTokens), SUM(e.cachedInputTokens), SUM(e.cost)", " GROUP BY " + g, Object[].class);
            List<UsageTotal> totals = new ArrayList<>();
            for (Object[] row : query.getResultList()) {
                totals.add(new UsageTotal(key(groupBy, row[0]), number(row[1]), number(row[2]), number(row[3]),
                        number(row[4]), scaled(row[5] == null ? null : new BigDecimal(row[5].toString()))));
            }
            // in Java: databases disagree on where NULL sorts
            totals.sort(Comparator.comparing(UsageTotal::key, Comparator.nullsFirst(Comparator.naturalOrder())));
            return totals;
        });
    }

    /** Days as ISO dates, which sort like the days they name. */
    private static String key(UsageDimension groupBy, Object value) {
        if (groupBy != UsageDimension.DAY) {
            return (String) value;
        }
        return LocalDate.ofEpochDay(Math.floorDiv(number(value), DAY_MILLIS)).toString();
    }

    private static long number(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }
}
