package io.coditect.studio.storage.s3.internal;

import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import io.coditect.studio.api.Health;
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
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Object store on one S3 bucket: the object {@code acme/teams/core/a.txt} is the S3 object
 * {@code <keyPrefix>acme/teams/core/a.txt}.
 *
 * <ul>
 * <li>Puts up to the multipart threshold are one PutObject; larger ones a multipart upload
 * ({@link MultipartUpload}) that is aborted on any failure, so nothing partial becomes visible.</li>
 * <li>The ETag is S3's, without quotes (the MD5 of a single-part object, {@code <md5>-<parts>} of a
 * multipart one).</li>
 * <li>Conditional writes and deletes are checked and applied under a per-key lock of this JVM and, when
 * {@link S3Settings#conditionalHeaders()} is set, also sent as If-Match / If-None-Match so the service
 * refuses a writer on another node.</li>
 * <li>With {@link S3Settings#strictFolders()} a key cannot be both an object and a folder, as in
 * storage-local.</li>
 * </ul>
 * Thread-safe; {@link #close()} closes the S3 client.
 */
public class S3Storage implements StorageBackend, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(S3Storage.class);
    private static final long HEALTH_CACHE_MILLIS = 5_000;

    private final S3Settings settings;
    private final S3Client client;
    private final KeyLocks locks = new KeyLocks();
    private volatile Health lastHealth;
    private volatile long lastHealthAt;

    /** @param client null when the settings have no usable credentials: every operation is then UNAVAILABLE */
    S3Storage(S3Settings settings, S3Client client) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.client = client;
    }

    /** A store with a client built from the settings. */
    public static S3Storage open(S3Settings settings) {
        return new S3Storage(settings, settings.hasCredentials() ? S3Clients.build(settings) : null);
    }

    @Override
    public String id() {
        return settings.id();
    }

    @Override
    public String displayName() {
        return settings.displayName();
    }

    S3Settings settings() {
        return settings;
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // health

    @Override
    public Health health() {
        long now = System.currentTimeMillis();
        Health h = lastHealth;
        if (h != null && now - lastHealthAt < HEALTH_CACHE_MILLIS) {
            return h;
        }
        h = probeHealth();
        lastHealth = h;
        lastHealthAt = now;
        return h;
    }

    private Health probeHealth() {
        if (client == null) {
            return Health.down(settings.credentialsProblem() + " (" + settings.location() + ")");
        }
        try {
            client.headBucket(b -> b.bucket(settings.bucket()));
            return Health.up("objects are in the " + settings.location());
        } catch (SdkException e) {
            StorageException mapped = S3Failures.map("checking the bucket", settings.location(), e);
            if (e instanceof software.amazon.awssdk.services.s3.model.S3Exception s && s.statusCode() == 404) {
                return Health.down("the " + settings.location() + " does not exist: create it or fix 'bucket'");
            }
            return Health.down(mapped.getMessage());
        }
    }

    // ---------------------------------------------------------------------------------------------
    // reads

    @Override
    public Optional<ObjectInfo> stat(StoragePath path) {
        Objects.requireNonNull(path, "path");
        return head(path);
    }

    @Override
    public StorageObject get(StoragePath path) {
        Objects.requireNonNull(path, "path");
        ResponseInputStream<GetObjectResponse> in = call("reading '" + path + "'", path,
                () -> client().getObject(b -> b.bucket(settings.bucket()).key(objectKey(path))));
        GetObjectResponse r = in.response();
        return new StorageObject(new ObjectInfo(path, r.contentLength() == null ? -1 : r.contentLength(),
                etag(r.eTag()), instant(r.lastModified())), in);
    }

    @Override
    public ListPage list(StoragePath prefix, String cursor, int limit) {
        Objects.requireNonNull(prefix, "prefix");
        if (limit < 1 || limit > MAX_LIST_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIST_LIMIT + ", was " + limit);
        }
        String after = cursor == null ? null : ListingCursor.decode(cursor, prefix);
        if (prefix.segments().size() > 1) {
            Optional<ObjectInfo> self = head(prefix);
            if (self.isPresent()) {
                // the prefix is itself an object: it is the only key at or below it, as in storage-local
                return new ListPage(after == null ? List.of(self.get()) : List.of(), null);
            }
        }
        String s3Prefix = objectKey(prefix) + "/";
        List<ObjectInfo> page = new ArrayList<>();
        String token = null;
        String startAfter = after == null ? null : settings.keyPrefix() + after;
        while (true) {
            String t = token;
            ListObjectsV2Response r = call("listing '" + prefix + "'", null,
                    () -> client().listObjectsV2(ListObjectsV2Request.builder().bucket(settings.bucket())
                            .prefix(s3Prefix).startAfter(t == null ? startAfter : null).continuationToken(t)
                            .maxKeys(limit - page.size()).build()));
            for (S3Object o : r.contents()) {
                StoragePath key = pathOf(o.key());
                if (key != null && prefix.contains(key)) {
                    page.add(new ObjectInfo(key, o.size(), etag(o.eTag()), instant(o.lastModified())));
                }
            }
            boolean more = Boolean.TRUE.equals(r.isTruncated());
            if (!more) {
                return new ListPage(page, null);
            }
            if (page.size() >= limit) {
                return new ListPage(page, ListingCursor.encode(page.get(page.size() - 1).path().key()));
            }
            // a short page (a service may return fewer than asked, or keys were skipped): go on
            token = r.nextContinuationToken();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // writes

    @Override
    public ObjectInfo put(StoragePath path, InputStream content, long length, WriteCondition condition) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(condition, "condition");
        requireBelowOrganisation(path);
        client();
        // fail fast, before a possibly large upload; decided again under the lock below
        testCondition(path, condition);
        requireNoFolderConflict(path);

        CountedContent counted = new CountedContent(path, content, length);
        byte[] head = counted.read(settings.multipartThreshold() + 1);
        if (head.length <= settings.multipartThreshold()) {
            counted.requireComplete();
            return underLock(path, condition, () -> {
                PutObjectRequest.Builder b = PutObjectRequest.builder().bucket(settings.bucket()).key(objectKey(path))
                        .contentLength((long) head.length);
                if (settings.conditionalHeaders()) {
                    b.ifMatch(ifMatch(condition)).ifNoneMatch(ifNoneMatch(condition));
                }
                call("storing '" + path + "'", null, () -> client().putObject(b.build(), RequestBody.fromBytes(head)));
            });
        }
        MultipartUpload upload = MultipartUpload.start(client(), settings, objectKey(path), path);
        boolean done = false;
        try {
            upload.sendParts(head, counted);
            counted.requireComplete();
            ObjectInfo info = underLock(path, condition, () -> upload.complete(
                    settings.conditionalHeaders() ? ifMatch(condition) : null,
                    settings.conditionalHeaders() ? ifNoneMatch(condition) : null));
            done = true;
            return info;
        } finally {
            if (!done) {
                upload.abort();
            }
        }
    }

    @Override
    public boolean delete(StoragePath path, WriteCondition condition) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(condition, "condition");
        client();
        ReentrantLock lock = locks.of(path);
        lock.lock();
        try {
            Optional<ObjectInfo> current = head(path);
            String etag = current.map(ObjectInfo::etag).orElse(null);
            if (!condition.test(etag)) {
                throw StorageException.preconditionFailed(path, condition.describe(), etag);
            }
            if (current.isEmpty()) {
                return false;
            }
            DeleteObjectRequest.Builder b = DeleteObjectRequest.builder().bucket(settings.bucket()).key(objectKey(path));
            if (settings.conditionalHeaders() && condition instanceof WriteCondition.IfMatch m) {
                b.ifMatch(quoted(m.etag()));
            }
            call("deleting '" + path + "'", path, () -> client().deleteObject(b.build()));
            return true;
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
        requireBelowOrganisation(to);
        ObjectInfo source = stat(from).orElseThrow(() -> StorageException.notFound(from));
        if (source.size() > MultipartUpload.MAX_SINGLE_COPY) {
            // CopyObject stops at 5 GiB: stream it through this node instead
            try (StorageObject o = get(from)) {
                return put(to, o.content(), o.info().size(), WriteCondition.NONE);
            }
        }
        requireNoFolderConflict(to);
        return underLock(to, WriteCondition.NONE, () -> call("copying '" + from + "' to '" + to + "'", from,
                () -> client().copyObject(b -> b.sourceBucket(settings.bucket()).sourceKey(objectKey(from))
                        .destinationBucket(settings.bucket()).destinationKey(objectKey(to)))));
    }

    // ---------------------------------------------------------------------------------------------
    // write steps

    /**
     * Runs {@code write} under the key's lock after testing the condition, then reads the new object's
     * metadata back (S3's answer to a put carries no size or date).
     */
    private ObjectInfo underLock(StoragePath path, WriteCondition condition, Runnable write) {
        ReentrantLock lock = locks.of(path);
        lock.lock();
        try {
            testCondition(path, condition);
            write.run();
            return head(path).orElseThrow(() -> new StorageException(Kind.IO,
                    "'" + path + "' vanished right after it was written"));
        } finally {
            lock.unlock();
        }
    }

    private void testCondition(StoragePath path, WriteCondition condition) {
        if (condition instanceof WriteCondition.None) {
            return;
        }
        String current = head(path).map(ObjectInfo::etag).orElse(null);
        if (!condition.test(current)) {
            throw StorageException.preconditionFailed(path, condition.describe(), current);
        }
    }

    /** CONFLICT when a parent key is an object, or the key is a folder holding objects. */
    private void requireNoFolderConflict(StoragePath path) {
        if (!settings.strictFolders()) {
            return;
        }
        List<String> segments = path.segments();
        // the organisation's key never holds an object, so parents are checked from the second segment
        for (int i = 1; i < segments.size() - 1; i++) {
            StoragePath parent = StoragePath.of(segments.get(0),
                    segments.subList(1, i + 1).toArray(new String[0]));
            if (head(parent).isPresent()) {
                throw new StorageException(Kind.CONFLICT, "cannot store '" + path + "': '" + parent
                        + "' is an object, and a key cannot be both an object and a folder");
            }
        }
        StoragePath example = firstObjectBelow(path);
        if (example != null) {
            throw new StorageException(Kind.CONFLICT, "cannot store '" + path + "': '" + path
                    + "' is a folder holding other objects (for example '" + example + "'), and a key cannot be"
                    + " both an object and a folder");
        }
    }

    /**
     * The first object below {@code path}, or null. Folder markers (keys ending with {@code /}, which
     * consoles and some services create) and keys the studio cannot name are not objects.
     */
    private StoragePath firstObjectBelow(StoragePath path) {
        String token = null;
        while (true) {
            String t = token;
            ListObjectsV2Response r = call("checking '" + path + "' before writing it", null,
                    () -> client().listObjectsV2(b -> b.bucket(settings.bucket()).prefix(objectKey(path) + "/")
                            .continuationToken(t).maxKeys(100)));
            for (S3Object o : r.contents()) {
                StoragePath p = o.key().endsWith("/") ? null : pathOf(o.key());
                if (p != null) {
                    return p;
                }
            }
            if (!Boolean.TRUE.equals(r.isTruncated())) {
                return null;
            }
            token = r.nextContinuationToken();
        }
    }

    private static void requireBelowOrganisation(StoragePath path) {
        if (path.segments().size() < 2) {
            throw new StorageException(Kind.CONFLICT, "cannot store an object at '" + path
                    + "': that key is the folder of organisation '" + path.org() + "'");
        }
    }

    // ---------------------------------------------------------------------------------------------
    // helpers

    private Optional<ObjectInfo> head(StoragePath path) {
        if (path.segments().size() < 2) {
            return Optional.empty();
        }
        try {
            HeadObjectResponse r = client().headObject(b -> b.bucket(settings.bucket()).key(objectKey(path)));
            return Optional.of(new ObjectInfo(path, r.contentLength() == null ? -1 : r.contentLength(),
                    etag(r.eTag()), instant(r.lastModified())));
        } catch (SdkException e) {
            if (S3Failures.isMissingObject(e)) {
                return Optional.empty();
            }
            throw S3Failures.map("reading the metadata of '" + path + "'", settings.location(), e);
        }
    }

    /**
     * Runs one S3 call, mapping its failures; a 404 becomes NOT_FOUND naming {@code missing} when given.
     */
    private <T> T call(String what, StoragePath missing, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            if (missing != null && S3Failures.isMissingObject(e)) {
                throw StorageException.notFound(missing);
            }
            throw S3Failures.map(what, settings.location(), e);
        }
    }

    private S3Client client() {
        if (client == null) {
            throw new StorageException(Kind.UNAVAILABLE, "S3 storage '" + settings.id() + "' has no credentials: "
                    + settings.credentialsProblem());
        }
        return client;
    }

    /** The S3 key of a path; the path's segments were validated by {@link StoragePath}. */
    String objectKey(StoragePath path) {
        return settings.keyPrefix() + path.key();
    }

    /** The path of an S3 key under the prefix, or null for keys that are not valid studio keys. */
    StoragePath pathOf(String s3Key) {
        if (!s3Key.startsWith(settings.keyPrefix()) || s3Key.endsWith("/")) {
            return null;
        }
        try {
            return StoragePath.parse(s3Key.substring(settings.keyPrefix().length()));
        } catch (InvalidKeyException e) {
            // put there by other tools (folder markers 'x/', names the studio refuses): not objects
            LOG.debug("skipping S3 key '{}' in the {}: {}", s3Key, settings.location(), e.getMessage());
            return null;
        }
    }

    static String etag(String quoted) {
        if (quoted == null) {
            return "";
        }
        String e = quoted.startsWith("W/") ? quoted.substring(2) : quoted;
        return e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"") ? e.substring(1, e.length() - 1) : e;
    }

    private static String quoted(String etag) {
        return "\"" + etag + "\"";
    }

    private static String ifMatch(WriteCondition c) {
        return c instanceof WriteCondition.IfMatch m ? quoted(m.etag()) : null;
    }

    private static String ifNoneMatch(WriteCondition c) {
        return c instanceof WriteCondition.Absent ? "*" : null;
    }

    private static Instant instant(Instant i) {
        return i == null ? Instant.EPOCH : i;
    }
}
