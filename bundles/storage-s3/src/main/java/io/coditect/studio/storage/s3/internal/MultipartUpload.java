package io.coditect.studio.storage.s3.internal;

import java.util.ArrayList;
import java.util.List;

import io.coditect.studio.api.storage.StorageException;
import io.coditect.studio.api.storage.StoragePath;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * One multipart upload of an object larger than the threshold. Its parts are invisible until
 * {@link #complete}; {@link #abort()} throws them away, so a failed put leaves the previous object.
 * Holds one part in memory at a time.
 */
final class MultipartUpload {

    /** Largest object CopyObject copies in one request. */
    static final long MAX_SINGLE_COPY = 5L * 1024 * 1024 * 1024;
    /** S3 accepts at most this many parts. */
    static final int MAX_PARTS = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(MultipartUpload.class);

    private final S3Client client;
    private final S3Settings settings;
    private final String key;
    private final StoragePath path;
    private final String uploadId;
    private final List<CompletedPart> parts = new ArrayList<>();

    private MultipartUpload(S3Client client, S3Settings settings, String key, StoragePath path, String uploadId) {
        this.client = client;
        this.settings = settings;
        this.key = key;
        this.path = path;
        this.uploadId = uploadId;
    }

    static MultipartUpload start(S3Client client, S3Settings settings, String key, StoragePath path) {
        try {
            String id = client.createMultipartUpload(b -> b.bucket(settings.bucket()).key(key)).uploadId();
            return new MultipartUpload(client, settings, key, path, id);
        } catch (SdkException e) {
            throw S3Failures.map("starting the upload of '" + path + "'", settings.location(), e);
        }
    }

    /**
     * Sends {@code head} (already read) and the rest of the content in parts of the configured size
     * (all equal but the last, as R2 requires). An object that needs more than {@value #MAX_PARTS}
     * parts fails with IO: raise the part size.
     */
    void sendParts(byte[] head, CountedContent rest) {
        int size = settings.partSize();
        byte[] carry = head;
        int offset = 0;
        while (true) {
            byte[] part;
            if (carry != null && carry.length - offset >= size) {
                part = java.util.Arrays.copyOfRange(carry, offset, offset + size);
                offset += size;
            } else {
                byte[] tail = carry == null ? new byte[0] : java.util.Arrays.copyOfRange(carry, offset, carry.length);
                carry = null;
                byte[] more = rest.read(size - tail.length);
                part = concat(tail, more);
                if (part.length == 0) {
                    return;
                }
            }
            send(part);
            if (carry == null && part.length < size) {
                return;
            }
        }
    }

    private void send(byte[] part) {
        int number = parts.size() + 1;
        if (number > MAX_PARTS) {
            throw new StorageException(StorageException.Kind.IO, "'" + path + "' needs more than " + MAX_PARTS
                    + " parts of " + settings.partSize() + " bytes; raise partSizeMiB");
        }
        try {
            UploadPartResponse r = client.uploadPart(b -> b.bucket(settings.bucket()).key(key).uploadId(uploadId)
                    .partNumber(number).contentLength((long) part.length), RequestBody.fromBytes(part));
            parts.add(CompletedPart.builder().partNumber(number).eTag(r.eTag()).build());
        } catch (SdkException e) {
            throw S3Failures.map("uploading part " + number + " of '" + path + "'", settings.location(), e);
        }
    }

    /** Makes the object visible; the service tests {@code ifMatch} / {@code ifNoneMatch} when given. */
    void complete(String ifMatch, String ifNoneMatch) {
        try {
            client.completeMultipartUpload(b -> b.bucket(settings.bucket()).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)).ifMatch(ifMatch).ifNoneMatch(ifNoneMatch));
        } catch (SdkException e) {
            if (S3Failures.isMissingObject(e)) {
                // NoSuchUpload: someone aborted it
                throw new StorageException(StorageException.Kind.IO, "the upload of '" + path + "' was aborted"
                        + " by someone else; nothing was stored", e);
            }
            throw S3Failures.map("completing the upload of '" + path + "'", settings.location(), e);
        }
    }

    /** Throws the uploaded parts away; failures are logged, since a lifecycle rule can clean up too. */
    void abort() {
        try {
            client.abortMultipartUpload(b -> b.bucket(settings.bucket()).key(key).uploadId(uploadId));
        } catch (RuntimeException e) {
            LOG.warn("could not abort the failed upload {} of '{}' in the {}: {}; its parts stay until a"
                    + " lifecycle rule removes incomplete uploads", uploadId, path, settings.location(),
                    S3Failures.rootMessage(e));
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        if (a.length == 0) {
            return b;
        }
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
