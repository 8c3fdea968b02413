package io.coditect.studio.provider.support;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

import io.coditect.studio.api.Health;
import io.coditect.studio.api.StudioIds;
import io.coditect.studio.api.llm.ModelInfo;

/**
 * The validated configuration of one provider instance, common to all adapters. Adapters map their
 * metatype configuration onto {@link #builder(String)}; a vendor-specific extra stays in the adapter.
 *
 * <p>{@link #toString()} shows the key as {@code ****}.
 *
 * @param id          unique provider id ({@code studio.plugin.id}), checked by {@link StudioIds}
 * @param displayName name shown to people
 * @param baseUrl     the vendor's base URL, {@code http} or {@code https}, without trailing slash
 * @param apiKey      the key, or null when none is configured (the provider is then DOWN)
 * @param apiKeyEnv   the environment variable that was consulted, or empty (for messages)
 * @param models      the models served, at least one
 * @param timeouts    the time limits of each call
 */
public record ProviderSettings(String id, String displayName, URI baseUrl, Secret apiKey, String apiKeyEnv,
        List<ModelInfo> models, Timeouts timeouts) {

    public ProviderSettings {
        StudioIds.require("provider", id);
        displayName = displayName == null || displayName.isBlank() ? id : displayName.strip();
        Objects.requireNonNull(baseUrl, "baseUrl");
        apiKeyEnv = apiKeyEnv == null ? "" : apiKeyEnv.strip();
        models = List.copyOf(models);
        if (models.isEmpty()) {
            throw new IllegalArgumentException("models: at least one model is required (format: " + ModelSpecs.FORMAT
                    + ")");
        }
        Objects.requireNonNull(timeouts, "timeouts");
    }

    public static Builder builder(String id) {
        return new Builder(id);
    }

    public Optional<Secret> key() {
        return Optional.ofNullable(apiKey);
    }

    /** The model with that id, if served. */
    public Optional<ModelInfo> model(String modelId) {
        return models.stream().filter(m -> m.id().equals(modelId)).findFirst();
    }

    /** {@code baseUrl} joined with {@code path} (which starts with {@code /}). */
    public URI endpoint(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/': " + path);
        }
        return URI.create(baseUrl + path);
    }

    /**
     * Health from the configuration alone: DOWN with "{@value ApiKeys#MISSING} …" when there is no
     * key, else UP.
     */
    public Health configHealth() {
        return apiKey == null ? Health.down(ApiKeys.missingMessage(apiKeyEnv)) : Health.up();
    }

    /** Builds {@link ProviderSettings} from raw configuration values, with clear errors. */
    public static final class Builder {

        private final String id;
        private String displayName;
        private URI baseUrl;
        private Secret apiKey;
        private String apiKeyEnv = "";
        private List<ModelInfo> models = List.of();
        private Timeouts timeouts = Timeouts.DEFAULT;

        private Builder(String id) {
            this.id = id == null ? "" : id.strip();
        }

        public Builder displayName(String displayName) {
            this.displayName = displayName;
            return this;
        }

        /**
         * @throws IllegalArgumentException unless an absolute {@code http(s)} URL without query,
         *                                  fragment or user info
         */
        public Builder baseUrl(String url) {
            this.baseUrl = parseBaseUrl(url);
            return this;
        }

        /** See {@link ApiKeys#resolve(String, String, UnaryOperator)}. */
        public Builder apiKey(String configured, String envName, UnaryOperator<String> env) {
            this.apiKey = ApiKeys.resolve(configured, envName, env).orElse(null);
            this.apiKeyEnv = configured != null && !configured.isBlank() ? "" : envName;
            return this;
        }

        public Builder apiKey(Secret key) {
            this.apiKey = key;
            this.apiKeyEnv = "";
            return this;
        }

        /** See {@link ModelSpecs#parse(String...)}. */
        public Builder models(String... entries) {
            this.models = ModelSpecs.parse(entries);
            return this;
        }

        public Builder models(List<ModelInfo> models) {
            this.models = List.copyOf(models);
            return this;
        }

        public Builder timeouts(Timeouts timeouts) {
            this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
            return this;
        }

        /**
         * @throws IllegalArgumentException when a value is missing or wrong; the message names the
         *                                  setting
         */
        public ProviderSettings build() {
            if (baseUrl == null) {
                throw new IllegalArgumentException("baseUrl is required");
            }
            try {
                StudioIds.require("provider", id);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("id: " + e.getMessage(), e);
            }
            return new ProviderSettings(id, displayName, baseUrl, apiKey, apiKeyEnv, models, timeouts);
        }

        private static URI parseBaseUrl(String url) {
            String s = url == null ? "" : url.strip();
            URI uri;
            try {
                uri = new URI(s);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("baseUrl '" + Texts.printable(s, 200) + "' is not a URL: "
                        + e.getReason());
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new IllegalArgumentException("baseUrl '" + Texts.printable(s, 200)
                        + "' must be an absolute http or https URL, for example https://api.example.com");
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
                throw new IllegalArgumentException("baseUrl '" + Texts.printable(s, 200)
                        + "' must not have a query, fragment or user info (put credentials in apiKey)");
            }
            String text = uri.toString();
            while (text.endsWith("/")) {
                text = text.substring(0, text.length() - 1);
            }
            return URI.create(text);
        }
    }
}
