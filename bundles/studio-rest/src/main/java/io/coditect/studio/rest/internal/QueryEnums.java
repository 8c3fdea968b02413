package io.coditect.studio.rest.internal;

import java.util.Arrays;
import java.util.Locale;

/** Enum query parameters with a clear 400 instead of JAX-RS's 404 for a value that does not convert. */
final class QueryEnums {

    private QueryEnums() {
    }

    static <E extends Enum<E>> E parse(Class<E> type, String parameter, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + parameter + "' must be one of "
                    + Arrays.toString(type.getEnumConstants()) + ", not '" + value + "'.");
        }
    }
}
