package io.coditect.studio.persistence.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.coditect.studio.api.store.StoreException;

/**
 * Opaque page cursors: the sort key of the last item returned, tagged with the listing, so that a
 * page continues after that item however the data changed meanwhile.
 */
final class Cursors {

    private static final char SEP = '\u001f';

    private Cursors() {
    }

    static String encode(String listing, String... parts) {
        StringBuilder b = new StringBuilder(listing);
        for (String p : parts) {
            b.append(SEP).append(p);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** @throws StoreException {@code INVALID} when the cursor was not made by this listing */
    static String[] decode(String listing, String cursor, int parts) {
        try {
            String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] all = s.split(String.valueOf(SEP), -1);
            if (all.length == parts + 1 && all[0].equals(listing)) {
                String[] result = new String[parts];
                System.arraycopy(all, 1, result, 0, parts);
                return result;
            }
        } catch (IllegalArgumentException e) {
            // fall through
        }
        throw invalid();
    }

    static long number(String part) {
        try {
            return Long.parseLong(part);
        } catch (NumberFormatException e) {
            throw invalid();
        }
    }

    private static StoreException invalid() {
        return StoreException.invalid("the page cursor does not belong to this listing: start again without a cursor");
    }
}
