package io.coditect.studio.api.sandbox;

import org.osgi.annotation.versioning.ProviderType;

/** Receives the output of one command. Implemented by the core; drivers only call it. */
@ProviderType
public interface ExecListener {

    enum Stream {
        STDOUT,
        STDERR
    }

    /** A chunk of output; the array is not reused by the driver after the call. */
    void onOutput(Stream stream, byte[] chunk);

    /** The command ended; nothing follows. */
    void onExit(ExecResult result);
}
