package io.coditect.studio.storage.s3.internal;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Builds the SDK client of a backend. */
final class S3Clients {

    private S3Clients() {
    }

    static S3Client build(S3Settings s) {
        // The SDK finds its interceptors and other resources through the context class loader first; in
        // OSGi that is some other bundle's, so it is pointed at this bundle (which embeds the SDK).
        Thread thread = Thread.currentThread();
        ClassLoader saved = thread.getContextClassLoader();
        thread.setContextClassLoader(S3Clients.class.getClassLoader());
        try {
            S3ClientBuilder b = S3Client.builder()
                    .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(s.connectTimeout())
                            .socketTimeout(s.requestTimeout()).build())
                    .region(Region.of(s.region()))
                    .credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(s.accessKeyId(), s.secretAccessKey())))
                    .forcePathStyle(s.pathStyle())
                    // checksums only where S3 requires them: the default (CRC32 on every request since
                    // SDK 2.30) is refused by several S3-compatible services, GCS among them
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                    .overrideConfiguration(o -> o.apiCallAttemptTimeout(s.requestTimeout()));
            if (s.endpoint() != null) {
                b.endpointOverride(s.endpoint());
            }
            return b.build();
        } finally {
            thread.setContextClassLoader(saved);
        }
    }
}
