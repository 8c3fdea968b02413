package io.coditect.studio.api.sandbox;

import java.nio.file.Path;

import org.osgi.annotation.versioning.ConsumerType;

/** A running sandbox. Thread-safe. */
@ConsumerType
public interface Sandbox extends AutoCloseable {

    String id();

    /** The driver that created it. */
    String driverId();

    /**
     * The host folder seen inside the sandbox as {@link SandboxSpec#WORKSPACE}; files are read and
     * written through it.
     */
    Path workspace();

    /**
     * Starts a command. Returns at once.
     *
     * @throws SandboxException when the sandbox is stopped or the command cannot start
     */
    ExecHandle exec(ExecRequest request, ExecListener listener);

    /** Resource use right now. */
    SandboxStats stats();

    boolean isRunning();

    /** Kills every process of the sandbox and releases its resources. Idempotent. */
    void stop();

    @Override
    default void close() {
        stop();
    }
}
