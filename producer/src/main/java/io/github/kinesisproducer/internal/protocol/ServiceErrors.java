package io.github.kinesisproducer.internal.protocol;

import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An HTTP error response from Kinesis as an {@link AwsServiceException} (the SDK's general service exception type),
 * with the error code, message, status and request id the SDK would have given, so that callers and
 * {@link KinesisErrors} see the same codes and messages whichever client sent the request. Without the SDK's Kinesis
 * module there are no Kinesis-specific subclasses (such as {@code ResourceNotFoundException}): the code says which.
 */
final class ServiceErrors {
    private ServiceErrors() {
    }

    static AwsServiceException of(SdkHttpResponse response, byte[] body, int length) {
        String code = response.firstMatchingHeader("x-amzn-ErrorType").map(ServiceErrors::codeFromHeader).orElse(null);
        String message = null;
        try {
            if (length > 0 && Json.parse(body, length) instanceof Map<?, ?> m) {
                if (code == null && m.get("__type") != null) {
                    String type = m.get("__type").toString();
                    code = type.substring(type.lastIndexOf('#') + 1);
                }
                message = PutRecordsJson.text(m, "message");
                if (message == null) {
                    message = PutRecordsJson.text(m, "Message");
                }
            }
        } catch (IllegalArgumentException notJson) {
            // An HTML page from a proxy or load balancer: the status code is all there is.
        }
        if (message == null) {
            message = "HTTP " + response.statusCode() + (response.statusText().isPresent()
                    ? " " + response.statusText().get() : "");
        }
        AwsErrorDetails details = AwsErrorDetails.builder()
                .errorCode(code)
                .errorMessage(message)
                .serviceName("Kinesis")
                .sdkHttpResponse(response)
                .build();
        return AwsServiceException.builder()
                .awsErrorDetails(details)
                .statusCode(response.statusCode())
                .requestId(response.firstMatchingHeader("x-amzn-RequestId").orElse(null))
                .message(message)
                .build();
    }

    /** "ResourceNotFoundException:http://internal.amazon.com/coral/..." → "ResourceNotFoundException". */
    private static String codeFromHeader(String value) {
        int colon = value.indexOf(':');
        return colon < 0 ? value : value.substring(0, colon);
    }
}
