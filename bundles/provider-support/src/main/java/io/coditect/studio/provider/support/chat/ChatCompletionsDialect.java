package io.coditect.studio.provider.support.chat;

import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coditect.studio.api.llm.ChatMessage;
import io.coditect.studio.api.llm.ChatRequest;
import io.coditect.studio.api.llm.ModelInfo;
import io.coditect.studio.api.llm.ProviderException.Kind;
import io.coditect.studio.api.llm.StopReason;
import io.coditect.studio.api.llm.Usage;
import io.coditect.studio.provider.support.VendorError;

/**
 * The per-vendor quirks of an OpenAI Chat Completions endpoint. This class describes the standard
 * behaviour; an adapter subclasses it and overrides what its vendor does differently (Kimi's
 * temperature range, a {@code max_completion_tokens} field, error types that need another kind, …).
 * Instances must be immutable and thread-safe: one serves every stream of a provider.
 *
 * <p>Hooks for the request: {@link #maxTokensField}, {@link #temperature}, {@link #requestUsage},
 * {@link #customizeAssistantMessage}, {@link #customizeRequest}. For the stream:
 * {@link #usage}, {@link #stopReason}, {@link #streamErrorKind}. For HTTP failures:
 * {@link #httpErrorKind}. For the provider: {@link #apiKeyRequired}.
 */
public class ChatCompletionsDialect {

    /** The standard Chat Completions behaviour, as OpenAI documents it. */
    public static final ChatCompletionsDialect STANDARD = new ChatCompletionsDialect();

    /** {@code max_tokens}, the field most Chat Completions servers read. */
    public static final String MAX_TOKENS = "max_tokens";

    /** {@code max_completion_tokens}, the field newer OpenAI models (and Kimi) require. */
    public static final String MAX_COMPLETION_TOKENS = "max_completion_tokens";

    protected ChatCompletionsDialect() {
    }

    /**
     * Checks a configured request field name such as the max-tokens field.
     *
     * @param setting names the setting in the message, for example {@code maxTokensField}
     * @return the name without surrounding whitespace
     * @throws IllegalArgumentException unless a plain JSON field name (letters, digits, underscores)
     */
    public static String fieldName(String setting, String value) {
        String field = value == null ? "" : value.strip();
        if (!field.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
            throw new IllegalArgumentException(setting + " '" + io.coditect.studio.api.StudioIds.printable(field)
                    + "' is not a field name; use " + MAX_COMPLETION_TOKENS + " or " + MAX_TOKENS);
        }
        return field;
    }

    /**
     * Whether a request needs an API key. When true and none is configured, the provider is DOWN and
     * every stream fails UNAUTHORIZED without a request; when false, requests without a key carry no
     * {@code Authorization} header.
     */
    public boolean apiKeyRequired() {
        return true;
    }

    /** The name of the field carrying {@code ChatRequest.maxTokens()}; {@value #MAX_TOKENS} by default. */
    public String maxTokensField(ModelInfo model) {
        return MAX_TOKENS;
    }

    /**
     * The temperature to send for the requested one, or null to leave the field out (the vendor's
     * default). By default what was asked for.
     *
     * @param requested {@code ChatRequest.temperature()}, null when not set
     */
    public Double temperature(ModelInfo model, Double requested) {
        return requested;
    }

    /**
     * Whether to ask for token usage with {@code "stream_options": {"include_usage": true}}; true by
     * default. Turn it off for servers that refuse unknown fields.
     */
    public boolean requestUsage() {
        return true;
    }

    /**
     * Adjusts one {@code assistant} message of the request after the standard mapping (fields
     * {@code role}, {@code content}, {@code tool_calls}). Does nothing by default.
     *
     * @param message the wire message, to change in place
     * @param source  the message it was made from
     */
    public void customizeAssistantMessage(ObjectNode message, ChatMessage source, ModelInfo model) {
    }

    /** Adjusts the whole request body last, just before it is written. Does nothing by default. */
    public void customizeRequest(ObjectNode body, ChatRequest request, ModelInfo model) {
    }

