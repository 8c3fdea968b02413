package io.coditect.studio.provider.openai.internal;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import io.coditect.studio.api.StudioIds;
import io.coditect.studio.api.llm.ModelInfo;

/**
 * What an OpenAI provider needs beyond the common {@code ProviderSettings}.
 *
 * @param organization      the {@code OpenAI-Organization} header, or empty to send none
 * @param project           the {@code OpenAI-Project} header, or empty to send none
 * @param temperatureModels ids of the models that accept {@code temperature}; for every other model a
 *                          requested temperature is left out, because OpenAI's reasoning models
 *                          answer 400 to it
 */
public record OpenAiOptions(String organization, String project, Set<String> temperatureModels) {

    /** No organization or project header; no model takes a temperature. */
    public static final OpenAiOptions DEFAULT = new OpenAiOptions("", "", Set.of());

    public OpenAiOptions {
        organization = header("organization", organization);
        project = header("project", project);
        temperatureModels = Set.copyOf(Objects.requireNonNull(temperatureModels, "temperatureModels"));
    }

    /**
     * Options from raw configuration values.
     *
     * @param temperatureModels model ids; one value may hold several separated by {@code ;},
     *                          {@code ,} or whitespace
     * @param models            the models served: every id in {@code temperatureModels} must be one
     * @throws IllegalArgumentException naming the setting that is wrong
     */
    public static OpenAiOptions of(String organization, String project, String[] temperatureModels,
            List<ModelInfo> models) {
        Set<String> ids = new LinkedHashSet<>();
        if (temperatureModels != null) {
            for (String value : temperatureModels) {
                if (value != null) {
                    Arrays.stream(value.split("[;,\\s]+")).filter(s -> !s.isEmpty()).forEach(ids::add);
                }
            }
        }
        Set<String> served = models.stream().map(ModelInfo::id).collect(Collectors.toSet());
        for (String id : ids) {
            if (!served.contains(id)) {
                throw new IllegalArgumentException("temperatureModels: '" + StudioIds.printable(id)
                        + "' is not one of the models (" + models.stream().map(ModelInfo::id)
                                .collect(Collectors.joining(", ")) + ")");
            }
        }
        return new OpenAiOptions(organization, project, ids);
    }

    /** Whether {@code temperature} may be sent for this model. */
    public boolean acceptsTemperature(String modelId) {
        return temperatureModels.contains(modelId);
    }

    /** A header value: blank means none; otherwise visible ASCII without spaces (ids such as org-… or proj_…). */
    private static String header(String setting, String value) {
        String v = value == null ? "" : value.strip();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new IllegalArgumentException(setting + " '" + StudioIds.printable(v) + "' is invalid: use the id"
                        + " OpenAI shows (visible ASCII characters, no spaces), or leave it empty");
            }
        }
        return v;
    }
}
