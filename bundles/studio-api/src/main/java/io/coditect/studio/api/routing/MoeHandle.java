package io.coditect.studio.api.routing;

import java.util.List;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/** Control over a running fan-out. */
@ProviderType
public interface MoeHandle {

    /** The targets, in the order given. */
    List<ModelRef> targets();

    /**
     * Completes, never exceptionally, once every answer has ended (after the terminal event of the
     * last one), with one answer per target in the order of {@link #targets()}, failed ones
     * included. Completed on the thread of that last event: use the async methods for slow work.
     */
    CompletionStage<List<MoeAnswer>> answers();

    /** Cancels every answer still running. Idempotent. */
    void cancel();
}