    /**
     * Reads a {@code usage} object: {@code prompt_tokens}, {@code completion_tokens} and the cached
     * part of the prompt from {@code prompt_tokens_details.cached_tokens} (OpenAI) or
     * {@code cached_tokens} (Kimi, some others). Null when the object has neither token count.
     */
    public Usage usage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        JsonNode prompt = usage.get("prompt_tokens");
        JsonNode completion = usage.get("completion_tokens");
        if (!isCount(prompt) && !isCount(completion)) {
            return null;
        }
        long input = isCount(prompt) ? prompt.asLong() : 0;
        long output = isCount(completion) ? completion.asLong() : 0;
        JsonNode cachedNode = usage.path("prompt_tokens_details").get("cached_tokens");
        if (!isCount(cachedNode)) {
            cachedNode = usage.get("cached_tokens");
        }
        long cached = isCount(cachedNode) ? Math.min(cachedNode.asLong(), input) : 0;
        return new Usage(input, output, cached);
    }

    /**
     * The stop reason for a {@code finish_reason}: {@code stop} → END_TURN, {@code tool_calls} (and
     * the older {@code function_call}) → TOOL_USE, {@code length} → MAX_TOKENS,
     * {@code content_filter} → REFUSAL, others → END_TURN. When the answer has tool calls and the
     * reason is {@code stop}, missing or unknown, TOOL_USE (some servers say {@code stop} after tool
     * calls).
     *
     * @param finishReason the last {@code finish_reason} seen, or null when none came
     * @param toolCalls    whether the answer has tool calls
     */
    public StopReason stopReason(String finishReason, boolean toolCalls) {
        String reason = finishReason == null ? "" : finishReason.toLowerCase(Locale.ROOT);
        switch (reason) {
            case "tool_calls":
            case "function_call":
                return StopReason.TOOL_USE;
            case "length":
                return StopReason.MAX_TOKENS;
            case "content_filter":
                return StopReason.REFUSAL;
            default: // stop, eos, unknown, none
                return toolCalls ? StopReason.TOOL_USE : StopReason.END_TURN;
        }
    }

    /**
     * The kind of an error reported inside a 200 stream ({@code data: {"error": {…}}}). By default
     * from words in its type: rate limit → RATE_LIMITED, overloaded/busy/capacity → OVERLOADED,
     * authentication, permission, quota or billing → UNAUTHORIZED, invalid request, context length,
     * content filter or not found → BAD_REQUEST; when the type says none of that, from a numeric
     * {@code code} that is an HTTP status (as {@code HttpErrors.kindOf}); else UNAVAILABLE.
     *
     * @param code the error's {@code code} or {@code status} as an HTTP status, or 0
     */
    public Kind streamErrorKind(VendorError error, int code) {
        String type = error.type().toLowerCase(Locale.ROOT);
        if (type.contains("rate_limit") || type.contains("ratelimit") || type.contains("too_many")) {
            return Kind.RATE_LIMITED;
        }
        if (type.contains("overload") || type.contains("busy") || type.contains("capacity") || error.overloaded()) {
            return Kind.OVERLOADED;
        }
        if (type.contains("auth") || type.contains("permission") || type.contains("quota")
                || type.contains("billing") || type.contains("api_key")) {
            return Kind.UNAUTHORIZED;
        }
        if (type.contains("invalid_request") || type.contains("context_length") || type.contains("content_filter")
                || type.contains("badrequest") || type.contains("bad_request") || type.contains("not_found")) {
            return Kind.BAD_REQUEST;
        }
        if (code >= 400 && code <= 599) {
            return io.coditect.studio.provider.support.HttpErrors.kindOf(code, error);
        }
        return Kind.UNAVAILABLE;
    }

    /**
     * The kind of an HTTP error response (see
     * {@link io.coditect.studio.provider.support.SseEventHandler#httpErrorKind}). By default the
     * standard kind, except a 429 whose type says the account is out of credit
     * ({@code insufficient_quota}), which no retry cures: UNAUTHORIZED.
     */
    public Kind httpErrorKind(int status, VendorError error, Kind standard) {
        if (status == 429 && error.type().equals("insufficient_quota")) {
            return Kind.UNAUTHORIZED;
        }
        return standard;
    }

    private static boolean isCount(JsonNode n) {
        return n != null && n.isNumber() && n.asLong() >= 0;
    }
}
