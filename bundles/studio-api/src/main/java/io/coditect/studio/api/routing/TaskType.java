package io.coditect.studio.api.routing;

import io.coditect.studio.api.llm.Capability;

/**
 * The kind of work a request is. Each type requires the {@link Capability} of the same name; the
 * router adds what the content needs whatever the type: {@link Capability#VISION} for images,
 * {@link Capability#TOOLS} when tools are offered or tool calls are in the conversation, and a
 * context window that holds the estimated prompt plus {@code maxTokens}.
 */
public enum TaskType {
    CHAT(Capability.CHAT),
    CODE(Capability.CODE),
    LONG_CONTEXT(Capability.LONG_CONTEXT),
    VISION(Capability.VISION),
    TOOLS(Capability.TOOLS);

    private final Capability capability;

    TaskType(Capability capability) {
        this.capability = capability;
    }

    /** The capability every model serving this type of task needs. */
    public Capability capability() {
        return capability;
    }
}
