package io.coditect.studio.provider.kimi.internal;

import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coditect.studio.api.llm.Capability;
import io.coditect.studio.api.llm.ChatMessage;
import io.coditect.studio.api.llm.ModelInfo;
import io.coditect.studio.api.llm.ProviderException.Kind;
import io.coditect.studio.provider.support.VendorError;
import io.coditect.studio.provider.support.chat.ChatCompletionsDialect;

/**
 * What the Kimi API does differently from OpenAI's Chat Completions:
 * <ul>
 * <li><b>Max tokens</b>: {@code max_completion_tokens} ({@code max_tokens} is deprecated); configurable.</li>
 * <li><b>Temperature</b>: range 0–1 (OpenAI: 0–2), so a higher value is lowered to 1; the K2.5/K2.6
 * models use a fixed temperature and get none (configurable list).</li>
 * <li><b>Thinking models and tool calls</b>: with thinking on (the default of K2.5/K2.6), Kimi refuses
 * an assistant tool-call message without {@code reasoning_content} ("thinking is enabled but
 * reasoning_content is missing in assistant tool call message"). The SPI does not keep the reasoning,
 * so such messages of a REASONING model carry the placeholder {@value #REASONING_PLACEHOLDER}.</li>
 * <li><b>Usage</b> in the stream may come inside the last choice ({@code choices[0].usage}) and the
 * cached part as {@code usage.cached_tokens}: both read by the shared mapping.</li>
 * <li><b>Error types</b> (HTTP bodies and stream errors): {@code rate_limit_reached_error} →
 * RATE_LIMITED, {@code engine_overloaded_error} → OVERLOADED (Kimi sends it as a 429),
 * {@code exceeded_current_quota_error} → UNAUTHORIZED (out of credit or suspended: no retry helps,
 * although it comes as a 429), {@code invalid_authentication_error}, {@code incorrect_api_key_error},
 * {@code permission_denied_error} → UNAUTHORIZED, {@code invalid_request_error},
 * {@code content_filter}, {@code resource_not_found_error} → BAD_REQUEST; {@code server_error} and
 * unknown types by HTTP status (5xx → UNAVAILABLE).</li>
 * </ul>
 */
final class KimiDialect extends ChatCompletionsDialect {

    /** The {@code reasoning_content} of an assistant tool-call message sent to a thinking model. */
    static final String REASONING_PLACEHOLDER = ".";

    /** Kimi's highest temperature. */
    static final double MAX_TEMPERATURE = 1.0;

    private final String maxTokensField;
    private final Set<String> fixedTemperatureModels;

    /**
     * @throws IllegalArgumentException when {@code maxTokensField} is not a plain field name
     */
    KimiDialect(String maxTokensField, Set<String> fixedTemperatureModels) {
        this.maxTokensField = fieldName("maxTokensField", maxTokensField);
        this.fixedTemperatureModels = Set.copyOf(fixedTemperatureModels);
    }

    /** The model ids of configuration values separated by ',', ';' or whitespace. */
    static Set<String> modelIds(String... values) {
        if (values == null) {
            return Set.of();
        }
        return Arrays.stream(values).filter(Objects::nonNull).flatMap(v -> Arrays.stream(v.split("[,;\\s]+")))
                .map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public String maxTokensField(ModelInfo model) {
        return maxTokensField;
    }

    @Override
    public Double temperature(ModelInfo model, Double requested) {
        if (requested == null || fixedTemperatureModels.contains(model.id())) {
            return null;
        }
        return Math.max(0.0, Math.min(MAX_TEMPERATURE, requested));
    }

    @Override
    public void customizeAssistantMessage(ObjectNode message, ChatMessage source, ModelInfo model) {
        if (message.has("tool_calls") && model.supports(Capability.REASONING) && !message.has("reasoning_content")) {
            message.put("reasoning_content", REASONING_PLACEHOLDER);
        }
    }

    @Override
    public Kind httpErrorKind(int status, VendorError error, Kind standard) {
        Kind kind = kindOfType(error.type());
        return kind != null ? kind : super.httpErrorKind(status, error, standard);
    }

    @Override
    public Kind streamErrorKind(VendorError error, int code) {
        Kind kind = kindOfType(error.type());
        return kind != null ? kind : super.streamErrorKind(error, code);
    }

    /** The kind of one of Kimi's documented error types, or null for others. */
    static Kind kindOfType(String type) {
        switch (type) {
            case "rate_limit_reached_error":
                return Kind.RATE_LIMITED;
            case "engine_overloaded_error":
                return Kind.OVERLOADED;
            case "exceeded_current_quota_error":
            case "invalid_authentication_error":
            case "incorrect_api_key_error":
            case "permission_denied_error":
                return Kind.UNAUTHORIZED;
            case "invalid_request_error":
            case "content_filter":
            case "resource_not_found_error":
                return Kind.BAD_REQUEST;
            default: // server_error and unknown types: by status (5xx → UNAVAILABLE)
                return null;
        }
    }
}
