package io.coditect.studio.storage.local.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import io.coditect.studio.api.storage.StoragePath;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the content hash (the ETag) of each object is kept so that a stat does not re-hash the file.
 *
 * <p>A record is {@code v1;<etag>;<size>;<mtime seconds>.<nanos>;<file key>}. It is only believed while
 * the file still has that size, modification time and file key (inode), so a file changed behind
 * the store's back is hashed again. Records live in the user extended attribute
 * {@code user.studio.etag} of the object file when the file system supports it, else in a sidecar
 * file {@code <root>/.meta/<key>}. Everything here is a cache: a lost or broken record only costs a
 * re-hash, so failures are logged at debug level and otherwise ignored.
 */
final class EtagRecords {

    /** Where records are kept. */
    enum Mode {
        /** User extended attribute on the object file, sidecar file when that fails for one file. */
        XATTR,
        /** Sidecar files under {@code <root>/.meta}. */
        SIDECAR,
        /** Not kept: every stat hashes the file. */
        NONE
    }

    /** The JDK adds the {@code user.} namespace on Linux, so the attribute is {@code user.studio.etag}. */
    static final String XATTR_NAME = "studio.etag";

    private static final String VERSION = "v1";
    private static final int MAX_RECORD_BYTES = 512;
    private static final Pattern ETAG = Pattern.compile("[0-9a-f]{32}");
    private static final Logger LOG = LoggerFactory.getLogger(EtagRecords.class);

    private final Path meta;
    private final Path tmp;
    private final Mode mode;

    private EtagRecords(Path meta, Path tmp, Mode mode) {
        this.meta = meta;
        this.tmp = tmp;
        this.mode = mode;
    }

    /**
     * @param forced the mode to use, or null to probe the file system under {@code tmp}
     */
    static EtagRecords open(Path root, Path tmp, Mode forced) {
        Path meta = root.resolve(LocalStorage.META_DIR);
        Mode mode = forced != null ? forced : probe(tmp);
        if (mode != Mode.NONE) {
            try {
                LocalStorage.ensureInternalDir(meta);
            } catch (IOException e) {
                if (mode == Mode.SIDECAR) {
                    LOG.warn("cannot create {} for ETag sidecar files ({}); every stat will hash the file", meta,
                            LocalStorage.describe(e));
                    mode = Mode.NONE;
                }
            }
        }
        return new EtagRecords(meta, tmp, mode);
    }

    private static Mode probe(Path tmp) {
        Path probe = tmp.resolve(".xattr-probe-" + UUID.randomUUID());
        try {
            Files.write(probe, new byte[0], StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            UserDefinedFileAttributeView view = Files.getFileAttributeView(probe, UserDefinedFileAttributeView.class,
                    NOFOLLOW_LINKS);
            if (view == null) {
                return Mode.SIDECAR;
            }
            view.write(XATTR_NAME, ByteBuffer.wrap("probe".getBytes(UTF_8)));
            return "probe".equals(readXattr(probe)) ? Mode.XATTR : Mode.SIDECAR;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            LOG.debug("no user extended attributes under {}: {}", tmp, e.toString());
            return Mode.SIDECAR;
        } finally {
            LocalStorage.deleteQuietly(probe);
        }
    }

    Mode mode() {
        return mode;
    }

    String describe() {
        return switch (mode) {
            case XATTR -> "the extended attribute user." + XATTR_NAME;
            case SIDECAR -> "sidecar files under " + meta;
            case NONE -> "no record: every stat hashes the file";
        };
    }

    /** The part of a record that must still match the file for the record to be believed. */
    static String stamp(BasicFileAttributes a) {
        Instant t = a.lastModifiedTime().toInstant();
        Object key = a.fileKey();
        return a.size() + ";" + t.getEpochSecond() + "." + t.getNano() + ";" + (key == null ? "-" : key.toString());
    }

    static String record(String etag, BasicFileAttributes a) {
        return VERSION + ";" + etag + ";" + stamp(a);
    }

    /** The ETag of {@code record} when it still describes a file with attributes {@code a}, else null. */
    static String etagIfCurrent(String record, BasicFileAttributes a) {
        if (record == null) {
            return null;
        }
        String[] parts = record.split(";", 3);
        if (parts.length != 3 || !VERSION.equals(parts[0]) || !ETAG.matcher(parts[1]).matches()) {
            return null;
        }
        return parts[2].equals(stamp(a)) ? parts[1] : null;
    }

    /** The record kept for the object {@code key} stored in {@code file}, or null. */
    String read(StoragePath key, Path file) {
        if (mode == Mode.XATTR) {
            try {
                String r = readXattr(file);
                if (r != null) {
                    return r;
                }
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                LOG.debug("cannot read the ETag attribute of {}: {}", file, e.toString());
            }
        }
        return mode == Mode.NONE ? null : readSidecar(key);
    }

    /** Stores {@code record} in the extended attribute of {@code file}; false when that is not possible. */
    boolean writeXattr(Path file, String record) {
        if (mode != Mode.XATTR) {
            return false;
        }
        try {
            UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class,
                    NOFOLLOW_LINKS);
            view.write(XATTR_NAME, ByteBuffer.wrap(record.getBytes(UTF_8)));
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            LOG.debug("cannot set the ETag attribute of {}: {}", file, e.toString());
            return false;
        }
    }

