package io.coditect.studio.core.internal.usage;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

import io.coditect.studio.api.StudioIds;
import io.coditect.studio.api.usage.BudgetPeriod;
import io.coditect.studio.api.usage.BudgetScope;
import io.coditect.studio.api.usage.BudgetStatus;

/**
 * A limit on what one scope may use per period, in USD, in tokens (input plus output) or both.
 * Public for tests of other packages; the package is not exported.
 *
 * @param id          the configuration's PID
 * @param limitUsd    null for no money limit
 * @param limitTokens null for no token limit
 */
public record Budget(String id, ScopeKey scope, BudgetPeriod period, BigDecimal limitUsd, Long limitTokens) {

    public Budget {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(period, "period");
        if (limitUsd == null && limitTokens == null) {
            throw new IllegalArgumentException("it sets no limit: set limit.usd or limit.tokens (or both) above 0");
        }
        if (limitUsd != null && limitUsd.signum() <= 0 || limitTokens != null && limitTokens <= 0) {
            throw new IllegalArgumentException("limits must be above 0; leave one out for no limit of that kind");
        }
    }

    /** @throws IllegalArgumentException naming the property to fix */
    static Budget of(String id, BudgetConfig c) {
        BudgetScope kind = parse(BudgetScope.class, "scope", c.scope());
        String org = id("org", "organisation", c.org());
        String scopeId = blankAsNull(c.scope_id());
        if (kind == BudgetScope.ORGANISATION) {
            if (scopeId != null && !scopeId.equals(org)) {
                throw new IllegalArgumentException("an ORGANISATION budget takes no 'scope.id' (or the org's own id),"
                        + " not '" + StudioIds.printable(scopeId) + "'");
            }
            scopeId = org;
        } else {
            scopeId = id("scope.id", kind.name().toLowerCase(Locale.ROOT), scopeId);
        }
        BigDecimal usd = c.limit_usd() > 0 ? BigDecimal.valueOf(c.limit_usd()) : null;
        Long tokens = c.limit_tokens() > 0 ? c.limit_tokens() : null;
        return new Budget(id, new ScopeKey(kind, org, scopeId), parse(BudgetPeriod.class, "period", c.period()), usd,
                tokens);
    }

    private static String blankAsNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String id(String property, String what, String value) {
        String id = blankAsNull(value);
        if (id == null) {
            throw new IllegalArgumentException("'" + property + "' is missing: name the " + what);
        }
        if (!StudioIds.isValid(id)) {
            throw new IllegalArgumentException("'" + property + "' must be the id of the " + what + ", not '"
                    + StudioIds.printable(id) + "'");
        }
        return id;
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String property, String value) {
        try {
            return Enum.valueOf(type, value == null ? "" : value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + property + "' must be one of "
                    + Arrays.toString(type.getEnumConstants()) + ", not '" + StudioIds.printable(value) + "'");
        }
    }

    /** Why a request that may use {@code tokens} and cost {@code usd} must not run, or null. */
    UsageLedger.Refusal refusal(SpendWindow.Reading r, long tokens, double usd) {
        if (limitUsd != null) {
            long limit = Spent.micros(limitUsd);
            long spent = r.spent().micros();
            long estimate = (long) Math.ceil(usd * 1_000_000d);
            if (spent >= limit) {
                return refuse(r, money(limitUsd), "is used up: USD " + cents(spent) + " spent", null);
            }
            if (spent + estimate > limit) {
                return refuse(r, money(limitUsd), "would be exceeded: USD " + cents(spent) + " spent",
                        "this request may cost up to USD " + Spent.usd(estimate).setScale(4, RoundingMode.UP));
            }
        }
        if (limitTokens != null) {
            long spent = r.spent().tokens();
            if (spent >= limitTokens) {
                return refuse(r, count(limitTokens), "is used up: " + count(spent) + " used", null);
            }
            if (spent + tokens > limitTokens) {
                return refuse(r, count(limitTokens), "would be exceeded: " + count(spent) + " used",
                        "this request may use up to " + count(tokens));
            }
        }
        return null;
    }

    private UsageLedger.Refusal refuse(SpendWindow.Reading r, String limit, String state, String request) {
        String message = "the " + describe() + " (" + limit + ") " + state + " since " + day(r.start())
                + (request == null ? "; raise it or wait until " : " and " + request
                        + "; raise it, ask for fewer tokens (maxTokens) or wait until ") + day(r.end());
        return new UsageLedger.Refusal(message, r.end());
    }

    /** As people read it: {@code monthly budget of team 'web'}. */
    String describe() {
        return (period == BudgetPeriod.DAY ? "daily" : "monthly") + " budget of " + scope.describe();
    }

    BudgetStatus status(SpendWindow.Reading r) {
        Spent s = r.spent();
        BigDecimal remainingUsd = limitUsd == null ? null : limitUsd.subtract(s.usd()).max(BigDecimal.ZERO);
        Long remainingTokens = limitTokens == null ? null : Math.max(0, limitTokens - s.tokens());
        boolean exhausted = limitUsd != null && s.micros() >= Spent.micros(limitUsd)
                || limitTokens != null && s.tokens() >= limitTokens;
        return new BudgetStatus(id, scope.orgId(), scope.kind(), scope.id(), period, limitUsd, limitTokens, r.start(),
                r.end(), s.usd(), s.tokens(), remainingUsd, remainingTokens, exhausted);
    }

    private static String money(BigDecimal usd) {
        return "USD " + usd.setScale(Math.max(2, usd.stripTrailingZeros().scale()), RoundingMode.HALF_UP)
                .toPlainString();
    }

    private static String cents(long micros) {
        return Spent.usd(micros).setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    private static String count(long tokens) {
        return String.format(Locale.ROOT, "%,d tokens", tokens);
    }

    private static String day(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC).toString();
    }
}
