package io.coditect.studio.api.store;

/**
 * Which page of a listing to return. Cursors are opaque, belong to one kind of listing and stay
 * valid while items are added or removed (no item is skipped or repeated because of that); a
 * listing started with one filter must be continued with the same filter.
 *
 * @param cursor the {@link Page#nextCursor()} of the previous page, or null for the first page
 * @param limit  at most this many items, 1 to {@value #MAX_LIMIT}
 */
public record PageRequest(String cursor, int limit) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    /** @throws StoreException {@code INVALID} when the limit is out of range */
    public PageRequest {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw StoreException.invalid("page limit " + limit + " is out of range: ask for 1 to " + MAX_LIMIT
                    + " items");
        }
        if (cursor != null && cursor.isEmpty()) {
            cursor = null;
        }
    }

    /** The first {@value #DEFAULT_LIMIT} items. */
    public static PageRequest first() {
        return new PageRequest(null, DEFAULT_LIMIT);
    }

    public static PageRequest first(int limit) {
        return new PageRequest(null, limit);
    }

    public static PageRequest after(String cursor, int limit) {
        return new PageRequest(cursor, limit);
    }
}
