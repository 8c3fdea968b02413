package io.coditect.studio.api.session;

/**
 * The warm pool of one sandbox driver and spec (image, limits, network).
 *
 * @param driverId   the driver
 * @param image      the image, or null for the driver's default
 * @param idle       pre-created sandboxes waiting now
 * @param target     how many it keeps ready, adapted to recent demand
 * @param hits       sessions that got a pre-created sandbox
 * @param misses     sessions that had to wait for one to be created
 * @param created    sandboxes created for the pool
 * @param failures   creations that failed
 * @param lastError  the last creation failure, or null
 */
public record SandboxPoolStatus(String driverId, String image, int idle, int target, long hits, long misses,
        long created, long failures, String lastError) {
}
