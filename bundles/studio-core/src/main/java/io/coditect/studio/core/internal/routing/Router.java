package io.coditect.studio.core.internal.routing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.stream.Collectors;

import io.coditect.studio.api.Health;
import io.coditect.studio.api.StudioIds;
import io.coditect.studio.api.llm.LlmProvider;
import io.coditect.studio.api.llm.ModelInfo;
import io.coditect.studio.api.llm.ProviderException;
import io.coditect.studio.api.llm.StreamHandle;
import io.coditect.studio.api.llm.Usage;
import io.coditect.studio.api.registry.PluginDescriptor;
import io.coditect.studio.api.registry.ProviderRegistry;
import io.coditect.studio.api.routing.BudgetExceededException;
import io.coditect.studio.api.routing.CircuitState;
import io.coditect.studio.api.routing.LlmRouter;
import io.coditect.studio.api.routing.MoeAnswer;
import io.coditect.studio.api.routing.MoeHandle;
import io.coditect.studio.api.routing.MoeListener;
import io.coditect.studio.api.routing.ModelRef;
import io.coditect.studio.api.routing.ProviderState;
import io.coditect.studio.api.routing.RouteDecision;
import io.coditect.studio.api.routing.RouteListener;
import io.coditect.studio.api.routing.RoutedRequest;
import io.coditect.studio.api.routing.RoutingException;
import io.coditect.studio.api.routing.SkipReason;
import io.coditect.studio.api.routing.TenantPolicy;
import io.coditect.studio.core.internal.usage.UsageLedger;
import io.coditect.studio.core.internal.usage.UsageMeter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router without OSGi: tests construct it with a registry, a scheduler and a clock of their
 * own, benchmarks and tools with {@link #standalone}. Candidates are read from the registry per
 * request, so a provider that registers is used by the next request and one that leaves is
 * skipped by the next attempt. Public for that seam only; the package is not exported.
 */
public final class Router implements LlmRouter, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    final ProviderRegistry registry;
    final Scheduler scheduler;
    final Clock clock;
    final DoubleSupplier random;
    final UsageLedger ledger;
    private final Breakers breakers = new Breakers();
    private final Set<StreamHandle> active = ConcurrentHashMap.newKeySet();
    private volatile RouterSettings settings;
    private volatile boolean closed;

    Router(ProviderRegistry registry, RouterSettings settings, Scheduler scheduler, Clock clock,
            DoubleSupplier random, UsageLedger ledger) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
    }

    /**
     * A router with the default settings, running retries on {@code executor}, which the caller owns
     * and shuts down after {@link #close()}; usage is counted in memory only, against no budget.
     */
    public static Router standalone(ProviderRegistry registry, ScheduledExecutorService executor) {
        return standalone(registry, executor, UsageMeter.inMemory(Clock.systemUTC()));
    }

    /** A router with the default settings that counts usage in {@code ledger}. */
    static Router standalone(ProviderRegistry registry, ScheduledExecutorService executor, UsageLedger ledger) {
        return new Router(registry, RouterSettings.DEFAULTS, Scheduler.of(executor), Clock.systemUTC(),
                () -> ThreadLocalRandom.current().nextDouble(), ledger);
    }

    RouterSettings settings() {
        return settings;
    }

    void update(RouterSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    long now() {
        return clock.millis();
    }

    @Override
    public StreamHandle stream(RoutedRequest request, RouteListener listener) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(listener, "listener");
        checkOpen();
        Requirements needs = Requirements.of(request);
        RoutedStream stream = new RoutedStream(this, request, needs, rank(request, needs, null, false).eligible,
                listener, null, active::remove);
        active.add(stream);
        stream.start();
        return stream;
    }

    @Override
    public MoeHandle fanOut(RoutedRequest request, List<ModelRef> targets, MoeListener listener) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(targets, "targets");
        Objects.requireNonNull(listener, "listener");
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("a fan-out needs at least one target");
        }
        Set<ModelRef> distinct = new HashSet<>();
        for (ModelRef t : targets) {
            if (t == null || !distinct.add(t)) {
                throw new IllegalArgumentException("fan-out targets must be distinct and not null: " + targets);
            }
        }
        checkOpen();
        Requirements needs = Requirements.of(request);
        FanOut fanOut = new FanOut(targets);
        List<RoutedStream> legs = new ArrayList<>(targets.size());
        for (int i = 0; i < targets.size(); i++) {
            ModelRef target = targets.get(i);
            AnswerCollector collector = new AnswerCollector(fanOut, i, target, listener.answerListener(target));
            legs.add(new RoutedStream(this, request, needs, rank(request, needs, target, false).eligible, collector,
                    target, active::remove));
        }
        fanOut.legs(legs);
        for (RoutedStream leg : legs) {
            active.add(leg);
            leg.start();
        }
        return fanOut;
    }

    @Override
    public StreamHandle merge(RoutedRequest request, List<MoeAnswer> answers, RouteListener listener) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(answers, "answers");
        return stream(JudgePrompt.of(request, answers), listener);
    }

    @Override
    public RouteDecision explain(RoutedRequest request) {
        Requirements needs = Requirements.of(request);
        Ranking ranking = rank(request, needs, null, true);
        return decision(request, needs, ranking);
    }

    @Override
    public List<ProviderState> states() {
        long now = now();
        RouterSettings s = settings;
        List<ProviderState> states = new ArrayList<>();
        for (PluginDescriptor d : registry.describe()) {
            LlmProvider p = registry.get(d.id()).orElse(null);
            List<ModelInfo> models = p == null ? List.of() : modelsOf(d.id(), p);
            for (ModelInfo m : models) {
                ModelRef target = new ModelRef(d.id(), m.id());
                CircuitBreaker b = breakers.peek(d.id(), p, m.id());
                states.add(b == null ? CircuitBreaker.closed(target) : b.snapshot(target, now, s));
            }
        }
        return states;
    }

    /** Stops: running streams are cancelled, new ones refused. */
    @Override
    public void close() {
        closed = true;
        for (StreamHandle s : List.copyOf(active)) {
            s.cancel();
        }
    }

    int activeStreams() {
        return active.size();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the LLM router has stopped");
        }
    }

    /** Every model of every provider, in registry order; eligible ones also sorted for routing. */
    record Ranking(List<Option> all, List<Option> eligible) {
    }

    Ranking rank(RoutedRequest request, Requirements needs, ModelRef restrict, boolean explain) {
        long now = now();
        RouterSettings s = settings;
        TenantPolicy policy = request.policy();
        ModelRef preferred = restrict == null ? request.preferred() : null;
        String preferredModel = preferred != null && preferred.modelId() != null ? preferred.modelId()
                : restrict == null && !request.chat().model().isBlank() ? request.chat().model() : null;
        String preferredProvider = preferred == null ? null : preferred.providerId();
        List<Option> all = new ArrayList<>();
        List<Option> eligible = new ArrayList<>();
        for (PluginDescriptor d : registry.describe()) {
            String id = d.id();
            if (restrict != null && !restrict.providerId().equals(id)) {
                continue;
            }
            LlmProvider provider = registry.get(id).orElse(null);
            if (provider == null) {
                continue;
            }
            List<ModelInfo> models = modelsOf(id, provider);
            boolean offline = offline(provider);
            for (ModelInfo m : models) {
                if (restrict != null && !restrict.matches(id, m.id())) {
                    continue;
                }
                Option o = new Option(id, provider, m, offline, d.health(), breakers.of(id, provider, m.id()),
                        needs.costUsd(m));
                o.preferred = (preferredProvider != null || preferredModel != null)
                        && (preferredProvider == null || preferredProvider.equals(id))
                        && (preferredModel == null || preferredModel.equals(m.id()));
                judge(o, request, needs, policy, now, s, explain);
                all.add(o);
                if (o.skip == null) {
                    eligible.add(o);
                }
            }
        }
        eligible.sort(Option.order(policy.preference()));
        return new Ranking(all, eligible);
    }

    private void judge(Option o, RoutedRequest request, Requirements needs, TenantPolicy policy, long now,
            RouterSettings s, boolean explain) {
        ModelInfo m = o.model;
        if (!policy.allows(o.providerId)) {
            skip(o, SkipReason.NOT_ALLOWED_BY_POLICY, explain ? "the tenant policy does not allow provider '"
                    + o.providerId + "'" : null);
            return;
        }
        if (!needs.hasAll(m)) {
            skip(o, SkipReason.MISSING_CAPABILITY, explain ? "lacks " + needs.missing(m) : null);
            return;
        }
        if (!needs.fits(m)) {
            skip(o, SkipReason.CONTEXT_TOO_SMALL, explain ? String.format(Locale.ROOT,
                    "context window %,d < ~%,d prompt + %,d answer tokens", m.contextWindow(),
                    needs.estimatedInputTokens(), needs.maxOutputTokens()) : null);
            return;
        }
        if (!policy.withinCeiling(m)) {
            skip(o, SkipReason.OVER_COST_CEILING, explain ? "price " + m.inputPricePerMTok().toPlainString() + " / "
                    + m.outputPricePerMTok().toPlainString() + " USD per MTok (in / out) is above the ceiling of "
                    + policy.maxPricePerMTok().toPlainString() : null);
            return;
        }
        UsageLedger.Refusal refusal = ledger.refusal(request.scope(), o.target, needs.estimatedTokens(), o.costUsd);
        if (refusal != null) {
            o.refusal = refusal;
            skip(o, SkipReason.OVER_BUDGET, refusal.message());
            return;
        }
        if (o.health.status() == Health.Status.DOWN) {
            skip(o, SkipReason.UNHEALTHY, explain ? "provider is DOWN: " + o.health.message() : null);
            return;
        }
        o.availability = o.breaker.availability(now, s);
        switch (o.availability) {
            case OPEN:
                long until = o.breaker.blockedUntil(now);
                skip(o, SkipReason.CIRCUIT_OPEN, explain ? until > 0 ? "circuit open until "
                        + Instant.ofEpochMilli(until) : "circuit half-open, its probe is under way" : null);
                return;
            case THROTTLED:
                skip(o, SkipReason.THROTTLED, explain ? "the provider asked to wait until "
                        + Instant.ofEpochMilli(o.breaker.blockedUntil(now)) : null);
                return;
            default:
                break;
        }
        o.degraded = o.health.status() == Health.Status.DEGRADED
                || o.availability != CircuitBreaker.Availability.CLEAN;
        if (explain) {
            List<String> notes = new ArrayList<>(3);
            if (o.preferred) {
                notes.add("preferred");
            }
            if (o.offline) {
                notes.add("offline: answers are simulated");
            }
            if (o.health.status() == Health.Status.DEGRADED) {
                notes.add("degraded: " + o.health.message());
            }
            if (o.availability == CircuitBreaker.Availability.RECENT_FAILURES) {
                notes.add("failed recently");
            } else if (o.availability == CircuitBreaker.Availability.PROBE_READY) {
                notes.add("circuit half-open: the next call probes it");
            }
            o.detail = String.join("; ", notes);
        }
    }

    private static void skip(Option o, SkipReason reason, String detail) {
        o.skip = reason;
        o.detail = detail;
    }

    RouteDecision decision(RoutedRequest request, Requirements needs, Ranking ranking) {
        long now = now();
        RouterSettings s = settings;
        List<RouteDecision.Candidate> candidates = new ArrayList<>(ranking.all().size());
        for (Option o : ranking.eligible()) {
            candidates.add(candidate(o, now, s));
        }
        for (Option o : ranking.all()) {
            if (o.skip != null) {
                candidates.add(candidate(o, now, s));
            }
        }
        return new RouteDecision(request.requestId(), needs.capabilities(), needs.estimatedInputTokens(), candidates);
    }

    private RouteDecision.Candidate candidate(Option o, long now, RouterSettings s) {
        CircuitState circuit = o.breaker.snapshot(o.target, now, s).circuit();
        BigDecimal cost = BigDecimal.valueOf(o.costUsd).setScale(6, RoundingMode.HALF_UP);
        return new RouteDecision.Candidate(o.target, o.model, o.offline, o.health, circuit, cost, o.skip, o.detail);
    }

    /** The error a stream ends with when no candidate answered. */
    RoutingException noAnswer(RoutedRequest request, Requirements needs, ModelRef restrict,
            List<ProviderException> failures, List<String> skipped) {
        Ranking ranking = rank(request, needs, restrict, true);
        RouteDecision decision = decision(request, needs, ranking);
        String what = "request " + StudioIds.printable(request.requestId())
                + (restrict == null ? "" : " (target " + restrict + ")");
        if (failures.isEmpty()) {
            RoutingException overBudget = overBudget(ranking, decision);
            if (overBudget != null) {
                return overBudget;
            }
            if (skipped.isEmpty()) {
                return noCandidate(what, needs, ranking, decision);
            }
        }
        List<String> parts = new ArrayList<>();
        boolean allRateLimited = !failures.isEmpty();
        long retryAfter = Long.MAX_VALUE;
        for (ProviderException f : failures) {
            parts.add(f.getMessage() == null ? f.kind().toString() : f.kind() + ": " + f.getMessage());
            allRateLimited &= f.kind() == ProviderException.Kind.RATE_LIMITED;
            if (f.retryAfter().isPresent()) {
                retryAfter = Math.min(retryAfter, f.retryAfter().get().toMillis());
            }
        }
        parts.addAll(skipped);
        return new RoutingException(allRateLimited ? ProviderException.Kind.RATE_LIMITED
                : ProviderException.Kind.UNAVAILABLE, "no provider could answer " + what + ": "
                        + String.join("; ", parts),
                retryAfter == Long.MAX_VALUE ? null : Duration.ofMillis(retryAfter), decision, failures);
    }

    /**
     * The budget refusal when a budget is all that keeps the request from every model that could
     * serve it (nothing is eligible, nothing is down for a while); the cheapest model's, as it came
     * closest. Null otherwise.
     */
    private RoutingException overBudget(Ranking ranking, RouteDecision decision) {
        if (!ranking.eligible().isEmpty()) {
            return null;
        }
        Option cheapest = null;
        for (Option o : ranking.all()) {
            if (o.skip == SkipReason.UNHEALTHY || o.skip == SkipReason.CIRCUIT_OPEN || o.skip == SkipReason.THROTTLED) {
                return null;
            }
            if (o.refusal != null && (cheapest == null || o.costUsd < cheapest.costUsd)) {
                cheapest = o;
            }
        }
        if (cheapest == null) {
            return null;
        }
        UsageLedger.Refusal r = cheapest.refusal;
        Duration wait = Duration.ofMillis(Math.max(0, r.resetsAt().toEpochMilli() - now()));
        return new BudgetExceededException(r.message(), r.resetsAt(), wait, decision);
    }

    private RoutingException noCandidate(String what, Requirements needs, Ranking ranking, RouteDecision decision) {
        long now = now();
        if (ranking.all().isEmpty()) {
            return new RoutingException(ProviderException.Kind.UNAVAILABLE, "no LLM provider is registered"
                    + " that could serve " + what, null, decision, List.of());
        }
        boolean anyTransient = false;
        long until = Long.MAX_VALUE;
        for (Option o : ranking.all()) {
            if (o.skip == SkipReason.CIRCUIT_OPEN || o.skip == SkipReason.THROTTLED || o.skip == SkipReason.UNHEALTHY) {
                anyTransient = true;
                long u = o.breaker.blockedUntil(now);
                if (u > now) {
                    until = Math.min(until, u);
                }
            }
        }
        String reasons = ranking.all().stream().map(o -> o.target + " " + o.detail).collect(Collectors.joining("; "));
        String message = "no model can serve " + what + " (needs " + needs.capabilities() + ", ~"
                + needs.estimatedInputTokens() + " prompt tokens): " + reasons;
        return new RoutingException(anyTransient ? ProviderException.Kind.UNAVAILABLE
                : ProviderException.Kind.BAD_REQUEST, message,
                until == Long.MAX_VALUE ? null : Duration.ofMillis(until - now), decision, List.of());
    }

    /** Counts a failure against the model; a refused key locks out every model of the provider. */
    void failed(Option o, ProviderException e, boolean probe, String label) {
        long now = now();
        RouterSettings s = settings;
        boolean opened = o.breaker.failed(now, e, probe, s);
        if (e.kind() == ProviderException.Kind.UNAUTHORIZED) {
            for (ModelInfo m : modelsOf(o.providerId, o.provider)) {
                opened |= breakers.of(o.providerId, o.provider, m.id()).lockOut(now, s);
            }
        }
        if (opened) {
            LOG.warn("{}: circuit of {} opened after {} ({})", label, e.kind() == ProviderException.Kind.UNAUTHORIZED
                    ? "every model of " + o.providerId : o.target, e.kind(), e.getMessage());
        }
    }

    void record(RoutedRequest request, Option o, Usage usage) {
        if (usage == null) {
            return;
        }
        BigDecimal cost = Prices.cost(o.model, usage);
        try {
            ledger.record(request.scope(), request.requestId(), o.target, usage, cost);
        } catch (RuntimeException e) {
            LOG.warn("request {}: recording usage failed", StudioIds.printable(request.requestId()), e);
        }
    }

    /** Whether {@code o}'s provider is still the one registered under its id. */
    boolean registered(Option o) {
        return registry.get(o.providerId).orElse(null) == o.provider;
    }

    private static List<ModelInfo> modelsOf(String id, LlmProvider p) {
        try {
            List<ModelInfo> models = p.models();
            return models == null ? List.of() : models;
        } catch (RuntimeException e) {
            LOG.warn("provider '{}' failed to list its models; skipping it", id, e);
            return List.of();
        }
    }

    private static boolean offline(LlmProvider p) {
        try {
            return p.offline();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The breakers per provider and model; a new instance of a provider (new configuration) starts afresh. */
    static final class Breakers {

        private record PerProvider(LlmProvider instance, ConcurrentHashMap<String, CircuitBreaker> byModel) {
        }

        private final ConcurrentHashMap<String, PerProvider> byProvider = new ConcurrentHashMap<>();

        CircuitBreaker of(String providerId, LlmProvider instance, String modelId) {
            PerProvider p = byProvider.get(providerId);
            if (p == null || p.instance() != instance) {
                p = byProvider.compute(providerId, (k, old) -> old != null && old.instance() == instance ? old
                        : new PerProvider(instance, new ConcurrentHashMap<>()));
            }
            CircuitBreaker b = p.byModel().get(modelId);
            return b != null ? b : p.byModel().computeIfAbsent(modelId, k -> new CircuitBreaker());
        }

        CircuitBreaker peek(String providerId, LlmProvider instance, String modelId) {
            PerProvider p = byProvider.get(providerId);
            return p == null || p.instance() != instance ? null : p.byModel().get(modelId);
        }
    }
}
