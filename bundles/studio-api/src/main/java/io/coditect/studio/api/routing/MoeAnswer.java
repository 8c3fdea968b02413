package io.coditect.studio.api.routing;

import java.util.List;
import java.util.Objects;

import io.coditect.studio.api.llm.ContentPart;
import io.coditect.studio.api.llm.ProviderException;
import io.coditect.studio.api.llm.ResponseInfo;
import io.coditect.studio.api.llm.StopReason;
import io.coditect.studio.api.llm.Usage;

/**
 * One answer of a fan-out, collected whole.
 *
 * @param target     the target it was asked of
 * @param info       who answered, or null when no provider started an answer
 * @param text       the answer text (partial when it failed mid-answer)
 * @param toolCalls  the tool calls it made, complete or not
 * @param usage      the last usage reported, or null
 * @param stopReason why it ended, or null when it failed
 * @param error      the failure, or null when it completed
 */
public record MoeAnswer(ModelRef target, ResponseInfo info, String text, List<ContentPart.ToolCall> toolCalls,
        Usage usage, StopReason stopReason, ProviderException error) {

    public MoeAnswer {
        Objects.requireNonNull(target, "target");
        text = text == null ? "" : text;
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    /** Completed and not cancelled. */
    public boolean succeeded() {
        return error == null && stopReason != null && stopReason != StopReason.CANCELLED;
    }
}
