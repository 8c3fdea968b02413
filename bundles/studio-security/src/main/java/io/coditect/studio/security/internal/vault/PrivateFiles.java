package io.coditect.studio.security.internal.vault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files only the studio's own account may read: keys, the revocation list, the first-boot password.
 * Created with owner-only permissions from the start (never widened and narrowed later), written
 * by replacing the whole file, so a crash leaves the old or the new content, not a mix.
 */
public final class PrivateFiles {

    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private PrivateFiles() {
    }

    /** Creates {@code dir} (mode 0700) and its parents; narrows an existing one to 0700. */
    public static Path directory(Path dir) {
        try {
            Path parent = dir.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (Files.isDirectory(dir)) {
                if (POSIX) {
                    Files.setPosixFilePermissions(dir, DIRECTORY);
                }
            } else {
                Files.createDirectory(dir, attributes(DIRECTORY));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the private directory " + dir + ": " + e.getMessage()
                    + "; check that the studio's account may write there", e);
        }
    }

    /** Replaces {@code file} with {@code content}, mode 0600. */
    public static void write(Path file, byte[] content) {
        Path tmp = temporary(file, content);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code content} to {@code file} unless the file exists already.
     *
     * @return false when it existed (its content is kept)
     */
    public static boolean writeIfAbsent(Path file, byte[] content) {
        Path tmp = temporary(file, content);
        try {
            Files.move(tmp, file);
            return true;
        } catch (FileAlreadyExistsException e) {
            deleteQuietly(tmp);
            return false;
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Appends to {@code file} (created with mode 0600) and forces it to disk. */
    public static void append(Path file, byte[] content) {
        try (FileChannel ch = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND), attributes(FILE))) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                ch.write(buffer);
            }
            ch.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file + ": " + e.getMessage(), e);
        }
    }

    /** Whether the file can be read or written by anybody but its owner (always false off POSIX). */
    public static boolean isExposed(Path file) {
        if (!POSIX) {
            return false;
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            perms.removeAll(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                    PosixFilePermission.OWNER_EXECUTE));
            return !perms.isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static Path temporary(Path file, byte[] content) {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp", attributes(FILE));
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    ch.write(buffer);
                }
                ch.force(true);
            }
            return tmp;
        } catch (IOException e) {
            if (tmp != null) {
                deleteQuietly(tmp);
            }
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage()
                    + "; check that the studio's account may write to " + dir, e);
        }
    }

    private static FileAttribute<?>[] attributes(Set<PosixFilePermission> perms) {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(perms)} : new FileAttribute<?>[0];
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a stray temporary file holds nothing the real file does not
        }
    }
}
