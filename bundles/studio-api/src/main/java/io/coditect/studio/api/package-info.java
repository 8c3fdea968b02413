/**
 * Types shared by every SPI of CODITECT Studio: component health and the service properties
 * that identify a plugin instance.
 */
@Version("1.0.0")
@Export
package io.coditect.studio.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
