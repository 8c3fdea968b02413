package io.coditect.studio.storage.s3.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import io.coditect.studio.api.StudioIds;

/**
 * The validated settings of one S3 backend. {@link #toString()} never shows the secret, so the
 * settings can be logged.
 *
 * @param endpoint           null for AWS S3
 * @param keyPrefix          empty, or segments ending with {@code /}
 * @param accessKeyId        null when none is configured (the backend is then DOWN)
 * @param secretAccessKey    null when none is configured
 * @param credentialsProblem why there are no usable credentials, or null
 */
public record S3Settings(String id, String displayName, URI endpoint, String region, String bucket, boolean pathStyle,
        String accessKeyId, String secretAccessKey, String credentialsProblem, String keyPrefix,
        int multipartThreshold, int partSize, Duration connectTimeout, Duration requestTimeout,
        boolean conditionalHeaders, boolean strictFolders) {

    static final int MIB = 1024 * 1024;
    /** S3 refuses parts (except the last) below 5 MiB. */
    static final int MIN_PART_SIZE = 5 * MIB;
    static final int MAX_BUFFER = 512 * MIB;

    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]");
    private static final Pattern PREFIX_SEGMENT = Pattern.compile("[A-Za-z0-9._-]+");
    private static final String SEALED = "ENC(";

    public S3Settings {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    /**
     * Reads and checks a configuration.
     *
     * @param env looks up environment variables (System::getenv outside tests)
     * @throws IllegalArgumentException naming the bad setting
     */
    static S3Settings of(S3Config c, UnaryOperator<String> env) {
        String id = trim(c.id());
        if (!StudioIds.isValid(id)) {
            throw new IllegalArgumentException("id '" + StudioIds.printable(id)
                    + "' is not a valid id (1-63 lower-case letters, digits or inner hyphens)");
        }
        String name = trim(c.name()).isEmpty() ? "S3 (" + id + ")" : trim(c.name());
        String bucket = trim(c.bucket());
        if (!BUCKET.matcher(bucket).matches()) {
            throw new IllegalArgumentException("bucket '" + StudioIds.printable(bucket)
                    + "' is not a valid bucket name (3-63 lower-case letters, digits, '.', '-' or '_')");
        }
        String region = trim(c.region()).isEmpty() ? "us-east-1" : trim(c.region());
        URI endpoint = endpoint(trim(c.endpoint()));
        int threshold = mib("multipartThresholdMiB", c.multipartThresholdMiB());
        int part = mib("partSizeMiB", c.partSizeMiB());

        String keyId = firstNonBlank(c.accessKeyId(), envValue(c.accessKeyIdEnv(), env));
        String secret = firstNonBlank(c.secretAccessKey(), envValue(c.secretAccessKeyEnv(), env));
        String problem = null;
        if (keyId == null) {
            problem = "no access key id: set 'accessKeyId' or the environment variable " + orNone(c.accessKeyIdEnv());
        } else if (secret == null) {
            problem = "no secret access key: set 'secretAccessKey' or the environment variable "
                    + orNone(c.secretAccessKeyEnv());
        } else if (secret.startsWith(SEALED)) {
            // the studio opens sealed values before components see them; this one was not opened
            problem = "the secret access key is sealed (ENC(...)) and could not be opened: is studio-security"
                    + " running with the master key that sealed it?";
            secret = null;
        }
        return new S3Settings(id, name, endpoint, region, bucket, c.pathStyle(), keyId, secret, problem,
                keyPrefix(c.keyPrefix()), threshold, part, seconds("connectTimeoutSeconds", c.connectTimeoutSeconds()),
                seconds("requestTimeoutSeconds", c.requestTimeoutSeconds()), c.conditionalHeaders(),
                c.strictFolders());
    }

    /** Where the bucket is, for messages: endpoint (or AWS region) and bucket. */
    String location() {
        return "bucket '" + bucket + "' at " + (endpoint == null ? "AWS S3 (" + region + ")" : endpoint)
                + (keyPrefix.isEmpty() ? "" : ", under '" + keyPrefix + "'");
    }

    boolean hasCredentials() {
        return credentialsProblem == null;
    }

    /** The same settings with other multipart sizes; for tests, which use small parts. */
    S3Settings withMultipart(int threshold, int part) {
        return new S3Settings(id, displayName, endpoint, region, bucket, pathStyle, accessKeyId, secretAccessKey,
                credentialsProblem, keyPrefix, threshold, part, connectTimeout, requestTimeout, conditionalHeaders,
                strictFolders);
    }

    @Override
    public String toString() {
        return "S3Settings[id=" + id + ", " + location() + ", pathStyle=" + pathStyle + ", accessKeyId="
                + accessKeyId + ", secretAccessKey=" + (secretAccessKey == null ? "(none)" : "(set)")
                + ", multipart above " + multipartThreshold + " bytes in parts of " + partSize + "]";
    }

    static URI endpoint(String value) {
        if (value.isEmpty()) {
            return null;
        }
        try {
            URI uri = new URI(value);
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new IllegalArgumentException("endpoint '" + value + "' is not an http(s) URL with a host");
            }
            if (uri.getUserInfo() != null) {
                throw new IllegalArgumentException("endpoint must not carry credentials; use accessKeyId and"
                        + " secretAccessKey");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("endpoint '" + value + "' is not a URL: " + e.getReason(), e);
        }
    }

    /** Normalises the key prefix to {@code a/b/} (or empty); refuses what could escape or confuse keys. */
    static String keyPrefix(String value) {
        String v = trim(value);
        while (v.startsWith("/")) {
            v = v.substring(1);
        }
        while (v.endsWith("/")) {
            v = v.substring(0, v.length() - 1);
        }
        if (v.isEmpty()) {
            return "";
        }
        for (String s : v.split("/", -1)) {
            if (!PREFIX_SEGMENT.matcher(s).matches() || s.equals(".") || s.equals("..")) {
                throw new IllegalArgumentException("keyPrefix '" + StudioIds.printable(value)
                        + "' must be folder names of letters, digits, '.', '_' and '-', separated by '/'");
            }
        }
        return v + "/";
    }

    private static int mib(String name, int value) {
        long bytes = (long) value * MIB;
        if (bytes < MIN_PART_SIZE || bytes > MAX_BUFFER) {
            throw new IllegalArgumentException(name + " must be between 5 and 512, was " + value);
        }
        return (int) bytes;
    }

    private static Duration seconds(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + value);
        }
        return Duration.ofSeconds(value);
    }

    private static String envValue(String name, UnaryOperator<String> env) {
        return name == null || name.isBlank() ? null : env.apply(name.trim());
    }

    private static String firstNonBlank(String a, String b) {
        if (a != null && !a.isBlank()) {
            return a.trim();
        }
        return b == null || b.isBlank() ? null : b.trim();
    }

    private static String orNone(String env) {
        return env == null || env.isBlank() ? "(none configured)" : env.trim();
    }

    private static String trim(String s) {
        return s == null ? "" : s.trim();
    }
}
