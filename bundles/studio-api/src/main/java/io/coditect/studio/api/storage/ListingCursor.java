package io.coditect.studio.api.storage;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.util.Base64;

import io.coditect.studio.api.StudioIds;

/**
 * The listing cursor backends hand out in {@link ListPage#nextCursor()}: the base64url of the last
 * key returned. It works on any node and across restarts, and a cursor can be checked to belong to
 * the listing's prefix, so one tenant's cursor never walks another's keys.
 */
public final class ListingCursor {

    private ListingCursor() {
    }

    public static String encode(String lastKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastKey.getBytes(UTF_8));
    }

    /**
     * The key a cursor stands for.
     *
     * @throws IllegalArgumentException when it is not a cursor of a listing of {@code prefix}
     */
    public static String decode(String cursor, StoragePath prefix) {
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

    /**
     * Checks that a copy stays within one organisation, as {@link StorageBackend#copy} requires.
     *
     * @throws IllegalArgumentException naming both paths otherwise
     */
    public static void requireSameOrganisation(StoragePath from, StoragePath to) {
        if (!from.org().equals(to.org())) {
            throw new IllegalArgumentException("cannot copy '" + from + "' to '" + to
                    + "': objects are only copied within one organisation, and '" + from.org() + "' is not '"
                    + to.org() + "'");
        }
    }
}
