package io.coditect.studio.api.store;

import java.util.List;

/**
 * One page of a listing.
 *
 * @param items      the items of this page, in the listing's order
 * @param total      how many items match the filter in all pages, at the time of the call
 * @param nextCursor pass to {@link PageRequest#after(String, int)} for the next page; null on the last page
 * @param <T>        the item type
 */
public record Page<T>(List<T> items, long total, String nextCursor) {

    public Page {
        items = List.copyOf(items);
    }

    public boolean hasMore() {
        return nextCursor != null;
    }
}
