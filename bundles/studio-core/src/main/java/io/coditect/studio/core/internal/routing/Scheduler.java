package io.coditect.studio.core.internal.routing;

import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Where the router runs retries, fallbacks and its own events; tests drive it by hand. */
@FunctionalInterface
interface Scheduler {

    /**
     * Runs {@code task} on a router thread after {@code delayMillis} (0: soon).
     *
     * @throws RejectedExecutionException when the router has stopped
     */
    Future<?> schedule(Runnable task, long delayMillis);

    static Scheduler of(ScheduledExecutorService executor) {
        return (task, delayMillis) -> executor.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    }
}
