package io.coditect.studio.api.storage;

import java.util.List;

/**
 * One page of a listing, in key order.
 *
 * @param objects    the objects of this page
 * @param nextCursor pass to the next call for the following page; null on the last page
 */
public record ListPage(List<ObjectInfo> objects, String nextCursor) {
    public ListPage {
        objects = List.copyOf(objects);
    }

    public boolean hasMore() {
        return nextCursor != null;
    }
}
