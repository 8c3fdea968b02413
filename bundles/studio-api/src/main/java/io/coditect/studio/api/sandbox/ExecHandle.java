package io.coditect.studio.api.sandbox;

import java.io.OutputStream;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;

/** A running command. */
@ConsumerType
public interface ExecHandle {

    /** The command's standard input; closing it sends end-of-file. */
    OutputStream stdin();

    /** Kills the command's whole process tree; the result then reports CANCELLED. Idempotent. */
    void cancel();

    /** Completes with the result, after the last output chunk was delivered. */
    CompletionStage<ExecResult> result();
}
