package io.coditect.studio.storage.s3.internal;

import io.coditect.studio.api.storage.StorageException;
import io.coditect.studio.api.storage.StorageException.Kind;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Turns the SDK's exceptions into the studio's typed {@link StorageException}s. */
final class S3Failures {

    private S3Failures() {
    }

    /**
     * @param what     the operation, for example {@code "reading 'acme/a.txt'"}
     * @param location where the bucket is, so an operator knows which configuration to check
     */
    static StorageException map(String what, String location, SdkException e) {
        if (e instanceof S3Exception s) {
            int status = s.statusCode();
            String code = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode();
            String detail = " (HTTP " + status + (code == null ? "" : " " + code) + ")";
            if ("NoSuchBucket".equals(code)) {
                return new StorageException(Kind.UNAVAILABLE, what + " failed: the " + location
                        + " does not exist" + detail, e);
            }
            if (status == 404) {
                return new StorageException(Kind.NOT_FOUND, what + " failed: no such object" + detail, e);
            }
            // 409 ConditionalRequestConflict: a concurrent conditional write won; the caller retries as for 412
            if (status == 412 || "ConditionalRequestConflict".equals(code)) {
                return new StorageException(Kind.PRECONDITION_FAILED, what + " failed: the object changed"
                        + " meanwhile" + detail, e);
            }
            if (status == 401 || status == 403) {
                return new StorageException(Kind.UNAVAILABLE, what + " failed: the " + location
                        + " refused the credentials" + detail + "; check accessKeyId, the secret and the key's"
                        + " permissions", e);
            }
            if (status >= 500 || status == 429) {
                return new StorageException(Kind.UNAVAILABLE, what + " failed: the service is unavailable" + detail,
                        e);
            }
            return new StorageException(Kind.IO, what + " failed" + detail + ": " + s.getMessage(), e);
        }
        if (e instanceof SdkClientException) {
            return new StorageException(Kind.UNAVAILABLE, what + " failed: cannot reach the " + location + ": "
                    + rootMessage(e), e);
        }
        return new StorageException(Kind.IO, what + " failed: " + rootMessage(e), e);
    }

    /** True when the failure is S3 saying "no such object" (not "no such bucket"). */
    static boolean isMissingObject(SdkException e) {
        if (e instanceof S3Exception s && s.statusCode() == 404) {
            String code = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode();
            return !"NoSuchBucket".equals(code);
        }
        return false;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
