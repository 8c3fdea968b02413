package io.coditect.studio.rest.internal;

/** Checks of request bodies that come before any service call. */
final class Require {

    private Require() {
    }

    static void body(Object body) {
        if (body == null) {
            throw new IllegalArgumentException("This request needs a JSON body; see /api/v1/openapi.json.");
        }
    }

    static <T> T present(String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException("'" + field + "' is required.");
        }
        return value;
    }
}
