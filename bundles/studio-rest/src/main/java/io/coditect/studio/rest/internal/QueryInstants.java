package io.coditect.studio.rest.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Instant query parameters ({@code from}, {@code to}) with a clear 400 for a value that does not parse. */
final class QueryInstants {

    private QueryInstants() {
    }

    /** An ISO-8601 instant, or a date meaning its first instant in UTC; null when absent. */
    static Instant parse(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        try {
            return v.length() == 10 ? LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + name + "' must be an ISO-8601 instant such as "
                    + "2026-01-31T09:00:00Z or a date such as 2026-01-31 (UTC), not '" + value + "'.");
        }
    }
}
