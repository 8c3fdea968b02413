/**
 * The sandbox SPI: a {@link io.coditect.studio.api.sandbox.SandboxDriver} creates isolated
 * {@link io.coditect.studio.api.sandbox.Sandbox}es in which commands run with limits on CPU,
 * memory, disk and processes, and with a network policy.
 *
 * <p>Threading: {@code exec} returns at once; output is delivered on a driver thread, stdout and
 * stderr chunks in the order they were read, then exactly one {@code onExit}.
 */
@Version("1.2.0")
@Export
package io.coditect.studio.api.sandbox;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
