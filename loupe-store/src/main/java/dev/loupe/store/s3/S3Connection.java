package dev.loupe.store.s3;

import dev.loupe.core.config.ConfigException;
import dev.loupe.core.config.LoupeConfig;
import dev.loupe.core.config.Settings;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * How to reach an S3-compatible store: endpoint, region, credentials, addressing style. Built from the
 * {@code s3.*} settings; immutable.
 *
 * @param endpoint        the server's URL, or null for AWS itself
 * @param region          the signing region ({@code us-east-1} suits most S3-compatible servers)
 * @param accessKeyId     null to use the AWS default chain (environment, profile, instance role)
 * @param secretAccessKey null exactly when {@code accessKeyId} is
 * @param pathStyle       address buckets as {@code endpoint/bucket} rather than {@code bucket.endpoint}
 */
public record S3Connection(URI endpoint, String region, String accessKeyId, String secretAccessKey, boolean pathStyle) {

    public S3Connection {
        if (region == null || region.isBlank()) {
            throw new ConfigException("setting s3.region must not be empty");
        }
        if ((accessKeyId == null) != (secretAccessKey == null)) {
            throw new ConfigException("set both s3.access-key-id and s3.secret-access-key, or neither (to use the AWS default credentials)");
        }
    }

    /** Reads the {@code s3.*} settings. */
    public static S3Connection from(LoupeConfig config) {
        URI endpoint = config.get(Settings.S3_ENDPOINT).filter(s -> !s.isBlank()).map(S3Connection::endpointUri).orElse(null);
        String pathStyle = config.get(Settings.S3_PATH_STYLE).orElse("true").strip().toLowerCase(Locale.ROOT);
        if (!pathStyle.equals("true") && !pathStyle.equals("false")) {
            throw new ConfigException("setting s3.path-style must be true or false, not '" + pathStyle + "'");
        }
        return new S3Connection(endpoint, config.get(Settings.S3_REGION).orElse("us-east-1"),
                config.get(Settings.S3_ACCESS_KEY_ID).filter(s -> !s.isBlank()).orElse(null),
                config.get(Settings.S3_SECRET_ACCESS_KEY).filter(s -> !s.isBlank()).orElse(null),
                Boolean.parseBoolean(pathStyle));
    }

    /** Where requests go, for messages: the endpoint, or AWS in the region. */
    public String describe() {
        return endpoint != null ? endpoint.toString() : "AWS S3 (" + region + ")";
    }

    /**
     * A client builder set up from these settings; {@link S3BlobStore#open} builds its client from it.
     * Request and response checksums are computed only when an operation requires them: many
     * S3-compatible servers reject the SDK's newer default (trailing CRC checksums in aws-chunked
     * bodies), and every read is verified against the blob's SHA-256 anyway.
     */
    public S3ClientBuilder clientBuilder() {
        S3ClientBuilder b = S3Client.builder()
                .region(Region.of(region))
                .credentialsProvider(credentials())
                .forcePathStyle(pathStyle)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(Apache5HttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(60))
                        .maxConnections(32));
        if (endpoint != null) {
            b.endpointOverride(endpoint);
        }
        return b;
    }

    AwsCredentialsProvider credentials() {
        if (accessKeyId != null) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    @Override
    public String toString() {
        // never print the secret
        return "S3Connection[" + describe() + ", pathStyle=" + pathStyle + ", accessKeyId=" + accessKeyId + "]";
    }

    private static URI endpointUri(String s) {
        try {
            URI u = URI.create(s.strip());
            if (u.getScheme() == null || u.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw new ConfigException("setting s3.endpoint is not a URL like http://host:9000: '" + s + "'");
        }
    }
}
