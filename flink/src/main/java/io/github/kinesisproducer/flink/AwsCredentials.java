package io.github.kinesisproducer.flink;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * Where each subtask's producer gets its AWS credentials: a serializable recipe that builds an SDK v2
 * {@link AwsCredentialsProvider} on the task manager (SDK providers themselves are not serializable).
 *
 * <p>The default is {@link #defaultChain()}: environment, system properties, web identity (EKS), profile, container
 * and instance roles, which is what Amazon's managed Flink service provides through the application's IAM role. Any
 * other provider: {@code AwsCredentials.of(() -> StsAssumeRoleCredentialsProvider.builder()...build())}, a lambda
 * that Flink serializes with the sink.
 */
@FunctionalInterface
public interface AwsCredentials extends Serializable {
    /** Builds the provider; called once per subtask when its writer starts. */
    AwsCredentialsProvider provider();

    /** The SDK's default chain (environment, system properties, web identity, profile, container, instance role). */
    static AwsCredentials defaultChain() {
        return () -> DefaultCredentialsProvider.builder().build();
    }

    /**
     * Fixed keys. They travel inside the job graph like any other sink setting: use them for tests and emulators,
     * and roles or the default chain in production.
     */
    static AwsCredentials basic(String accessKeyId, String secretAccessKey) {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        return () -> StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey));
    }

    /** {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY} (and {@code AWS_SESSION_TOKEN}) of the task manager. */
    static AwsCredentials environment() {
        return EnvironmentVariableCredentialsProvider::create;
    }

    /** The {@code aws.accessKeyId} / {@code aws.secretAccessKey} system properties of the task manager. */
    static AwsCredentials systemProperties() {
        return SystemPropertyCredentialsProvider::create;
    }

    /** A named profile of the task manager's {@code ~/.aws/credentials} and {@code ~/.aws/config}. */
    static AwsCredentials profile(String profileName) {
        Objects.requireNonNull(profileName, "profileName");
        return () -> ProfileCredentialsProvider.builder().profileName(profileName).build();
    }

    /** A named profile of a credentials file at {@code path} on the task manager. */
    static AwsCredentials profile(String profileName, String path) {
        Objects.requireNonNull(profileName, "profileName");
        Objects.requireNonNull(path, "path");
        return () -> ProfileCredentialsProvider.builder().profileName(profileName)
                .profileFile(ProfileFile.builder().content(Path.of(path)).type(ProfileFile.Type.CREDENTIALS).build())
                .build();
    }

    /** Any provider, built on the task manager by {@code recipe} (a lambda is serializable here). */
    static AwsCredentials of(AwsCredentials recipe) {
        return Objects.requireNonNull(recipe, "recipe");
    }
}
