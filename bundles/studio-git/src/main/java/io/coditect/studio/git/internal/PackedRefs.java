package io.coditect.studio.git.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/** The {@code packed-refs} file of a git directory: one {@code <id> <name>} line per ref, sorted. */
final class PackedRefs {

    private static final String HEADER = "# pack-refs with: peeled fully-peeled sorted \n";

    private PackedRefs() {
    }

    static byte[] format(Map<String, ObjectId> refs) {
        StringBuilder b = new StringBuilder(HEADER);
        new TreeMap<>(refs).forEach((name, id) -> b.append(id.name()).append(' ').append(name).append('\n'));
        return b.toString().getBytes(UTF_8);
    }

    /** @throws IOException when a line is not a ref line */
    static SortedMap<String, ObjectId> parse(byte[] content) throws IOException {
        SortedMap<String, ObjectId> refs = new TreeMap<>();
        for (String line : new String(content, UTF_8).split("\n")) {
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("^")) {
                continue;
            }
            int space = line.indexOf(' ');
            String name = space < 0 ? "" : line.substring(space + 1);
            if (space != 40 || !ObjectId.isId(line.substring(0, space)) || !Repository.isValidRefName(name)) {
                throw new IOException("packed-refs has a line that is not '<commit id> <ref name>': '"
                        + (line.length() > 120 ? line.substring(0, 120) + "…" : line) + "'");
            }
            refs.put(name, ObjectId.fromString(line.substring(0, space)));
        }
        return refs;
    }
}
