package io.coditect.studio.provider.support;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where an adapter's API key comes from: the configuration value {@code apiKey} if it is set, else
 * the environment variable named by {@code apiKeyEnv}.
 */
public final class ApiKeys {

    /** Start of the message of a provider without key; {@link #missingMessage(String)} adds details. */
    public static final String MISSING = "no API key: set apiKey or apiKeyEnv";

    private ApiKeys() {
    }

    /**
     * @param configured the {@code apiKey} value (blank when not set; surrounding whitespace is
     *                   removed)
     * @param envName    the {@code apiKeyEnv} value: name of an environment variable, or blank
     * @param env        looks up environment variables, normally {@code System::getenv}
     * @return the key, or empty when neither gives one
     * @throws IllegalArgumentException when the value found cannot be a key (see
     *                                  {@link Secret#of(String)}); the message names the source, not
     *                                  the value
     */
    public static Optional<Secret> resolve(String configured, String envName, UnaryOperator<String> env) {
        if (configured != null && !configured.isBlank()) {
            try {
                return Optional.of(Secret.of(configured.strip()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("apiKey is invalid: " + e.getMessage(), e);
            }
        }
        if (envName == null || envName.isBlank()) {
            return Optional.empty();
        }
        String value = env.apply(envName.strip());
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Secret.of(value.strip()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the environment variable " + envName.strip() + " named by apiKeyEnv is"
                    + " invalid: " + e.getMessage(), e);
        }
    }

    /** {@value #MISSING}, plus which environment variable was tried. */
    public static String missingMessage(String envName) {
        if (envName == null || envName.isBlank()) {
            return MISSING;
        }
        return MISSING + " (the environment variable " + envName.strip() + " is not set)";
    }
}
