package io.github.kinesisproducer.kafka;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * The credentials settings of a connector: a profile, static keys, or the SDK's default chain, optionally as the
 * source of an assumed role. Building the provider makes no call: STS is asked when the producer first signs.
 */
record Credentials(String profile, String accessKeyId, String secretAccessKey, String roleArn, String roleSessionName,
        String roleExternalId, int roleDurationSeconds, String region) {

    /** A provider and what to close with the task. */
    record Provider(AwsCredentialsProvider provider, AutoCloseable resources) {
    }

    /** The provider for these settings, or null for the producer's default (the SDK's default chain). */
    Provider build() {
        AwsCredentialsProvider base = null;
        if (accessKeyId != null) {
            base = StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey));
        } else if (profile != null) {
            base = ProfileCredentialsProvider.create(profile);
        }
        if (roleArn == null) {
            return base == null ? null : new Provider(base, () -> { });
        }
        StsClientBuilder sts = StsClient.builder()
                .credentialsProvider(base != null ? base : DefaultCredentialsProvider.builder().build());
        if (region != null) {
            sts.region(Region.of(region));
        }
        StsClient client = sts.build();
        StsAssumeRoleCredentialsProvider role = StsAssumeRoleCredentialsProvider.builder().stsClient(client)
                .refreshRequest(r -> r.roleArn(roleArn).roleSessionName(roleSessionName)
                        .externalId(roleExternalId).durationSeconds(roleDurationSeconds))
                .build();
        return new Provider(role, () -> {
            role.close();
            client.close();
        });
    }

    /** Never the secret. */
    @Override
    public String toString() {
        return "Credentials[" + (accessKeyId != null ? "static keys " + accessKeyId
                : profile != null ? "profile " + profile : "default chain")
                + (roleArn != null ? ", role " + roleArn : "") + "]";
    }
}
