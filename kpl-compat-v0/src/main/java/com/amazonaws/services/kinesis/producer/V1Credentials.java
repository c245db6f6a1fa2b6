package com.amazonaws.services.kinesis.producer;

import com.amazonaws.auth.AWSCredentials;
import com.amazonaws.auth.AWSCredentialsProvider;
import com.amazonaws.auth.AWSSessionCredentials;
import com.amazonaws.auth.DefaultAWSCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * SDK v1 credentials for the SDK v2 signer: each request asks the v1 provider (which caches and refreshes as it
 * does), and session credentials keep their token. The only class of this module that loads SDK v1 classes, and only
 * when a v1 provider is used.
 */
final class V1Credentials implements AwsCredentialsProvider {
    private final AWSCredentialsProvider v1;

    V1Credentials(AWSCredentialsProvider v1) {
        this.v1 = v1;
    }

    /** The KPL 0.x default: the SDK v1 default chain. */
    static AWSCredentialsProvider defaultChain() {
        return DefaultAWSCredentialsProviderChain.getInstance();
    }

    @Override
    public AwsCredentials resolveCredentials() {
        AWSCredentials c = v1.getCredentials();
        if (c instanceof AWSSessionCredentials s) {
            return AwsSessionCredentials.create(s.getAWSAccessKeyId(), s.getAWSSecretKey(), s.getSessionToken());
        }
        return AwsBasicCredentials.create(c.getAWSAccessKeyId(), c.getAWSSecretKey());
    }

    @Override
    public String toString() {
        return "V1Credentials(" + v1.getClass().getSimpleName() + ")";
    }
}
