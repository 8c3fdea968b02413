package io.coditect.studio.core.internal.usage;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.coditect.studio.api.llm.Usage;
import io.coditect.studio.api.routing.ModelRef;
import io.coditect.studio.api.routing.UsageScope;
import io.coditect.studio.api.usage.BudgetPeriod;
import io.coditect.studio.api.usage.BudgetStatus;
import io.coditect.studio.api.usage.UsageRecord;
import io.coditect.studio.api.usage.UsageStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The router's {@link UsageLedger}: one usage record per call, kept through a {@link UsageJournal},
 * and the budgets, checked against spending windows in memory.
 *
 * <p>Only scopes with a budget have a window; it is loaded from the store when the budget appears and
 * kept up to date by every record after that. Budgets change rarely and are read on every call, so
 * they are kept as an immutable map that a change replaces.
 *
 * <p>In OSGi the records go to the {@link UsageStore} whenever one is registered, through a
 * {@link UsageWriter}; without persistence ({@link #inMemory}) usage is counted in memory only.
 */
@Component(service = UsageMeter.class, immediate = true)
public final class UsageMeter implements UsageLedger {

    /** The user usage is attributed to when the request names none. */
    static final String NO_USER = "system";

    /** The budgets set on one scope and the windows they read, one per period length. */
    private record Accounts(List<Budget> budgets, Map<BudgetPeriod, SpendWindow> windows) {
    }

    private final Clock clock;
    private final UsageJournal journal;
    private final UsageWriter writer;
    private final Map<String, Budget> budgets = new HashMap<>();
    private volatile Map<ScopeKey, Accounts> accounts = Map.of();

    @Activate
    public UsageMeter() {
        this(Clock.systemUTC(), new UsageWriter(UsageWriter.CAPACITY));
    }

    /** Keeps the records through {@code writer}, which {@link #close()} closes. */
    UsageMeter(Clock clock, UsageWriter writer) {
        this(clock, writer, writer);
    }

    private UsageMeter(Clock clock, UsageJournal journal, UsageWriter writer) {
        this.clock = clock;
        this.journal = journal;
        this.writer = writer;
    }

    /** Counts usage in memory only, from zero. */
    public static UsageMeter inMemory(Clock clock) {
        return new UsageMeter(clock, UsageJournal.IN_MEMORY, null);
    }

    /** Writes the records to {@code store}, as in OSGi with the store registered. */
    public static UsageMeter writingTo(UsageStore store, Clock clock) {
        UsageMeter meter = new UsageMeter(clock, new UsageWriter(UsageWriter.CAPACITY));
        meter.bindStore(store);
        return meter;
    }

    /** Waits until what was recorded so far is in the store, or the time is up; true when it is. */
    public boolean awaitWritten(Duration max) {
        return writer == null || writer.awaitIdle(max);
    }

    @Reference(name = "store", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindStore(UsageStore store) {
        if (writer != null) {
            writer.attach(store);
        }
    }

    void unbindStore(UsageStore store) {
        if (writer != null) {
            writer.detach(store);
        }
    }

    /** Writes what is queued, then stops writing. */
    @Deactivate
    public void close() {
        if (writer != null) {
            writer.close();
        }
    }

    /** Adds the budget, or replaces the one with its id. */
    public synchronized void putBudget(Budget budget) {
        budgets.put(budget.id(), budget);
        rebuild();
    }

    public synchronized void removeBudget(String id) {
        if (budgets.remove(id) != null) {
            rebuild();
        }
    }

    /** Keeps the windows of scopes and periods that still have a budget, so a changed limit keeps its spending. */
    private void rebuild() {
        Map<ScopeKey, Accounts> old = accounts;
        long now = clock.millis();
        Map<ScopeKey, List<Budget>> byScope = new HashMap<>();
        budgets.values().stream().sorted(Comparator.comparing(Budget::id))
                .forEach(b -> byScope.computeIfAbsent(b.scope(), k -> new ArrayList<>()).add(b));
        Map<ScopeKey, Accounts> next = new HashMap<>();
        List<SpendWindow> fresh = new ArrayList<>();
        byScope.forEach((scope, list) -> {
            Accounts before = old.get(scope);
            Map<BudgetPeriod, SpendWindow> windows = new EnumMap<>(BudgetPeriod.class);
            for (Budget b : list) {
                windows.computeIfAbsent(b.period(), p -> {
                    SpendWindow w = before == null ? null : before.windows().get(p);
                    if (w == null) {
                        w = new SpendWindow(scope, p, now);
                        fresh.add(w);
                    }
                    return w;
                });
            }
            next.put(scope, new Accounts(List.copyOf(list), Map.copyOf(windows)));
        });
        accounts = Map.copyOf(next);
        // published first: a record counted from now on reaches the new windows
        fresh.forEach(journal::load);
    }

    @Override
    public Refusal refusal(UsageScope scope, ModelRef target, long estimatedTokens, double estimatedCostUsd) {
        Map<ScopeKey, Accounts> all = accounts;
        if (all.isEmpty() || scope.orgId() == null) {
            return null;
        }
        long now = clock.millis();
        for (ScopeKey key : ScopeKey.of(scope.orgId(), scope.teamId(), user(scope), scope.projectId())) {
            Accounts a = all.get(key);
            if (a == null) {
                continue;
            }
            for (Budget b : a.budgets()) {
                Refusal r = b.refusal(a.windows().get(b.period()).read(now), estimatedTokens, estimatedCostUsd);
                if (r != null) {
                    return r;
                }
            }
        }
        return null;
    }

    /** Usage without an organisation has nobody to bill and is not kept. */
    @Override
    public void record(UsageScope scope, String requestId, ModelRef target, Usage usage, BigDecimal costUsd) {
        if (scope.orgId() == null) {
            return;
        }
        UsageRecord r = new UsageRecord(null, scope.orgId(), scope.teamId(), user(scope), scope.projectId(),
                scope.sessionId(), target.providerId(), target.modelId(), usage.inputTokens(), usage.outputTokens(),
                usage.cachedInputTokens(), costUsd, Instant.ofEpochMilli(clock.millis()));
        journal.append(r, this::count);
    }

    private void count(UsageRecord r) {
        Map<ScopeKey, Accounts> all = accounts;
        if (all.isEmpty()) {
            return;
        }
        Spent spent = Spent.of(r);
        long at = r.occurredAt().toEpochMilli();
        for (ScopeKey key : ScopeKey.of(r)) {
            Accounts a = all.get(key);
            if (a != null) {
                for (SpendWindow w : a.windows().values()) {
                    w.add(at, spent);
                }
            }
        }
    }

    private static String user(UsageScope scope) {
        return scope.userId() == null ? NO_USER : scope.userId();
    }

    /** The organisation's budgets with the current period's spending, ordered by scope, id and period. */
    public List<BudgetStatus> statuses(String orgId) {
        long now = clock.millis();
        List<BudgetStatus> statuses = new ArrayList<>();
        for (Accounts a : accounts.values()) {
            for (Budget b : a.budgets()) {
                if (b.scope().orgId().equals(orgId)) {
                    statuses.add(b.status(a.windows().get(b.period()).read(now)));
                }
            }
        }
        statuses.sort(Comparator.comparing(BudgetStatus::scope).thenComparing(BudgetStatus::scopeId)
                .thenComparing(BudgetStatus::period).thenComparing(BudgetStatus::id));
        return statuses;
    }
}
