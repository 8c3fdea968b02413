package io.coditect.studio.plugins.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;

/**
 * When bundles started, as seen from here: the framework keeps no start time, so the studio
 * records the STARTED events it witnesses. Bundles that started before this listener have none.
 */
final class StartTimes implements SynchronousBundleListener {

    private final Map<Long, Instant> started = new ConcurrentHashMap<>();
    private final Clock clock;

    StartTimes(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        long id = event.getBundle().getBundleId();
        switch (event.getType()) {
            case BundleEvent.STARTED -> started.put(id, clock.instant());
            case BundleEvent.STOPPED, BundleEvent.UNINSTALLED -> started.remove(id);
            default -> {
                // other transitions do not change when the bundle last started
            }
        }
    }

    /** When the bundle last started, or null when that was before the studio watched. */
    Instant of(long bundleId) {
        return started.get(bundleId);
    }
}
