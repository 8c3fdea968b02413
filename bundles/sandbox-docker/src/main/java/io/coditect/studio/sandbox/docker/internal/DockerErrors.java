package io.coditect.studio.sandbox.docker.internal;

import com.github.dockerjava.api.exception.DockerException;

/** Turns docker-java's failures into sentences for people. */
final class DockerErrors {

    private DockerErrors() {
    }

    /** The engine's own message when it gave one (docker-java wraps it as "Status 500: {...}"). */
    static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root && !(root instanceof DockerException)) {
            root = root.getCause();
        }
        String m = root.getMessage();
        if (m == null || m.isBlank()) {
            m = root.getClass().getSimpleName();
        }
        m = m.strip();
        return m.length() > 500 ? m.substring(0, 500) + "…" : m;
    }
}
