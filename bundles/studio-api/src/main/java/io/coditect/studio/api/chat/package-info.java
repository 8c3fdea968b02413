/**
 * The live events of a session (SDD §2.1, §4.2): one ordered stream per session that every
 * participant sees the same way, over SSE or WebSocket. Each {@link io.coditect.studio.api.chat.SessionEvent}
 * has a per-session sequence number; a client that reconnects with the last number it saw gets
 * every later event once, or a {@link io.coditect.studio.api.chat.EventType#RESYNC} when those are
 * no longer kept.
 */
@Version("1.1.0")
@Export
package io.coditect.studio.api.chat;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
