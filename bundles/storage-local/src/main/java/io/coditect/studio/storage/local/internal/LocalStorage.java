package io.coditect.studio.storage.local.internal;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

import io.coditect.studio.api.Health;
import io.coditect.studio.api.StudioIds;
import io.coditect.studio.api.storage.InvalidKeyException;
import io.coditect.studio.api.storage.ListPage;
import io.coditect.studio.api.storage.ListingCursor;
import io.coditect.studio.api.storage.ObjectInfo;
import io.coditect.studio.api.storage.StorageBackend;
import io.coditect.studio.api.storage.StorageException;
import io.coditect.studio.api.storage.StorageException.Kind;
import io.coditect.studio.api.storage.StorageObject;
import io.coditect.studio.api.storage.StoragePath;
import io.coditect.studio.api.storage.WriteCondition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Object store on a local folder: the object with key {@code acme/teams/core/a.txt} is the plain file
 * {@code <root>/acme/teams/core/a.txt}.
 *
 * <ul>
 * <li>Writes stream into {@code <root>/.tmp/}, hashing and fsyncing, and are then renamed into place
 * atomically; a failed write leaves the previous object and no temporary file.</li>
 * <li>The ETag is the first 128 bits of the content's SHA-256 in hex, kept by {@link EtagRecords}.</li>
 * <li>Check-and-write of conditional writes and deletes runs under a per-key (striped) lock.</li>
 * <li>No symbolic link below the root is ever followed; every path is checked to stay under it.</li>
 * </ul>
 * Thread-safe. Other processes writing into the root are tolerated (their changes get new ETags) but
 * not coordinated with: the locks are this JVM's.
 */
public class LocalStorage implements StorageBackend {

    public static final String ID = "local";
    public static final String DISPLAY_NAME = "Local files";

    /** Temporary files of writes in progress; same file system as the objects, so renames are atomic. */
    static final String TMP_DIR = ".tmp";
    /** ETag sidecar files when extended attributes are not available. */
    static final String META_DIR = ".meta";
    /** Prefix of the temporary file a write uses in the target folder when that is another file system. */
    static final String LOCAL_PART_PREFIX = "%part-";
    static final int MAX_LIMIT = 1000;
    /** Hex digits of the SHA-256 kept as the ETag (128 bits). */
    static final int ETAG_HEX_DIGITS = 32;

    private static final int BUFFER = 64 * 1024;
    private static final int STRIPES = 256;
    private static final int MAX_ATTEMPTS = 8;
    private static final Duration STALE_TEMP = Duration.ofHours(1);
    private static final Logger LOG = LoggerFactory.getLogger(LocalStorage.class);

