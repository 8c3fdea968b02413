/** A third-party provider plugin; exports nothing. */
package io.coditect.studio.itests.provider;
