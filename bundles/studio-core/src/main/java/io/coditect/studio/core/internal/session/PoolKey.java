package io.coditect.studio.core.internal.session;

import io.coditect.studio.api.sandbox.NetworkPolicy;
import io.coditect.studio.api.sandbox.ResourceLimits;

/** Sandboxes that can stand in for each other: same driver, image, limits and network. */
record PoolKey(String driverId, String image, ResourceLimits limits, NetworkPolicy network) {
}