    private final Path configuredRoot;
    private final EtagRecords.Mode etagMode;
    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];
    private volatile State state;

    /** The root once it exists: its real path, the temporary folder and the ETag records. */
    private record State(Path root, Path tmp, EtagRecords etags) {
    }

    /** What is on disk at a key's path; see {@link #probe}. */
    private record Probe(Path path, BasicFileAttributes attrs) {
        boolean isObject() {
            return attrs != null && attrs.isRegularFile();
        }

        boolean isFolder() {
            return attrs != null && attrs.isDirectory();
        }
    }

    /** A fully written, fsynced temporary file waiting to be moved into place. */
    private static final class Staged {
        final Path tmp;
        final String etag;
        Path local;
        boolean recorded;

        Staged(Path tmp, String etag, boolean recorded) {
            this.tmp = tmp;
            this.etag = etag;
            this.recorded = recorded;
        }
    }

    /**
     * A store on {@code root}, created when missing. When it cannot be created the store still
     * exists: {@link #health()} says why and every operation fails with {@link Kind#UNAVAILABLE}.
     */
    public LocalStorage(Path root) {
        this(root, null);
    }

    /** @param etagMode where to keep ETags, or null to probe the file system */
    LocalStorage(Path root, EtagRecords.Mode etagMode) {
        this.configuredRoot = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        this.etagMode = etagMode;
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
        try {
            state();
        } catch (StorageException e) {
            LOG.warn("{}", e.getMessage());
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return DISPLAY_NAME;
    }

    /** The configured root (before resolving links). */
    public Path root() {
        return configuredRoot;
    }

    // ---------------------------------------------------------------------------------------------
    // health

    @Override
    public Health health() {
        State s;
        try {
            s = state();
        } catch (StorageException e) {
            return Health.down(e.getMessage());
        }
        BasicFileAttributes rootAttrs;
        try {
            rootAttrs = Files.readAttributes(s.root(), BasicFileAttributes.class);
        } catch (IOException e) {
            return Health.down("storage root " + s.root() + " is gone (" + describe(e)
                    + "); was its volume unmounted? Restore it or fix the configured root and restart the bundle");
        }
        if (!rootAttrs.isDirectory()) {
            return Health.down("storage root " + s.root() + " is no longer a folder");
        }
        Path probe = s.tmp().resolve(".health-" + UUID.randomUUID());
        try {
            ensureInternalDir(s.tmp());
            Files.write(probe, new byte[] {1}, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            return Health.down("storage root " + s.root() + " is not writable: " + describe(e));
        } finally {
            deleteQuietly(probe);
        }
        String message = "objects are files under " + s.root() + "; ETags kept in " + s.etags().describe();
        String encoding = System.getProperty("sun.jnu.encoding", "UTF-8");
        if (!"UTF-8".equalsIgnoreCase(encoding) && !"UTF8".equalsIgnoreCase(encoding)) {
            return Health.degraded(message + ". Keys with non-ASCII characters cannot be stored because the JVM's "
                    + "file name encoding is " + encoding + ": start Karaf with a UTF-8 locale (e.g. LANG=C.UTF-8)");
        }
        return Health.up(message);
    }

    // ---------------------------------------------------------------------------------------------
    // reads

    @Override
    public Optional<ObjectInfo> stat(StoragePath path) {
        Objects.requireNonNull(path, "path");
        State s = state();
        Path file = resolve(s.root(), path);
        ReentrantLock lock = lockFor(path);
        lock.lock();
        try {
            Probe p = probe(s, path, file);
            if (!p.isObject()) {
                return Optional.empty();
            }
            return Optional.of(info(path, p.attrs(), etag(s, path, file, p.attrs(), null)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw io("reading the metadata of '" + path + "'", e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public StorageObject get(StoragePath path) {
        Objects.requireNonNull(path, "path");
        State s = state();
        Path file = resolve(s.root(), path);
        ReentrantLock lock = lockFor(path);
        lock.lock();
        FileChannel ch = null;
        try {
            Probe p = probe(s, path, file);
            if (!p.isObject()) {
                throw StorageException.notFound(path);
            }
            // NOFOLLOW_LINKS: a link swapped in after the probe makes the open fail instead of being followed
            ch = FileChannel.open(file, StandardOpenOption.READ, NOFOLLOW_LINKS);
            String etag = etag(s, path, file, p.attrs(), ch);
            StorageObject object = new StorageObject(info(path, p.attrs(), etag), Channels.newInputStream(ch));
            ch = null;
            return object;
        } catch (NoSuchFileException e) {
            throw StorageException.notFound(path);
        } catch (IOException e) {
            throw io("reading '" + path + "'", e);
        } finally {
            closeQuietly(ch);
            lock.unlock();
        }
    }

    @Override
    public ListPage list(StoragePath prefix, String cursor, int limit) {
        Objects.requireNonNull(prefix, "prefix");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        String after = cursor == null ? null : ListingCursor.decode(cursor, prefix);
        State s = state();
        Path dir = resolve(s.root(), prefix);
        List<ObjectInfo> page = new ArrayList<>();
        try {
            Probe p = probe(s, prefix, dir);
            if (p.isObject()) {
                // the prefix is itself an object: it is the only key at or below it
                if (after == null) {
                    info(s, prefix, dir).ifPresent(page::add);
                }
                return new ListPage(page, null);
            }
            if (!p.isFolder()) {
                return new ListPage(page, null);
            }
            KeyWalker walker = new KeyWalker(dir, prefix, after);
            for (KeyWalker.Found f = walker.next(); f != null; f = walker.next()) {
                if (page.size() == limit) {
                    return new ListPage(page, ListingCursor.encode(page.get(limit - 1).path().key()));
                }
                info(s, f.key(), f.file()).ifPresent(page::add);
            }
            return new ListPage(page, null);
        } catch (IOException e) {
            throw io("listing '" + prefix + "'", e);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // writes

    @Override
    public ObjectInfo put(StoragePath path, InputStream content, long length, WriteCondition condition) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(condition, "condition");
        State s = state();
        Path target = resolve(s.root(), path);
        requireBelowOrganisation(path);
        // fail fast, before a possibly large upload; decided again under the lock below
        precheck(s, path, target, condition);
        Staged staged = stage(s, path, content, length);
        try {
            ReentrantLock lock = lockFor(path);
            lock.lock();
            try {
                Probe p = probe(s, path, target);
                String current = currentEtag(s, path, p, condition);
                if (!condition.test(current)) {
                    throw StorageException.preconditionFailed(path, condition.describe(), current);
                }
                install(s, path, target, staged);
                BasicFileAttributes a = lstat(target);
                if (a == null) {
                    throw new StorageException(Kind.IO, "'" + path + "' vanished right after it was written");
                }
                if (!staged.recorded) {
                    s.etags().write(path, target, EtagRecords.record(staged.etag, a));
                }
                return info(path, a, staged.etag);
            } catch (IOException e) {
                throw io("storing '" + path + "'", e);
            } finally {
                lock.unlock();
            }
        } finally {
            deleteQuietly(staged.tmp);
            if (staged.local != null) {
                deleteQuietly(staged.local);
            }
        }
    }

    @Override
    public boolean delete(StoragePath path, WriteCondition condition) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(condition, "condition");
        State s = state();
        Path file = resolve(s.root(), path);
        ReentrantLock lock = lockFor(path);
        lock.lock();
        try {
            Probe p = probe(s, path, file);
            String current = currentEtag(s, path, p, condition);
            if (!condition.test(current)) {
                throw StorageException.preconditionFailed(path, condition.describe(), current);
            }
            if (!p.isObject()) {
                return false;
            }
            try {
                Files.delete(file);
            } catch (NoSuchFileException e) {
                return false;
            }
            s.etags().delete(path);
            fsyncFolder(file.getParent());
            pruneEmptyFolders(s.root(), file.getParent());
            return true;
        } catch (IOException e) {
            throw io("deleting '" + path + "'", e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public ObjectInfo copy(StoragePath from, StoragePath to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        ListingCursor.requireSameOrganisation(from, to);
        if (from.equals(to)) {
            return stat(from).orElseThrow(() -> StorageException.notFound(from));
        }
        // streams; the copy gets the source's ETag because the ETag is the content hash
        try (StorageObject source = get(from)) {
            return put(to, source.content(), source.info().size(), WriteCondition.NONE);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // write steps

    private void precheck(State s, StoragePath path, Path target, WriteCondition condition) {
        try {
            Probe p = probe(s, path, target);
            if (p.isFolder()) {
                requireEmptyFolder(s, path, target);
            }
            if (!(condition instanceof WriteCondition.None)) {
                String current = currentEtag(s, path, p, condition);
                if (!condition.test(current)) {
                    throw StorageException.preconditionFailed(path, condition.describe(), current);
                }
            }
        } catch (IOException e) {
            throw io("checking '" + path + "' before writing it", e);
        }
    }

    /** Streams {@code content} into a new temporary file, hashing it; fsynced before returning. */
    private Staged stage(State s, StoragePath path, InputStream content, long length) {
        MessageDigest digest = sha256();
        Path tmp = s.tmp().resolve(UUID.randomUUID() + ".part");
        boolean done = false;
        try {
            long total = 0;
            try (FileChannel ch = openTemp(s, tmp)) {
                byte[] buf = new byte[BUFFER];
                ByteBuffer bb = ByteBuffer.wrap(buf);
                while (true) {
                    int n;
                    try {
                        n = content.read(buf);
                    } catch (IOException e) {
                        throw new StorageException(Kind.IO, "reading the content for '" + path + "' failed ("
                                + describe(e) + "); nothing was stored and the previous object, if any, is unchanged",
                                e);
                    }
                    if (n < 0) {
                        break;
                    }
                    total += n;
                    if (length >= 0 && total > length) {
                        throw lengthMismatch(path, length, "more");
                    }
                    digest.update(buf, 0, n);
                    bb.clear().limit(n);
                    while (bb.hasRemaining()) {
                        ch.write(bb);
                    }
                }
                if (length >= 0 && total != length) {
                    throw lengthMismatch(path, length, "only " + total);
                }
                ch.force(true);
            }
            String etag = toEtag(digest.digest());
            BasicFileAttributes a = Files.readAttributes(tmp, BasicFileAttributes.class, NOFOLLOW_LINKS);
            boolean recorded = s.etags().writeXattr(tmp, EtagRecords.record(etag, a));
            done = true;
            return new Staged(tmp, etag, recorded);
        } catch (IOException e) {
            throw new StorageException(Kind.IO, "writing '" + path + "' failed (" + describe(e)
                    + "); the previous object, if any, is unchanged", e);
        } finally {
            if (!done) {
                deleteQuietly(tmp);
            }
        }
    }

    private static StorageException lengthMismatch(StoragePath path, long length, String got) {
        return new StorageException(Kind.IO, "the content for '" + path + "' was announced as " + length
                + " bytes but " + got + " arrived; nothing was stored and the previous object, if any, is unchanged");
    }

    private static FileChannel openTemp(State s, Path tmp) throws IOException {
        // (re)creates the temporary folder if someone removed it, and refuses a link planted in its place
        ensureInternalDir(s.tmp());
        return FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, NOFOLLOW_LINKS);
    }

    /** Moves the staged file to {@code target}; runs under the key's lock. */
    private void install(State s, StoragePath path, Path target, Staged staged) throws IOException {
        for (int attempt = 1;; attempt++) {
            try {
                createParents(s, path);
                Probe p = probe(s, path, target);
                if (p.isFolder()) {
                    requireEmptyFolder(s, path, target);
                    Files.delete(target);
                }
                moveIntoPlace(s, staged, target);
                fsyncFolder(target.getParent());
                return;
            } catch (NoSuchFileException e) {
                // a concurrent delete pruned a parent folder between creating it and moving into it
                if (attempt >= MAX_ATTEMPTS || lstat(staged.tmp) == null) {
                    throw e;
                }
            } catch (DirectoryNotEmptyException e) {
                throw folderConflict(s, path, target);
            } catch (FileSystemException e) {
                BasicFileAttributes now = lstat(target);
                if (now != null && now.isDirectory()) {
                    // a concurrent write made it a folder
                    throw folderConflict(s, path, target);
                }
                throw e;
            }
        }
    }

    private void moveIntoPlace(State s, Staged staged, Path target) throws IOException {
        try {
            atomicMove(staged.tmp, target);
        } catch (AtomicMoveNotSupportedException e) {
            // the target folder is on another file system than the root (a volume mounted below it):
            // stage again in the target folder, under a name no key can have ('%' is never in a key)
            if (staged.local != null) {
                deleteQuietly(staged.local);
            }
            staged.local = target.resolveSibling(LOCAL_PART_PREFIX + UUID.randomUUID());
            try (FileChannel in = FileChannel.open(staged.tmp, StandardOpenOption.READ, NOFOLLOW_LINKS);
                    FileChannel out = FileChannel.open(staged.local, StandardOpenOption.CREATE_NEW,
                            StandardOpenOption.WRITE, NOFOLLOW_LINKS)) {
                long size = in.size();
                for (long pos = 0; pos < size;) {
                    pos += in.transferTo(pos, size - pos, out);
                }
                out.force(true);
            }
            BasicFileAttributes a = Files.readAttributes(staged.local, BasicFileAttributes.class, NOFOLLOW_LINKS);
            staged.recorded = s.etags().writeXattr(staged.local, EtagRecords.record(staged.etag, a));
            atomicMove(staged.local, target);
            staged.local = null;
        }
    }

    /** The one rename that publishes a write; replaces an existing object atomically. */
    void atomicMove(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Creates the folders above {@code path}'s file; CONFLICT when an object is in the way. */
    private void createParents(State s, StoragePath path) throws IOException {
        List<String> segments = path.segments();
        Path p = s.root();
        for (int i = 0; i < segments.size() - 1; i++) {
            p = p.resolve(segments.get(i));
            BasicFileAttributes a = lstat(p);
            if (a == null) {
                try {
                    Files.createDirectory(p);
                    continue;
                } catch (FileAlreadyExistsException e) {
                    a = lstat(p);
                    if (a == null) {
                        throw new NoSuchFileException(p.toString());
                    }
                }
            }
            if (a.isSymbolicLink()) {
                throw linkRefused(s, path, i);
            }
            if (a.isRegularFile()) {
                throw objectConflict(path, i);
            }
            if (!a.isDirectory()) {
                throw new StorageException(Kind.IO, "cannot store '" + path + "': " + p
                        + " is neither a folder nor a regular file");
            }
        }
    }

    private void requireEmptyFolder(State s, StoragePath path, Path folder) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder)) {
            if (ds.iterator().hasNext()) {
                throw folderConflict(s, path, folder);
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            // gone meanwhile: not in the way any more
        }
    }

    private static StorageException objectConflict(StoragePath path, int index) {
        String blocking = String.join("/", path.segments().subList(0, index + 1));
        return new StorageException(Kind.CONFLICT, "cannot store '" + path + "': '" + blocking
                + "' is an object, and a key cannot be both an object and a folder");
    }

    private StorageException folderConflict(State s, StoragePath path, Path folder) {
        String example = "";
        try {
            KeyWalker.Found first = new KeyWalker(folder, path, null).next();
            if (first != null) {
                example = " (for example '" + first.key() + "')";
            }
        } catch (IOException e) {
            // the example is a courtesy
        }
        return new StorageException(Kind.CONFLICT, "cannot store '" + path + "': '" + path
                + "' is a folder holding other objects" + example + ", and a key cannot be both an object and a folder");
    }

    private static void requireBelowOrganisation(StoragePath path) {
        if (path.segments().size() < 2) {
            throw new StorageException(Kind.CONFLICT, "cannot store an object at '" + path
                    + "': that key is the folder of organisation '" + path.org() + "'");
        }
    }

    // ---------------------------------------------------------------------------------------------
    // ETags and metadata

    /** The ETag the condition is tested against: null when absent; not computed when nothing is tested. */
    private String currentEtag(State s, StoragePath path, Probe p, WriteCondition condition) throws IOException {
        if (!p.isObject() || condition instanceof WriteCondition.None) {
            return null;
        }
        try {
            return etag(s, path, p.path(), p.attrs(), null);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /**
     * The ETag of {@code file}, whose attributes are {@code a}: from its record when that still
     * matches, else by hashing the file (through {@code open} when given) and keeping the result.
     */
    private static String etag(State s, StoragePath path, Path file, BasicFileAttributes a, FileChannel open)
            throws IOException {
        String known = EtagRecords.etagIfCurrent(s.etags().read(path, file), a);
        if (known != null) {
            return known;
        }
        String etag = open != null ? hash(open) : hash(file);
        BasicFileAttributes now = lstat(file);
        if (now != null && EtagRecords.stamp(now).equals(EtagRecords.stamp(a))) {
            s.etags().write(path, file, EtagRecords.record(etag, a));
        }
        return etag;
    }

    /** Metadata of the object {@code key} at {@code file}, found by a listing; empty if it went away. */
    private Optional<ObjectInfo> info(State s, StoragePath key, Path file) throws IOException {
        ReentrantLock lock = lockFor(key);
        lock.lock();
        try {
            BasicFileAttributes a = lstat(file);
            if (a == null || !a.isRegularFile()) {
                return Optional.empty();
            }
            return Optional.of(info(key, a, etag(s, key, file, a, null)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    private static ObjectInfo info(StoragePath path, BasicFileAttributes a, String etag) {
        FileTime mtime = a.lastModifiedTime();
        return new ObjectInfo(path, a.size(), etag, mtime == null ? Instant.EPOCH : mtime.toInstant());
    }

    private static String hash(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, NOFOLLOW_LINKS)) {
            return hash(ch);
        }
    }

    /** Hashes the whole file with positional reads, leaving the channel's position alone. */
    private static String hash(FileChannel ch) throws IOException {
        MessageDigest digest = sha256();
        ByteBuffer buf = ByteBuffer.allocate(BUFFER);
        long pos = 0;
        for (int n; (n = ch.read(buf, pos)) >= 0;) {
            pos += n;
            buf.flip();
            digest.update(buf);
            buf.clear();
        }
        return toEtag(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    static String toEtag(byte[] sha256) {
        return HexFormat.of().formatHex(sha256).substring(0, ETAG_HEX_DIGITS);
    }

    // ---------------------------------------------------------------------------------------------
    // paths

    /**
     * Maps a key to its file, checking again (the key was validated by {@link StoragePath}) that every
     * segment is a single plain file name and that the result lies under the root.
     *
     * @throws InvalidKeyException when a segment could escape the root or is not a plain name
     */
    static Path resolve(Path root, StoragePath key) {
        return resolveSegments(root, key.segments());
    }

    static Path resolveSegments(Path root, List<String> segments) {
        if (segments.isEmpty()) {
            throw new InvalidKeyException("key is empty");
        }
        Path p = root;
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            if (!isPlainName(segment) || (i == 0 && segment.startsWith("."))) {
                throw new InvalidKeyException("segment '" + StudioIds.printable(segment)
                        + "' cannot be used as a file name under the storage root");
            }
            Path next;
            try {
                next = p.resolve(segment);
            } catch (InvalidPathException e) {
                throw new StorageException(Kind.IO, "segment '" + StudioIds.printable(segment)
                        + "' cannot be a file name on this system (" + e.getReason() + "; file name encoding "
                        + System.getProperty("sun.jnu.encoding") + ")", e);
            }
            if (next.getNameCount() != p.getNameCount() + 1 || !segment.equals(next.getFileName().toString())) {
                throw new InvalidKeyException("segment '" + StudioIds.printable(segment)
                        + "' does not map to exactly one file name under the storage root");
            }
            p = next;
        }
        if (!p.normalize().startsWith(root) || p.equals(root)) {
            throw new InvalidKeyException("key '" + StudioIds.printable(String.join("/", segments))
                    + "' resolves outside the storage root");
        }
        return p;
    }

    private static boolean isPlainName(String segment) {
        if (segment == null || segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
            return false;
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '/' || c == '\\' || c < 0x20 || c == 0x7f) {
                return false;
            }
            if (c == ':' && File.separatorChar == '\\') {
                return false; // NTFS alternate data stream
            }
        }
        return true;
    }

    /**
     * Looks at every component of {@code path}'s file below the root without following links.
     * A component that is a link is refused; an object or anything else where a folder is needed means
     * the key is absent.
     */
    private Probe probe(State s, StoragePath path, Path file) throws IOException {
        Path p = s.root();
        List<String> segments = path.segments();
        for (int i = 0; i < segments.size(); i++) {
            p = p.resolve(segments.get(i));
            BasicFileAttributes a = lstat(p);
            if (a == null) {
                return new Probe(file, null);
            }
            if (a.isSymbolicLink()) {
                throw linkRefused(s, path, i);
            }
            if (i == segments.size() - 1) {
                if (!a.isRegularFile() && !a.isDirectory()) {
                    throw new StorageException(Kind.IO, "'" + path + "' is stored as " + p
                            + ", which is neither a regular file nor a folder");
                }
                return new Probe(file, a);
            }
            if (!a.isDirectory()) {
                return new Probe(file, null);
            }
        }
        throw new IllegalStateException("unreachable");
    }

    private static StorageException linkRefused(State s, StoragePath path, int index) {
        String at = String.join("/", path.segments().subList(0, index + 1));
        return new StorageException(Kind.IO, "refusing '" + path + "': '" + at + "' is a symbolic link on disk ("
                + s.root().resolve(at) + "), and the local store never follows links below its root");
    }

    /** The attributes of {@code p} itself (never a link's target), or null when it does not exist. */
    static BasicFileAttributes lstat(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        } catch (FileSystemException e) {
            // ENOTDIR: a component became a file meanwhile
            if (e.getReason() != null && e.getReason().toLowerCase().contains("not a directory")) {
                return null;
            }
            throw e;
        }
    }

    /** Creates one of the store's own folders, refusing a link or a file in its place. */
    static void ensureInternalDir(Path dir) throws IOException {
        BasicFileAttributes a = lstat(dir);
        if (a == null) {
            try {
                Files.createDirectory(dir);
                return;
            } catch (FileAlreadyExistsException e) {
                a = lstat(dir);
            }
        }
        if (a == null || a.isSymbolicLink() || !a.isDirectory()) {
            throw new FileSystemException(dir.toString(), null, "exists but is not a plain folder");
        }
    }

    /** Removes empty folders from {@code dir} upwards, stopping below {@code top} (never removed). */
    static void pruneEmptyFolders(Path top, Path dir) {
        for (Path d = dir; d != null && d.startsWith(top) && !d.equals(top); d = d.getParent()) {
            try {
                BasicFileAttributes a = lstat(d);
                if (a == null || !a.isDirectory()) {
                    return;
                }
                Files.delete(d);
            } catch (DirectoryNotEmptyException | NoSuchFileException e) {
                return;
            } catch (IOException e) {
                LOG.debug("cannot remove the empty folder {}: {}", d, e.toString());
                return;
            }
        }
    }

    private static void fsyncFolder(Path dir) {
        // makes the rename durable; not possible on every platform (Windows), where it is skipped
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.trace("cannot fsync the folder {}: {}", dir, e.toString());
        }
    }

    // ---------------------------------------------------------------------------------------------
    // root

    private State state() {
        State s = state;
        if (s != null) {
            return s;
        }
        synchronized (this) {
            if (state == null) {
                state = open();
            }
            return state;
        }
    }

    private State open() {
        Path real;
        try {
            Files.createDirectories(configuredRoot);
            real = configuredRoot.toRealPath();
        } catch (IOException e) {
            throw new StorageException(Kind.UNAVAILABLE, "storage root " + configuredRoot + " cannot be created: "
                    + describe(e), e);
        }
        Path tmp = real.resolve(TMP_DIR);
        try {
            ensureInternalDir(tmp);
        } catch (IOException e) {
            throw new StorageException(Kind.UNAVAILABLE, "storage root " + real + " is not writable: " + describe(e),
                    e);
        }
        sweepStaleTemporaries(tmp);
        EtagRecords etags = EtagRecords.open(real, tmp, etagMode);
        LOG.debug("local storage under {}; ETags kept in {}", real, etags.describe());
        return new State(real, tmp, etags);
    }

    /** Removes what writes of a crashed process left (not recent files: they may be another writer's). */
    private static void sweepStaleTemporaries(Path tmp) {
        Instant limit = Instant.now().minus(STALE_TEMP);
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(tmp)) {
            for (Path p : ds) {
                BasicFileAttributes a = lstat(p);
                if (a != null && !a.isDirectory() && a.lastModifiedTime().toInstant().isBefore(limit)) {
                    deleteQuietly(p);
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot sweep {}: {}", tmp, e.toString());
        }
    }

    // ---------------------------------------------------------------------------------------------
    // helpers

    private ReentrantLock lockFor(StoragePath path) {
        int h = path.key().hashCode();
        h ^= h >>> 16;
        return locks[h & (STRIPES - 1)];
    }

    private static StorageException io(String what, IOException e) {
        return new StorageException(Kind.IO, what + " failed: " + describe(e), e);
    }

    /** An operator-readable account of an I/O failure: the file and what went wrong with it. */
    static String describe(IOException e) {
        if (e instanceof FileSystemException f) {
            String what;
            if (f.getReason() != null) {
                what = f.getReason();
            } else if (e instanceof AccessDeniedException) {
                what = "permission denied";
            } else if (e instanceof NoSuchFileException) {
                what = "does not exist";
            } else if (e instanceof FileAlreadyExistsException) {
                what = "already exists (as a file?)";
            } else if (e instanceof NotDirectoryException) {
                what = "not a folder";
            } else {
                what = e.getClass().getSimpleName();
            }
            String file = f.getFile();
            return (file == null ? "" : file + ": ") + what
                    + (f.getOtherFile() == null ? "" : " (and " + f.getOtherFile() + ")");
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": "
                + e.getMessage();
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.debug("cannot delete {}: {}", p, e.toString());
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                LOG.debug("cannot close a file: {}", e.toString());
            }
        }
    }
}
