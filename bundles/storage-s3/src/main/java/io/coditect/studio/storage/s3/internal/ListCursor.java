package io.coditect.studio.storage.s3.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.util.Base64;

import io.coditect.studio.api.StudioIds;
import io.coditect.studio.api.storage.StoragePath;

/**
 * Listing cursors: the base64url of the last key returned. The next page asks S3 to start after that
 * key, so a cursor works on any node and across restarts (an S3 continuation token is tied to the
 * request that produced it), and it can be checked to belong to the listing's prefix.
 */
final class ListCursor {

    private ListCursor() {
    }

    static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(UTF_8));
    }

    /** The key a cursor stands for; it must lie at or below {@code prefix}. */
    static String decode(String cursor, StoragePath prefix) {
        String key;
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(cursor);
            key = UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw new IllegalArgumentException("cursor '" + StudioIds.printable(cursor)
                    + "' is not a cursor returned by list(); pass null for the first page", e);
        }
        String base = prefix.key();
        if (!key.equals(base) && !key.startsWith(base + "/")) {
            throw new IllegalArgumentException("cursor '" + StudioIds.printable(cursor)
                    + "' belongs to another listing, not to one of '" + prefix + "'");
        }
        return key;
    }
}
