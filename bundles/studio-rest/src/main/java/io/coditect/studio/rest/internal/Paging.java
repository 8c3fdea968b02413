package io.coditect.studio.rest.internal;

import io.coditect.studio.api.store.PageRequest;

/** The {@code limit} and {@code cursor} query parameters of every listing. */
final class Paging {

    private Paging() {
    }

    static PageRequest of(Integer limit, String cursor) {
        return new PageRequest(cursor, limit == null ? PageRequest.DEFAULT_LIMIT : limit);
    }
}
