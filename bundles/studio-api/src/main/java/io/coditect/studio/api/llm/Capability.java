package io.coditect.studio.api.llm;

/** What a model can do; the router skips models that lack a capability a request needs. */
public enum Capability {
    CHAT,
    CODE,
    TOOLS,
    VISION,
    LONG_CONTEXT,
    REASONING
}
