package io.github.kinesisproducer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kinesis.model.KinesisException;

/** Each kind of failure gives one line that names what was tried and what to do. */
class ErrorLineTest {
    private static final ErrorLine.Target AWS = new ErrorLine.Target("ListShards", "orders", "eu-west-1",
            "https://kinesis.eu-west-1.amazonaws.com", "profile 'dev' (~/.aws/credentials, ~/.aws/config)");

    private static AwsServiceException service(String code, String message, int status) {
        return KinesisException.builder().statusCode(status).message(message)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
    }

    private static void oneLine(String line) {
        assertThat(line).doesNotContain("\n");
        assertThat(line.length()).isLessThan(500);
    }

    @Test
    void aMissingStreamNamesTheStreamRegionAndEndpoint() {
        String line = ErrorLine.of(service("ResourceNotFoundException", "Stream orders under account 1 not found.",
                400), AWS);
        assertThat(line).isEqualTo("stream 'orders' not found in region eu-west-1 at https://kinesis.eu-west-1."
                + "amazonaws.com: check --stream and --region (or --endpoint), or create it: kinesis-producer stream "
                + "create orders --shards 1");
    }

    @Test
    void accessDeniedNamesTheRefusedActionAndTheCredentials() {
        String line = ErrorLine.of(service("AccessDeniedException", "User: arn:aws:iam::1:user/x is not authorized "
                + "to perform: kinesis:ListShards on resource: arn:aws:kinesis:eu-west-1:1:stream/orders\n" + "x"
                .repeat(3000), 400), AWS);
        oneLine(line);
        assertThat(line).startsWith("access denied: ListShards on stream 'orders' at https://kinesis.eu-west-1."
                + "amazonaws.com (region eu-west-1) is not allowed for the credentials from profile 'dev'")
                .contains("kinesis:ListShards permission");
    }

    @Test
    void refusedAndExpiredCredentialsSayWhereTheyCameFrom() {
        assertThat(ErrorLine.of(service("UnrecognizedClientException", "The security token included in the request "
                + "is invalid.", 400), AWS)).startsWith("the credentials from profile 'dev'").contains("were refused "
                + "by https://kinesis.eu-west-1.amazonaws.com (region eu-west-1)");
        assertThat(ErrorLine.of(service("ExpiredTokenException", "The security token included in the request is "
                + "expired", 400), AWS)).startsWith("the credentials from profile 'dev' (~/.aws/credentials, "
                + "~/.aws/config) have expired").contains("aws sso login");
    }

    @Test
    void missingCredentialsNameTheChainInsteadOfTheSdksLongMessage() {
        String sdk = "Unable to load credentials from any of the providers in the chain AwsCredentialsProviderChain("
                + "credentialsProviders=[" + "SystemPropertyCredentialsProvider(), ".repeat(40) + "])";
        String line = ErrorLine.of(SdkClientException.create(sdk), AWS);
        oneLine(line);
        assertThat(line).isEqualTo("no AWS credentials could be loaded from profile 'dev' (~/.aws/credentials, "
                + "~/.aws/config): set them (aws configure, aws sso login, or AWS_ACCESS_KEY_ID and "
                + "AWS_SECRET_ACCESS_KEY) or pass --profile");
    }

    @Test
    void connectionAndTlsProblemsNameTheEndpointAndRegion() {
        ErrorLine.Target local = new ErrorLine.Target("GetRecords", "s", "us-east-1", "http://127.0.0.1:9", "env");
        assertThat(ErrorLine.of(SdkClientException.create("Unable to execute HTTP request: Connection refused",
                new ConnectException("Connection refused")), local)).isEqualTo("cannot connect to Kinesis at "
                + "http://127.0.0.1:9 (region us-east-1): connection refused. Check --endpoint and --region; is the "
                + "emulator running? (kinesis-producer emulator)");
        assertThat(ErrorLine.of(SdkClientException.create("x", new UnknownHostException("kinesis.nowhere-1."
                + "amazonaws.com")), AWS)).startsWith("cannot connect to Kinesis at https://kinesis.eu-west-1."
                + "amazonaws.com (region eu-west-1): unknown host kinesis.nowhere-1.amazonaws.com");
        assertThat(ErrorLine.of(SdkClientException.create("x", new SSLHandshakeException("PKIX path building failed")),
                AWS)).startsWith("TLS with https://kinesis.eu-west-1.amazonaws.com (region eu-west-1) failed (PKIX "
                + "path building failed)").contains("javax.net.ssl.trustStore");
    }

    @Test
    void anythingElseIsTheCodeAndTheFirstLineCutShortWithWhatWasTried() {
        String line = ErrorLine.of(service("InternalFailureException", "boom\n" + "trace ".repeat(500), 500), AWS);
        assertThat(line).isEqualTo("InternalFailureException: boom (ListShards on stream 'orders' at "
                + "https://kinesis.eu-west-1.amazonaws.com (region eu-west-1))");
        assertThat(ErrorLine.quote("y".repeat(1000))).hasSize(ErrorLine.MAX_QUOTE).endsWith("...");
    }

    @Test
    void aStreamThatIsNotActiveSaysItsStatus() {
        assertThat(StreamStatus.notActive(AWS, "CREATING")).isEqualTo("stream 'orders' in region eu-west-1 at "
                + "https://kinesis.eu-west-1.amazonaws.com is CREATING, not ACTIVE: wait until it is "
                + "(kinesis-producer stream describe orders), then try again");
        assertThat(StreamStatus.notActive(AWS, "DELETING")).contains("is DELETING");
    }
}
