package io.coditect.studio.core.internal.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.coditect.studio.api.sandbox.NetworkPolicy;
import io.coditect.studio.api.sandbox.Sandbox;
import io.coditect.studio.api.sandbox.SandboxDriver;
import io.coditect.studio.api.sandbox.SandboxSpec;
import io.coditect.studio.api.session.SandboxPoolStatus;
import io.coditect.studio.core.internal.egress.EgressFilters;
import io.coditect.studio.core.internal.egress.EgressPolicy;
import io.coditect.studio.core.internal.egress.EgressProxy;
import io.coditect.studio.core.internal.workspace.FileTrees;

/**
 * Pre-created sandboxes per {@link PoolKey}, each with an empty workspace of its own, so a session
 * starts without waiting for its driver. Each pool keeps as many ready as sessions took from it in
 * the last minute (at least {@code minIdle} for the default spec, at most {@code maxIdle}); idle
 * sandboxes beyond that are stopped after {@code idleTtl}. Creation happens on the given executor.
 */
final class SandboxPool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxPool.class);
    private static final Duration DEMAND_WINDOW = Duration.ofMinutes(1);

    /** Pool sizes; {@code maxIdle} 0 turns pooling off. */
    record Settings(int minIdle, int maxIdle, Duration idleTtl) {
        static final Settings DEFAULTS = new Settings(2, 8, Duration.ofMinutes(10));
    }

    private final Path poolDir;
    private final ExecutorService creator;
    private final Clock clock;
    private final Function<String, SandboxDriver> drivers;
    private final EgressFilters egress;
    private volatile Settings settings;
    private final Map<PoolKey, Pool> pools = new ConcurrentHashMap<>();
    private final Map<Sandbox, EgressProxy> filters = new ConcurrentHashMap<>();
    private volatile boolean closed;

    SandboxPool(Path poolDir, ExecutorService creator, Clock clock, Function<String, SandboxDriver> drivers,
            EgressFilters egress, Settings settings) {
        this.egress = egress;
        this.poolDir = poolDir;
        this.creator = creator;
        this.clock = clock;
        this.drivers = drivers;
        this.settings = settings;
    }

    void update(Settings newSettings) {
        this.settings = newSettings;
        pools.values().forEach(Pool::refill);
    }

    /** Keeps {@code minIdle} sandboxes of {@code key} ready from now on. */
    void warm(PoolKey key) {
        pool(key).pinned = true;
        pool(key).refill();
    }

    /**
     * A running sandbox of {@code key} with an empty workspace, a pre-created one when ready; a
     * FILTERED one goes out under {@code policy} from now on ({@code who} names it in logs).
     */
    Sandbox take(SandboxDriver driver, PoolKey key, EgressPolicy policy, String who) {
        Pool p = pool(key);
        Sandbox s = p.poll();
        p.refill();
        if (s != null) {
            p.hits.incrementAndGet();
        } else {
            p.misses.incrementAndGet();
            s = create(driver, key);
        }
        EgressProxy filter = filters.get(s);
        if (filter != null) {
            filter.assign(policy, who);
        }
        return s;
    }

    /** Stops a sandbox this pool created, with its egress filter; deletes its workspace when asked. */
    void release(Sandbox s, boolean deleteWorkspace) {
        try {
            s.stop();
        } catch (RuntimeException e) {
            LOG.warn("stopping sandbox {} failed: {}", s.id(), e.getMessage());
        }
        EgressProxy filter = filters.remove(s);
        if (filter != null) {
            filter.close();
        }
        if (deleteWorkspace) {
            FileTrees.deleteQuietly(s.workspace());
        }
    }

    List<SandboxPoolStatus> status() {
        List<SandboxPoolStatus> out = new ArrayList<>();
        pools.forEach((k, p) -> out.add(p.status()));
        out.sort(java.util.Comparator.comparing(SandboxPoolStatus::driverId)
                .thenComparing(s -> String.valueOf(s.image())));
        return out;
    }

    /** Stops idle sandboxes beyond each pool's target that waited longer than the idle time. */
    void trim() {
        pools.values().forEach(Pool::trim);
    }

    private Pool pool(PoolKey key) {
        return pools.computeIfAbsent(key, Pool::new);
    }

    private Sandbox create(SandboxDriver driver, PoolKey key) {
        Path workspace = poolDir.resolve(UUID.randomUUID().toString());
        try {
            Files.createDirectories(workspace);
        } catch (IOException e) {
            throw new io.coditect.studio.api.sandbox.SandboxException(
                    io.coditect.studio.api.sandbox.SandboxException.Kind.UNAVAILABLE,
                    "cannot create the workspace folder " + workspace + ": " + e.getMessage(), e);
        }
        EgressProxy filter = null;
        try {
            List<SandboxSpec.Mount> mounts = List.of();
            if (key.network() == NetworkPolicy.FILTERED) {
                filter = egress.open();
                mounts = List.of(new SandboxSpec.Mount(filter.socket(), SandboxSpec.EGRESS_SOCKET, false));
            }
            Sandbox s = driver.create(new SandboxSpec(key.image(), workspace, key.limits(), key.network(), mounts,
                    Map.of()));
            if (filter != null) {
                filters.put(s, filter);
            }
            return s;
        } catch (IOException | RuntimeException e) {
            if (filter != null) {
                filter.close();
            }
            FileTrees.deleteQuietly(workspace);
            if (e instanceof IOException) {
                throw new io.coditect.studio.api.sandbox.SandboxException(
                        io.coditect.studio.api.sandbox.SandboxException.Kind.UNAVAILABLE,
                        "cannot open the sandbox's egress filter: " + e.getMessage(), e);
            }
            throw (RuntimeException) e;
        }
    }

    @Override
    public void close() {
        closed = true;
        pools.values().forEach(Pool::drain);
    }

    private record Idle(Sandbox sandbox, Instant since) {
    }

    private final class Pool {
        final PoolKey key;
        final Deque<Idle> idle = new ArrayDeque<>();
        final Deque<Instant> takes = new ArrayDeque<>();
        final AtomicLong hits = new AtomicLong();
        final AtomicLong misses = new AtomicLong();
        final AtomicLong created = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        volatile String lastError;
        volatile boolean pinned;
        int creating;

        Pool(PoolKey key) {
            this.key = key;
        }

        synchronized Sandbox poll() {
            takes.addLast(clock.instant());
            while (!idle.isEmpty()) {
                Sandbox s = idle.pollFirst().sandbox();
                if (s.isRunning()) {
                    return s;
                }
                discard(s); // died while waiting
            }
            return null;
        }

        synchronized int target() {
            Instant since = clock.instant().minus(DEMAND_WINDOW);
            while (!takes.isEmpty() && takes.peekFirst().isBefore(since)) {
                takes.pollFirst();
            }
            Settings s = settings;
            int wanted = Math.max(takes.size(), pinned ? s.minIdle() : 0);
            return Math.min(wanted, s.maxIdle());
        }

        void refill() {
            int missing;
            synchronized (this) {
                missing = closed ? 0 : target() - idle.size() - creating;
                creating += Math.max(missing, 0);
            }
            for (int i = 0; i < missing; i++) {
                creator.execute(this::createOne);
            }
        }

        private void createOne() {
            Sandbox s = null;
            try {
                SandboxDriver d = drivers.apply(key.driverId());
                if (d != null && !closed) {
                    s = create(d, key);
                    created.incrementAndGet();
                }
            } catch (RuntimeException e) {
                failures.incrementAndGet();
                lastError = e.getMessage();
                LOG.warn("warm pool of driver '{}': creating a sandbox failed: {}", key.driverId(), e.getMessage());
            }
            synchronized (this) {
                creating--;
                if (s != null) {
                    if (closed) {
                        discard(s);
                    } else {
                        idle.addLast(new Idle(s, clock.instant()));
                    }
                }
            }
        }

        synchronized void trim() {
            Instant old = clock.instant().minus(settings.idleTtl());
            int keep = target();
            while (idle.size() > keep && idle.peekFirst().since().isBefore(old)) {
                discard(idle.pollFirst().sandbox());
            }
            if (idle.size() + creating < keep) {
                creator.execute(this::refill);
            }
        }

        synchronized void drain() {
            while (!idle.isEmpty()) {
                discard(idle.pollFirst().sandbox());
            }
        }

        synchronized SandboxPoolStatus status() {
            return new SandboxPoolStatus(key.driverId(), key.image(), idle.size(), target(), hits.get(),
                    misses.get(), created.get(), failures.get(), lastError);
        }

        private void discard(Sandbox s) {
            release(s, true);
        }
    }
}
