package io.coditect.studio.core.internal.session;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import io.coditect.studio.api.Health;
import io.coditect.studio.api.registry.PluginDescriptor;
import io.coditect.studio.api.registry.SandboxRegistry;
import io.coditect.studio.api.sandbox.ExecHandle;
import io.coditect.studio.api.sandbox.ExecListener;
import io.coditect.studio.api.sandbox.ExecRequest;
import io.coditect.studio.api.sandbox.ExecResult;
import io.coditect.studio.api.sandbox.Sandbox;
import io.coditect.studio.api.sandbox.SandboxDriver;
import io.coditect.studio.api.sandbox.SandboxException;
import io.coditect.studio.api.sandbox.SandboxSpec;
import io.coditect.studio.api.sandbox.SandboxStats;

/**
 * A sandbox driver for the session service's own rules (who may open, run, stop; timeouts): every
 * command prints its argv and exits 0. The real drivers have their own test suites, and the
 * studio's itest opens a session on the process driver.
 */
final class EchoDriver implements SandboxDriver, SandboxRegistry {

    final List<EchoSandbox> created = new CopyOnWriteArrayList<>();
    volatile boolean failing;

    final class EchoSandbox implements Sandbox {
        final SandboxSpec spec;
        final Path workspace;
        volatile boolean running = true;

        EchoSandbox(SandboxSpec spec) {
            this.spec = spec;
            this.workspace = spec.workspace();
        }

        @Override
        public String id() {
            return "echo-" + created.indexOf(this);
        }

        @Override
        public String driverId() {
            return EchoDriver.this.id();
        }

        @Override
        public Path workspace() {
            return workspace;
        }

        @Override
        public ExecHandle exec(ExecRequest request, ExecListener listener) {
            if (!running) {
                throw new SandboxException(SandboxException.Kind.STOPPED, "stopped");
            }
            listener.onOutput(ExecListener.Stream.STDOUT,
                    String.join(" ", request.command()).getBytes(StandardCharsets.UTF_8));
            ExecResult result = new ExecResult(request.command().get(0).equals("false") ? 1 : 0,
                    ExecResult.Termination.EXITED, Duration.ZERO, "");
            listener.onExit(result);
            return new ExecHandle() {
                @Override
                public OutputStream stdin() {
                    return new ByteArrayOutputStream();
                }

                @Override
                public void cancel() {
                }

                @Override
                public CompletionStage<ExecResult> result() {
                    return CompletableFuture.completedFuture(result);
                }
            };
        }

        @Override
        public SandboxStats stats() {
            return new SandboxStats(0, 0, 0, 0);
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public void stop() {
            running = false;
        }
    }

    @Override
    public String id() {
        return "echo";
    }

    @Override
    public String displayName() {
        return "Echo";
    }

    @Override
    public Health health() {
        return Health.up();
    }

    @Override
    public Sandbox create(SandboxSpec spec) {
        if (failing) {
            throw new SandboxException(SandboxException.Kind.UNAVAILABLE, "bubblewrap is not installed");
        }
        EchoSandbox s = new EchoSandbox(spec);
        created.add(s);
        return s;
    }

    @Override
    public List<PluginDescriptor> describe() {
        return List.of();
    }

    @Override
    public Optional<SandboxDriver> get(String id) {
        return id().equals(id) ? Optional.of(this) : Optional.empty();
    }

    @Override
    public List<SandboxDriver> all() {
        return List.of(this);
    }

    @Override
    public Instant since() {
        return Instant.EPOCH;
    }
}
