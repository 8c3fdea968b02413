package io.coditect.studio.api.llm;

/** Author of a message in a conversation. */
public enum ChatRole {
    USER,
    ASSISTANT,
    /** Results of tool calls, fed back to the model. */
    TOOL
}
