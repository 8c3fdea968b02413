package io.coditect.studio.api.storage;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import io.coditect.studio.api.StudioIds;

/**
 * A validated object key: an organisation id followed by path segments, joined with {@code /}.
 *
 * <p>Refused in any segment: empty segments, {@code .} and {@code ..}, {@code /} and {@code \},
 * {@code %} (so no percent-encoded separator survives a decode), NUL and other control or format
 * characters (zero-width, bidi overrides), unassigned and private-use code points, leading or
 * trailing white space, text that is not in NFKC form (full-width and other compatibility look-alikes
 * such as U+FF0F or U+2024) and slash or dot look-alikes that NFKC leaves alone (U+2215, U+2044 …).
 * A segment is at most 255 UTF-8 bytes, a key at most 1024.
 *
 * <p>Prefix tests and listings work on whole segments, so {@code acme} never matches {@code acme2}.
 */
public final class StoragePath implements Comparable<StoragePath> {

    public static final int MAX_SEGMENT_BYTES = 255;
    public static final int MAX_KEY_BYTES = 1024;

    /** Characters that look like a separator or a dot but survive NFKC normalisation. */
    private static final String LOOK_ALIKES = "\u2215\u2044\u29F8\u29F5\u29F9\u2216\u2571\u2572\u3033\u3035"
            + "\u2024\u2025\u2026\u00B7\u2027\u2219\u22C5\u30FB\uFF61\u3002";

    private final List<String> segments;

    private StoragePath(List<String> segments) {
        this.segments = segments;
    }

    /**
     * Builds a path from an organisation id and further segments, each a single segment (no
     * separators inside).
     *
     * @throws InvalidKeyException naming the offending segment and the rule it breaks
     */
    public static StoragePath of(String org, String... segments) {
        requireOrg(org);
        List<String> all = new ArrayList<>(segments.length + 1);
        all.add(org);
        for (String s : segments) {
            all.add(checkSegment(s));
        }
        return checked(all);
    }

    /** The root of an organisation's keys. */
    public static StoragePath root(String org) {
        return of(org);
    }

    /**
     * Parses a full key such as {@code acme/teams/core/users/ann/home/notes.txt}.
     *
     * @throws InvalidKeyException when any segment is invalid or the key is absolute
     */
    public static StoragePath parse(String key) {
        if (key == null || key.isEmpty()) {
            throw new InvalidKeyException("key is empty");
        }
        if (key.startsWith("/")) {
            throw new InvalidKeyException("key '" + StudioIds.printable(key) + "' is absolute; keys start with the organisation id");
        }
        String[] parts = key.split("/", -1);
        requireOrg(parts[0]);
        return of(parts[0], Arrays.copyOfRange(parts, 1, parts.length));
    }

    /** Appends one segment. */
    public StoragePath child(String segment) {
        List<String> all = new ArrayList<>(segments);
        all.add(checkSegment(segment));
        return checked(all);
    }

    /**
     * Appends a relative path such as {@code src/main/App.java}; each segment is validated.
     *
     * @throws InvalidKeyException when the relative path is absolute or has an invalid segment
     */
    public StoragePath resolve(String relative) {
        if (relative == null || relative.isEmpty()) {
            return this;
        }
        if (relative.startsWith("/")) {
            throw new InvalidKeyException("path '" + StudioIds.printable(relative) + "' is absolute; give it relative to its folder");
        }
        List<String> all = new ArrayList<>(segments);
        for (String s : relative.split("/", -1)) {
            all.add(checkSegment(s));
        }
        return checked(all);
    }

    /** The organisation that owns the key. */
    public String org() {
        return segments.get(0);
    }

    public List<String> segments() {
        return Collections.unmodifiableList(segments);
    }

    /** The last segment. */
    public String name() {
        return segments.get(segments.size() - 1);
    }

    public StoragePath parent() {
        if (segments.size() == 1) {
            return null;
        }
        return new StoragePath(segments.subList(0, segments.size() - 1));
    }

    /** The key as stored, segments joined with {@code /}. */
    public String key() {
        return String.join("/", segments);
    }

    /** True when {@code other} equals this path or lies below it, comparing whole segments. */
    public boolean contains(StoragePath other) {
        return other.segments.size() >= segments.size() && other.segments.subList(0, segments.size()).equals(segments);
    }

    /** The path of {@code descendant} relative to this one, joined with {@code /}. */
    public String relativize(StoragePath descendant) {
        if (!contains(descendant)) {
            throw new IllegalArgumentException(descendant + " is not below " + this);
        }
        return String.join("/", descendant.segments.subList(segments.size(), descendant.segments.size()));
    }

    private static void requireOrg(String org) {
        if (!StudioIds.isValid(org)) {
            throw new InvalidKeyException("organisation '" + StudioIds.printable(org)
                    + "' is not a valid id (1-63 lower-case letters, digits or inner hyphens)");
        }
    }

    private static StoragePath checked(List<String> all) {
        if (String.join("/", all).getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw new InvalidKeyException("key is longer than " + MAX_KEY_BYTES + " bytes");
        }
        return new StoragePath(List.copyOf(all));
    }

    static String checkSegment(String s) {
        if (s == null || s.isEmpty()) {
            throw new InvalidKeyException("empty path segment (double or trailing '/')");
        }
        String shown = StudioIds.printable(s);
        if (s.equals(".") || s.equals("..")) {
            throw new InvalidKeyException("segment '" + shown + "' is not allowed: no '.' or '..' in keys");
        }
        if (s.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
            throw new InvalidKeyException("segment '" + shown + "' is longer than " + MAX_SEGMENT_BYTES + " bytes");
        }
        if (Character.isWhitespace(s.codePointAt(0)) || Character.isWhitespace(s.codePointBefore(s.length()))) {
            throw new InvalidKeyException("segment '" + shown + "' starts or ends with white space");
        }
        for (int i = 0; i < s.length();) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '/' || cp == '\\') {
                throw new InvalidKeyException("segment '" + shown + "' contains a path separator");
            }
            if (cp == '%') {
                throw new InvalidKeyException("segment '" + shown + "' contains '%': encoded characters are not allowed in keys");
            }
            int type = Character.getType(cp);
            if (type == Character.CONTROL || type == Character.FORMAT || type == Character.UNASSIGNED
                    || type == Character.PRIVATE_USE || type == Character.SURROGATE
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                throw new InvalidKeyException(String.format(
                        "segment '%s' contains the invisible or control character U+%04X", shown, cp));
            }
            if (LOOK_ALIKES.indexOf(cp) >= 0) {
                throw new InvalidKeyException(String.format(
                        "segment '%s' contains U+%04X, which looks like a separator or a dot", shown, cp));
            }
        }
        if (!Normalizer.isNormalized(s, Normalizer.Form.NFKC)) {
            throw new InvalidKeyException("segment '" + shown
                    + "' contains compatibility or look-alike characters (it changes under NFKC normalisation)");
        }
        return s;
    }

    @Override
    public int compareTo(StoragePath o) {
        return key().compareTo(o.key());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoragePath p && p.segments.equals(segments);
    }

    @Override
    public int hashCode() {
        return Objects.hash(segments);
    }

    @Override
    public String toString() {
        return key();
    }
}
