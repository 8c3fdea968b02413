package io.coditect.studio.api.routing;

import org.osgi.annotation.versioning.ConsumerType;

/** Hands out the listener of each answer of a fan-out. */
@ConsumerType
@FunctionalInterface
public interface MoeListener {

    /**
     * The listener of {@code target}'s answer, asked once per target, in the order of the targets,
     * before {@link LlmRouter#fanOut} returns; null when only the collected answer matters.
     * Answers stream concurrently, each to its own listener.
     */
    RouteListener answerListener(ModelRef target);
}
