package io.coditect.studio.git.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * The unified diff of a commit against its first parent, at most a given number of UTF-8 bytes
 * long. Binary files show as "Binary files differ". A diff that does not fit is cut at a line end
 * and ends with a note saying so; formatting stops as soon as the limit is passed.
 */
final class BoundedDiff {

    private BoundedDiff() {
    }

    static String of(Repository repo, RevWalk walk, RevCommit commit, int maxBytes) throws IOException {
        CappedBuffer out = new CappedBuffer(maxBytes);
        try (DiffFormatter f = new DiffFormatter(out)) {
            f.setRepository(repo);
            f.setDetectRenames(true);
            f.format(CommitViews.parentTree(walk, commit), commit.getTree());
            f.flush();
        } catch (CappedBuffer.Full e) {
            // keep what fits
        }
        String text = new String(out.bytes(), UTF_8);
        if (!out.full && text.getBytes(UTF_8).length <= maxBytes) {
            return text;
        }
        String note = "\n[diff cut at " + maxBytes + " bytes]\n";
        int room = maxBytes - note.getBytes(UTF_8).length;
        if (room < 0) {
            return prefix(text, maxBytes);
        }
        String kept = prefix(text, room);
        int lineEnd = kept.lastIndexOf('\n');
        return (lineEnd >= 0 ? kept.substring(0, lineEnd) : kept) + note;
    }

    /** The longest prefix of {@code s} that is at most {@code maxBytes} long in UTF-8. */
    static String prefix(String s, int maxBytes) {
        int bytes = 0;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + n > maxBytes) {
                break;
            }
            bytes += n;
            i += Character.charCount(cp);
        }
        return s.substring(0, i);
    }

    /** Keeps the first {@code cap} bytes written, then refuses more. */
    private static final class CappedBuffer extends OutputStream {

        /** Stops the formatter once the limit is passed. */
        static final class Full extends IOException {
            private static final long serialVersionUID = 1L;

            Full() {
                super("diff limit reached");
            }
        }

        private final int cap;
        private byte[] buf = new byte[1024];
        private int len;
        boolean full;

        CappedBuffer(int cap) {
            this.cap = cap;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int n) throws IOException {
            int take = Math.min(n, cap - len);
            if (len + take > buf.length) {
                buf = Arrays.copyOf(buf, (int) Math.min(cap, Math.max((long) buf.length * 2, len + take)));
            }
            System.arraycopy(b, off, buf, len, take);
            len += take;
            if (take < n) {
                full = true;
                throw new Full();
            }
        }

        byte[] bytes() {
            return Arrays.copyOf(buf, len);
        }
    }
}
