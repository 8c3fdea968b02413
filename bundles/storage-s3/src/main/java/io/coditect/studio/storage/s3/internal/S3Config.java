package io.coditect.studio.storage.s3.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One bucket on S3 or an S3-compatible service: a factory configuration with factory PID
 * {@value S3StorageComponent#PID}, for example {@code etc/io.coditect.studio.storage.s3-main.cfg}.
 * The README lists the settings for AWS, Cloudflare R2, GCS and MinIO.
 */
@ObjectClassDefinition(id = S3StorageComponent.PID, name = "CODITECT Studio: S3 object storage",
        description = "Objects in a bucket of AWS S3 or an S3-compatible service (Cloudflare R2, Google Cloud Storage"
                + " through its S3 interoperability API, MinIO). One configuration per bucket.")
public @interface S3Config {

    @AttributeDefinition(name = "Backend id", description = "Unique id of this storage backend (studio.plugin.id):"
            + " 1-63 lower-case letters, digits or inner hyphens.")
    String id() default "s3";

    @AttributeDefinition(name = "Display name", description = "Name shown to people.")
    String name() default "S3 object storage";

    @AttributeDefinition(name = "Endpoint", required = false, description = "Base URL of the service, for example"
            + " https://<account>.r2.cloudflarestorage.com, https://storage.googleapis.com or http://minio:9000."
            + " Empty means AWS S3 in the region below.")
    String endpoint() default "";

    @AttributeDefinition(name = "Region", description = "Signing region: the bucket's region on AWS, 'auto' on R2"
            + " and GCS, usually 'us-east-1' on MinIO.")
    String region() default "us-east-1";

    @AttributeDefinition(name = "Bucket", description = "The bucket holding the objects; it must exist.")
    String bucket();

    @AttributeDefinition(name = "Path-style addressing", description = "Address the bucket as <endpoint>/<bucket>"
            + " instead of <bucket>.<endpoint>. Needed by MinIO and most self-hosted services.")
    boolean pathStyle() default false;

    @AttributeDefinition(name = "Access key id", required = false,
            description = "Access key id. Empty: taken from the environment variable named below.")
    String accessKeyId() default "";

    @AttributeDefinition(name = "Access key id environment variable", required = false,
            description = "Environment variable holding the access key id, used when 'Access key id' is empty.")
    String accessKeyIdEnv() default "AWS_ACCESS_KEY_ID";

    @AttributeDefinition(name = "Secret access key", type = AttributeType.PASSWORD, required = false,
            description = "Secret access key; may be sealed as ENC(...). Empty: taken from the environment variable"
                    + " named below.")
    String secretAccessKey() default "";

    @AttributeDefinition(name = "Secret access key environment variable", required = false,
            description = "Environment variable holding the secret access key, used when 'Secret access key' is"
                    + " empty.")
    String secretAccessKeyEnv() default "AWS_SECRET_ACCESS_KEY";

    @AttributeDefinition(name = "Key prefix", required = false, description = "Folder inside the bucket under which"
            + " the studio keeps its objects, for example 'studio' (stored as studio/<org>/...). Empty: the bucket"
            + " root.")
    String keyPrefix() default "";

    @AttributeDefinition(name = "Multipart threshold (MiB)", min = "5", max = "512",
            description = "Objects larger than this are uploaded in parts. Up to this much is held in memory per"
                    + " upload.")
    int multipartThresholdMiB() default 16;

    @AttributeDefinition(name = "Part size (MiB)", min = "5", max = "512",
            description = "Size of each part of a multipart upload (S3's minimum is 5 MiB; at most 10,000 parts).")
    int partSizeMiB() default 8;

    @AttributeDefinition(name = "Connect timeout (s)", min = "1", description = "Time to open a connection.")
    int connectTimeoutSeconds() default 10;

    @AttributeDefinition(name = "Request timeout (s)", min = "1", description = "Longest time one request (one"
            + " attempt, one part of a multipart upload) may take, and the longest silence while reading a"
            + " response.")
    int requestTimeoutSeconds() default 120;

    @AttributeDefinition(name = "Send conditional headers", description = "Send If-Match / If-None-Match with"
            + " conditional writes and deletes, so that writers on other nodes are excluded too. AWS S3, R2 and"
            + " MinIO support them; turn off for services that reject them (GCS interoperability rejects"
            + " If-Match on delete). Writers inside one studio are always serialised per key.")
    boolean conditionalHeaders() default true;

    @AttributeDefinition(name = "Refuse objects below objects", description = "Refuse (CONFLICT) to store 'a/b'"
            + " while 'a' is an object and 'a' while 'a/...' holds objects, as file systems do, so that any"
            + " workspace can be checked out to disk. Costs one HEAD per parent folder and one LIST per write.")
    boolean strictFolders() default true;
}
