package io.coditect.studio.provider.gemini.internal;

import java.io.IOException;
import java.util.Set;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import io.coditect.studio.api.llm.ProviderException.Kind;
import io.coditect.studio.api.llm.StopReason;
import io.coditect.studio.api.llm.Usage;
import io.coditect.studio.provider.support.Json;
import io.coditect.studio.provider.support.SseEvent;
import io.coditect.studio.provider.support.SseEventHandler;
import io.coditect.studio.provider.support.StreamSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps the chunks of {@code streamGenerateContent?alt=sse} to listener events; one instance per
 * stream. Each SSE event's data is one {@code GenerateContentResponse}; there is no final event,
 * the body simply ends after the chunk that carries {@code finishReason}.
 *
 * <table>
 * <caption>Chunk mapping (first candidate only)</caption>
 * <tr><td>any chunk</td><td>{@code onStart} with {@code modelVersion} (once)</td></tr>
 * <tr><td>{@code text} part</td><td>{@code onTextDelta}; thought-summary parts ({@code "thought": true}) are
 * skipped</td></tr>
 * <tr><td>{@code functionCall} part (arrives whole)</td><td>{@code onToolCallStart(n, id, name)},
 * {@code onToolCallDelta(n, args as JSON)}, {@code onToolCallEnd(n)}; n counts the calls of the answer
 * from 0; the id is Gemini's {@code functionCall.id}, or {@code <prefix>_<n>} when it gives none. Its
 * {@code thoughtSignature} is remembered in {@link ThoughtSignatures}.</td></tr>
 * <tr><td>{@code usageMetadata}</td><td>remembered; {@code onUsage} once, before the end</td></tr>
 * <tr><td>{@code finishReason}</td><td>remembered; the stream completes when the body ends</td></tr>
 * <tr><td>{@code promptFeedback.blockReason}</td><td>the prompt was blocked: REFUSAL</td></tr>
 * <tr><td>{@code error} object</td><td>{@code onError} (see {@link GeminiErrors#streamError})</td></tr>
 * </table>
 *
 * Stop reasons: {@code STOP} (and {@code OTHER}, unknown) → END_TURN, or TOOL_USE when the answer
 * had function calls; {@code MAX_TOKENS} → MAX_TOKENS; {@code SAFETY}, {@code RECITATION},
 * {@code BLOCKLIST}, {@code PROHIBITED_CONTENT}, {@code SPII}, {@code LANGUAGE}, {@code IMAGE_…},
 * {@code MODEL_ARMOR} → REFUSAL; {@code MALFORMED_FUNCTION_CALL}, {@code UNEXPECTED_TOOL_CALL},
 * {@code TOO_MANY_TOOL_CALLS} → a failure (UNAVAILABLE, so the router may retry; CUT_MID_STREAM
 * once output was sent), since the answer is unusable. A body that ends without a
 * {@code finishReason} is a broken stream (UNAVAILABLE, or CUT_MID_STREAM after output).
 *
 * <p>Usage: input = {@code promptTokenCount + toolUsePromptTokenCount}, output =
 * {@code candidatesTokenCount + thoughtsTokenCount} (Gemini bills thinking as output), cached =
 * {@code cachedContentTokenCount} (part of {@code promptTokenCount}); the last chunk's values count.
 */
final class GeminiStreamHandler implements SseEventHandler {

    private static final Logger LOG = LoggerFactory.getLogger(GeminiStreamHandler.class);

    /** Keeps numbers exactly as sent, so that tool arguments are passed on unchanged. */
    private static final ObjectReader READER = Json.MAPPER.reader()
            .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES);

    static final Set<String> REFUSALS = Set.of("SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII",
            "LANGUAGE", "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION", "MODEL_ARMOR");

    static final Set<String> BROKEN_CALLS = Set.of("MALFORMED_FUNCTION_CALL", "UNEXPECTED_TOOL_CALL",
            "TOO_MANY_TOOL_CALLS");

    private final String model;
    private final ThoughtSignatures signatures;
    private final String callIdPrefix;

    private int nextTool;
    private String finishReason;
    private String finishMessage;
    private String blockReason;
    private boolean usageSeen;
    private long promptTokens;
    private long toolUsePromptTokens;
    private long candidatesTokens;
    private long thoughtsTokens;
    private long cachedTokens;

    /**
     * @param model        the model requested, under which thought signatures are remembered
     * @param callIdPrefix generated call ids are {@code <callIdPrefix>_<n>}
     */
    GeminiStreamHandler(String model, ThoughtSignatures signatures, String callIdPrefix) {
        this.model = model;
        this.signatures = signatures;
        this.callIdPrefix = callIdPrefix;
    }

    @Override
    public void onEvent(SseEvent event, StreamSink sink) {
        JsonNode node = parse(event, sink);
        if (node.path("error").isObject()) {
            sink.fail(GeminiErrors.streamError(sink.providerId(), node));
            return;
        }
        sink.start(Json.text(node, "modelVersion", null));
        readUsage(node.path("usageMetadata"));
        String blocked = Json.text(node.path("promptFeedback"), "blockReason", null);
        if (blocked != null) {
            blockReason = blocked;
        }
        JsonNode candidate = node.path("candidates").path(0);
        for (JsonNode part : candidate.path("content").path("parts")) {
            if (part.path("thought").asBoolean(false)) {
                continue;
            }
            if (part.path("functionCall").isObject()) {
                functionCall(part, sink);
            } else if (part.path("text").isTextual()) {
                sink.text(part.get("text").asText());
            }
            // inlineData, executableCode, codeExecutionResult, …: not part of a text answer
        }
        String finish = Json.text(candidate, "finishReason", null);
        if (finish != null) {
            finishReason = finish;
            finishMessage = Json.text(candidate, "finishMessage", null);
        }
    }

    @Override
    public void onEnd(StreamSink sink) {
        if (usageSeen) {
            sink.usage(new Usage(promptTokens + toolUsePromptTokens, candidatesTokens + thoughtsTokens, cachedTokens));
        }
        if (blockReason != null) {
            LOG.debug("{}: the prompt was blocked ({})", sink.providerId(), blockReason);
            sink.complete(StopReason.REFUSAL);
        } else if (finishReason == null) {
            sink.fail(sink.error(Kind.UNAVAILABLE, "the response ended before a chunk with finishReason"));
        } else if (BROKEN_CALLS.contains(finishReason)) {
            sink.fail(sink.error(Kind.UNAVAILABLE, "the model produced an unusable function call (finishReason "
                    + finishReason + (finishMessage == null ? "" : ": " + finishMessage) + ")"));
        } else {
            sink.complete(stopReason(finishReason, nextTool > 0));
        }
    }

    static StopReason stopReason(String finishReason, boolean calledFunctions) {
        if (finishReason.equals("MAX_TOKENS")) {
            return StopReason.MAX_TOKENS;
        }
        if (REFUSALS.contains(finishReason)) {
            return StopReason.REFUSAL;
        }
        // STOP, OTHER, FINISH_REASON_UNSPECIFIED and reasons added later
        return calledFunctions ? StopReason.TOOL_USE : StopReason.END_TURN;
    }

    private void functionCall(JsonNode part, StreamSink sink) {
        JsonNode call = part.get("functionCall");
        int index = nextTool++;
        String id = Json.text(call, "id", "");
        if (id.isBlank()) {
            id = callIdPrefix + "_" + index;
        }
        JsonNode args = call.get("args");
        String arguments = args == null || args.isNull() ? "{}" : args.toString();
        sink.toolCallStart(index, id, Json.text(call, "name", ""));
        sink.toolCallDelta(index, arguments);
        sink.toolCallEnd(index);
        signatures.put(model, id, Json.text(part, "thoughtSignature", null));
    }

    private void readUsage(JsonNode usage) {
        if (!usage.isObject()) {
            return;
        }
        usageSeen = true;
        promptTokens = usage.path("promptTokenCount").asLong(promptTokens);
        toolUsePromptTokens = usage.path("toolUsePromptTokenCount").asLong(toolUsePromptTokens);
        candidatesTokens = usage.path("candidatesTokenCount").asLong(candidatesTokens);
        thoughtsTokens = usage.path("thoughtsTokenCount").asLong(thoughtsTokens);
        cachedTokens = usage.path("cachedContentTokenCount").asLong(cachedTokens);
    }

    private static JsonNode parse(SseEvent event, StreamSink sink) {
        try {
            JsonNode node = READER.readTree(event.data());
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (IOException e) {
            // reported below
        }
        return Json.eventObject(sink.providerId(), event); // throws the UNAVAILABLE failure for a malformed chunk
    }
}
