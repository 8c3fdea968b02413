package io.coditect.studio.api.routing;

import java.util.Objects;

import io.coditect.studio.api.llm.ChatRequest;

/**
 * A chat request for the router: what to ask, what kind of work it is, what to try first and what
 * the tenant allows.
 *
 * @param requestId identifies the request in logs, events and usage records; not blank
 * @param chat      what to ask. A blank {@link ChatRequest#model()} lets the router choose; a model
 *                  id there is tried first (as if {@code preferred} named it) but other models may
 *                  answer when it cannot
 * @param task      the kind of work; with the content it decides which capabilities a model needs
 * @param preferred a provider, or a provider and model, to try first; null for none
 * @param policy    what the tenant allows; {@link TenantPolicy#OPEN} when null
 * @param scope     whom the usage is counted against; {@link UsageScope#NONE} when null
 */
public record RoutedRequest(String requestId, ChatRequest chat, TaskType task, ModelRef preferred,
        TenantPolicy policy, UsageScope scope) {

    public RoutedRequest {
        Objects.requireNonNull(requestId, "requestId");
        if (requestId.isBlank()) {
            throw new IllegalArgumentException("requestId must not be blank");
        }
        Objects.requireNonNull(chat, "chat");
        Objects.requireNonNull(task, "task");
        policy = policy == null ? TenantPolicy.OPEN : policy;
        scope = scope == null ? UsageScope.NONE : scope;
    }

    /** A {@link TaskType#CHAT} request with no preference, no restriction and no scope. */
    public static RoutedRequest of(String requestId, ChatRequest chat) {
        return new RoutedRequest(requestId, chat, TaskType.CHAT, null, TenantPolicy.OPEN, UsageScope.NONE);
    }

    public RoutedRequest withChat(ChatRequest chat) {
        return new RoutedRequest(requestId, chat, task, preferred, policy, scope);
    }

    public RoutedRequest withRequestId(String requestId) {
        return new RoutedRequest(requestId, chat, task, preferred, policy, scope);
    }

    public RoutedRequest withTask(TaskType task) {
        return new RoutedRequest(requestId, chat, task, preferred, policy, scope);
    }

    public RoutedRequest withPreferred(ModelRef preferred) {
        return new RoutedRequest(requestId, chat, task, preferred, policy, scope);
    }

    public RoutedRequest withPolicy(TenantPolicy policy) {
        return new RoutedRequest(requestId, chat, task, preferred, policy, scope);
    }

    public RoutedRequest withScope(UsageScope scope) {
        return new RoutedRequest(requestId, chat, task, preferred, policy, scope);
    }
}
