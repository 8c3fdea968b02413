package io.coditect.studio.api.routing;

import java.util.List;

import io.coditect.studio.api.llm.StreamHandle;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Chooses a provider and model per request among the providers registered at that moment,
 * retries, falls back and keeps a circuit breaker per provider model. A service of the core.
 */
@ProviderType
public interface LlmRouter {

    /**
     * Streams an answer from the best model that qualifies (see {@link #explain}), moving on to the
     * next one when a model fails before its first content. Returns at once. The answer's events
     * come on the provider's thread; the router's own (switches, retries, its errors) on a router
     * thread, never on the calling thread inside this method. Events follow the contract of this
     * package. When no model qualifies, or all fail, the stream ends with a
     * {@link RoutingException}. Cancelling the handle cancels the running provider stream or the
     * pending retry.
     *
     * @throws IllegalStateException when the router has stopped
     */
    StreamHandle stream(RoutedRequest request, RouteListener listener);

    /** The candidates for {@code request} as they stand now, in the order they would be tried. */
    RouteDecision explain(RoutedRequest request);

    /** The circuit state of every model of every registered provider, ordered by provider and model. */
    List<ProviderState> states();

    /**
     * Sends one prompt to several targets at once and collects every answer. Each target is
     * routed on its own, restricted to that provider (and model, when named): it is retried but
     * never replaced by another target's provider, so a failure becomes that target's answer. The
     * request's preferred model is ignored; its policy applies.
     *
     * @param targets  distinct, not empty
     * @param listener hands out a listener per target
     * @throws IllegalArgumentException when {@code targets} is empty or names one target twice
     * @throws IllegalStateException    when the router has stopped
     */
    MoeHandle fanOut(RoutedRequest request, List<ModelRef> targets, MoeListener listener);

    /**
     * The judged merge of a fan-out: asks one model (chosen as for {@link #stream}; name it with
     * {@code request.preferred()}) to compare the successful answers to the request's conversation
     * and write the single best answer, which streams to {@code listener} as {@link #stream} does.
     * Failed answers are left out; the judge sees which model wrote each answer it is given.
     *
     * @param request the request the answers were given to
     * @param answers the answers of {@link MoeHandle#answers()}
     * @throws IllegalArgumentException when no answer succeeded, so there is nothing to merge
     * @throws IllegalStateException    when the router has stopped
     */
    StreamHandle merge(RoutedRequest request, List<MoeAnswer> answers, RouteListener listener);
}
