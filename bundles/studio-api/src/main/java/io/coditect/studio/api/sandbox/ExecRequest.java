package io.coditect.studio.api.sandbox;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A command to run in a sandbox.
 *
 * @param command argv; the first element is looked up on the sandbox's PATH
 * @param workdir working folder inside the sandbox; null for {@link SandboxSpec#WORKSPACE}
 * @param env     extra environment
 * @param timeout the whole process tree is killed after this long; null for no timeout
 */
public record ExecRequest(List<String> command, String workdir, Map<String, String> env, Duration timeout) {

    public ExecRequest {
        Objects.requireNonNull(command, "command");
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command is empty");
        }
        command = List.copyOf(command);
        env = env == null ? Map.of() : Map.copyOf(env);
    }

    public static ExecRequest of(String... command) {
        return new ExecRequest(List.of(command), null, Map.of(), null);
    }

    public ExecRequest withTimeout(Duration t) {
        return new ExecRequest(command, workdir, env, t);
    }
}
