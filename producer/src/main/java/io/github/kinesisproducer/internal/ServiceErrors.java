package io.github.kinesisproducer.internal;

import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.kinesis.model.AccessDeniedException;
import software.amazon.awssdk.services.kinesis.model.ExpiredNextTokenException;
import software.amazon.awssdk.services.kinesis.model.InternalFailureException;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.KmsAccessDeniedException;
import software.amazon.awssdk.services.kinesis.model.KmsDisabledException;
import software.amazon.awssdk.services.kinesis.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kinesis.model.KmsNotFoundException;
import software.amazon.awssdk.services.kinesis.model.KmsOptInRequiredException;
import software.amazon.awssdk.services.kinesis.model.KmsThrottlingException;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.ValidationException;

/**
 * An HTTP error response from Kinesis as the SDK exception the SDK itself would have thrown, so that callers and
 * {@link RetryPolicy} see the same types, codes and messages whichever path sent the request.
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
        return builderFor(code)
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

    private static KinesisException.Builder builderFor(String code) {
        if (code == null) {
            return KinesisException.builder();
        }
        return switch (code) {
            case "ResourceNotFoundException" -> ResourceNotFoundException.builder();
            case "ProvisionedThroughputExceededException" -> ProvisionedThroughputExceededException.builder();
            case "InvalidArgumentException" -> InvalidArgumentException.builder();
            case "AccessDeniedException" -> AccessDeniedException.builder();
            case "LimitExceededException" -> LimitExceededException.builder();
            case "ExpiredNextTokenException" -> ExpiredNextTokenException.builder();
            case "ResourceInUseException" -> ResourceInUseException.builder();
            case "ValidationException" -> ValidationException.builder();
            case "InternalFailureException" -> InternalFailureException.builder();
            case "KMSDisabledException" -> KmsDisabledException.builder();
            case "KMSInvalidStateException" -> KmsInvalidStateException.builder();
            case "KMSAccessDeniedException" -> KmsAccessDeniedException.builder();
            case "KMSNotFoundException" -> KmsNotFoundException.builder();
            case "KMSOptInRequired" -> KmsOptInRequiredException.builder();
            case "KMSThrottlingException" -> KmsThrottlingException.builder();
            default -> KinesisException.builder();
        };
    }
}