    /** Keeps {@code record} for the object {@code key} stored in {@code file}, wherever possible. */
    void write(StoragePath key, Path file, String record) {
        if (!writeXattr(file, record) && mode != Mode.NONE) {
            writeSidecar(key, record);
        }
    }

    /** Forgets the record of a deleted object (its extended attribute went with the file). */
    void delete(StoragePath key) {
        Path sidecar = sidecar(key);
        if (mode == Mode.NONE && !Files.isDirectory(meta, NOFOLLOW_LINKS)) {
            return;
        }
        try {
            if (!plainFolders(key.segments(), false)) {
                return;
            }
            BasicFileAttributes a = LocalStorage.lstat(sidecar);
            if (a != null && !a.isDirectory()) {
                Files.delete(sidecar);
                LocalStorage.pruneEmptyFolders(meta, sidecar.getParent());
            }
        } catch (IOException e) {
            LOG.debug("cannot delete the ETag sidecar {}: {}", sidecar, e.toString());
        }
    }

    private static String readXattr(Path file) throws IOException {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class,
                NOFOLLOW_LINKS);
        if (view == null) {
            return null;
        }
        ByteBuffer buf = ByteBuffer.allocate(MAX_RECORD_BYTES);
        try {
            view.read(XATTR_NAME, buf);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            // most often: the attribute is not set (ENODATA)
            return null;
        }
        buf.flip();
        return UTF_8.decode(buf).toString();
    }

    private Path sidecar(StoragePath key) {
        Path p = meta;
        for (String segment : key.segments()) {
            p = p.resolve(segment);
        }
        return p;
    }

    private String readSidecar(StoragePath key) {
        Path file = sidecar(key);
        try {
            if (!plainFolders(key.segments(), false)) {
                return null;
            }
            BasicFileAttributes a = LocalStorage.lstat(file);
            if (a == null || !a.isRegularFile() || a.size() > MAX_RECORD_BYTES) {
                return null;
            }
            try (SeekableByteChannel ch = Files.newByteChannel(file, StandardOpenOption.READ, NOFOLLOW_LINKS)) {
                ByteBuffer buf = ByteBuffer.allocate(MAX_RECORD_BYTES);
                while (buf.hasRemaining() && ch.read(buf) > 0) {
                    // read it all
                }
                buf.flip();
                return UTF_8.decode(buf).toString();
            }
        } catch (IOException e) {
            LOG.debug("cannot read the ETag sidecar {}: {}", file, e.toString());
            return null;
        }
    }

    private void writeSidecar(StoragePath key, String record) {
        Path file = sidecar(key);
        Path staged = tmp.resolve(UUID.randomUUID() + ".meta");
        try {
            if (!plainFolders(key.segments(), true)) {
                return;
            }
            BasicFileAttributes a = LocalStorage.lstat(file);
            if (a != null && a.isDirectory()) {
                // sidecars of objects below a key that is now an object itself: all stale
                deleteTree(file);
            } else if (a != null && a.isSymbolicLink()) {
                return;
            }
            Files.write(staged, record.getBytes(UTF_8), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            Files.move(staged, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.debug("cannot write the ETag sidecar {}: {}", file, e.toString());
        } finally {
            LocalStorage.deleteQuietly(staged);
        }
    }

    /**
     * Checks that the folders of a sidecar path are plain folders (no links); with {@code create},
     * creates missing ones and removes stale sidecar files standing where a folder is needed.
     */
    private boolean plainFolders(List<String> segments, boolean create) throws IOException {
        BasicFileAttributes top = LocalStorage.lstat(meta);
        if (top == null && create) {
            LocalStorage.ensureInternalDir(meta);
        } else if (top == null || top.isSymbolicLink() || !top.isDirectory()) {
            return false;
        }
        Path p = meta;
        for (int i = 0; i < segments.size() - 1; i++) {
            p = p.resolve(segments.get(i));
            BasicFileAttributes a = LocalStorage.lstat(p);
            if (a != null && a.isRegularFile() && create) {
                // the sidecar of an object that has since become a folder (deleted behind our back)
                Files.delete(p);
                a = null;
            }
            if (a == null) {
                if (!create) {
                    return false;
                }
                try {
                    Files.createDirectory(p);
                    continue;
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    a = LocalStorage.lstat(p);
                }
            }
            if (a == null || !a.isDirectory() || a.isSymbolicLink()) {
                return false;
            }
        }
        return true;
    }

    private static void deleteTree(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                try {
                    Files.delete(d);
                } catch (DirectoryNotEmptyException e) {
                    // something was added meanwhile; leave it
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
