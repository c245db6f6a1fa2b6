package io.github.kinesisproducer.emulator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * What a {@link KinesisProxy} does with one request: forward it (maybe rewritten) or answer it itself, and how the
 * exchange ends (an answer, a reset connection, a truncated answer, a stall). Immutable; the {@code with...}
 * methods return changed copies, so a rule can start from {@link #forward()} and add faults.
 *
 * <p>Each fault matches a way the real service or the network can behave, and what the producer can know:
 * <ul>
 *   <li>{@link #reset()}: the connection dies before the request reaches Kinesis (nothing stored).</li>
 *   <li>{@link #withResetAfterForwarding()}: Kinesis stored the request, the answer is lost (outcome unknown).</li>
 *   <li>{@link #withTruncatedBody(int)}: the head and part of the body arrive, then the connection closes.</li>
 *   <li>{@link #withDelayBeforeAnswer(Duration)}: the answer comes late (past a request timeout: a stall).</li>
 *   <li>{@link #withInterim(int)}: {@code 1xx} responses come before the real answer.</li>
 *   <li>{@link #answer}/{@link #error}: the service refuses the request (throttling, 500/503, access denied).</li>
 * </ul>
 */
public final class ProxyPlan {
    /** How the connection to the client is treated once the exchange is over. */
    enum Ending { KEEP_ALIVE, CLOSE, RESET }

    final boolean forward;
    final HttpMessage answer;
    final UnaryOperator<HttpMessage> mapRequest;
    final BiFunction<HttpMessage, HttpMessage, HttpMessage> mapResponse;
    final Duration delayBeforeForwarding;
    final Duration delayBeforeAnswer;
    final List<Integer> interim;
    final boolean resetBeforeForwarding;
    final boolean resetInsteadOfAnswer;
    final int truncateAfterBytes;
    final Ending ending;

    private ProxyPlan(boolean forward, HttpMessage answer, UnaryOperator<HttpMessage> mapRequest,
            BiFunction<HttpMessage, HttpMessage, HttpMessage> mapResponse, Duration delayBeforeForwarding,
            Duration delayBeforeAnswer, List<Integer> interim, boolean resetBeforeForwarding,
            boolean resetInsteadOfAnswer, int truncateAfterBytes, Ending ending) {
        this.forward = forward;
        this.answer = answer;
        this.mapRequest = mapRequest;
        this.mapResponse = mapResponse;
        this.delayBeforeForwarding = delayBeforeForwarding;
        this.delayBeforeAnswer = delayBeforeAnswer;
        this.interim = List.copyOf(interim);
        this.resetBeforeForwarding = resetBeforeForwarding;
        this.resetInsteadOfAnswer = resetInsteadOfAnswer;
        this.truncateAfterBytes = truncateAfterBytes;
        this.ending = ending;
    }

    private ProxyPlan with(boolean forward, HttpMessage answer, UnaryOperator<HttpMessage> mapRequest,
            BiFunction<HttpMessage, HttpMessage, HttpMessage> mapResponse, Duration delayBeforeForwarding,
            Duration delayBeforeAnswer, List<Integer> interim, boolean resetBeforeForwarding,
            boolean resetInsteadOfAnswer, int truncateAfterBytes, Ending ending) {
        return new ProxyPlan(forward, answer, mapRequest, mapResponse, delayBeforeForwarding, delayBeforeAnswer,
                interim, resetBeforeForwarding, resetInsteadOfAnswer, truncateAfterBytes, ending);
    }

    /** Forward the request unchanged and pass the answer back unchanged. */
    public static ProxyPlan forward() {
        return new ProxyPlan(true, null, UnaryOperator.identity(), (request, response) -> response, Duration.ZERO,
                Duration.ZERO, List.of(), false, false, -1, Ending.KEEP_ALIVE);
    }

    /** Answer with {@code response} without forwarding anything (the upstream never sees the request). */
    public static ProxyPlan answer(HttpMessage response) {
        Objects.requireNonNull(response, "response");
        return forward().with(false, response, UnaryOperator.identity(), (request, r) -> r, Duration.ZERO,
                Duration.ZERO, List.of(), false, false, -1, Ending.KEEP_ALIVE);
    }

    /**
     * Answer with a Kinesis error as the service sends it: the status, {@code x-amzn-ErrorType: type} and a JSON
     * body {@code {"__type": type, "message": message}}. Nothing is forwarded.
     */
    public static ProxyPlan error(int status, String type, String message) {
        String body = "{\"__type\":\"" + type + "\",\"message\":\"" + message.replace("\\", "\\\\")
                .replace("\"", "\\\"") + "\"}";
        return answer(HttpMessage.response(status, reason(status), Map.of("x-amzn-errortype", type),
                body.getBytes(StandardCharsets.UTF_8)));
    }

    /** Reset the client's connection (TCP RST) as soon as the request has arrived: nothing is forwarded. */
    public static ProxyPlan reset() {
        return forward().with(false, null, UnaryOperator.identity(), (request, r) -> r, Duration.ZERO,
                Duration.ZERO, List.of(), true, false, -1, Ending.RESET);
    }

    /** Forward {@code request} rewritten by {@code map} (a rewritten body gets its right length). */
    public ProxyPlan withRequest(UnaryOperator<HttpMessage> map) {
        return with(forward, answer, map, mapResponse, delayBeforeForwarding, delayBeforeAnswer, interim,
                resetBeforeForwarding, resetInsteadOfAnswer, truncateAfterBytes, ending);
    }

    /** Rewrite the upstream's answer: {@code map(request as forwarded, response)}. */
    public ProxyPlan withResponse(BiFunction<HttpMessage, HttpMessage, HttpMessage> map) {
        return with(forward, answer, mapRequest, map, delayBeforeForwarding, delayBeforeAnswer, interim,
                resetBeforeForwarding, resetInsteadOfAnswer, truncateAfterBytes, ending);
    }

    /** Hold the request this long before forwarding it (or before answering it, for {@link #answer}). */
    public ProxyPlan withDelayBeforeForwarding(Duration delay) {
        return with(forward, answer, mapRequest, mapResponse, delay, delayBeforeAnswer, interim,
                resetBeforeForwarding, resetInsteadOfAnswer, truncateAfterBytes, ending);
    }

    /** Hold the answer this long after the upstream gave it: past the client's request timeout this is a stall. */
    public ProxyPlan withDelayBeforeAnswer(Duration delay) {
        return with(forward, answer, mapRequest, mapResponse, delayBeforeForwarding, delay, interim,
                resetBeforeForwarding, resetInsteadOfAnswer, truncateAfterBytes, ending);
    }

    /** Send an interim response with this {@code 1xx} status (e.g. 100 or 103) before the real answer. */
    public ProxyPlan withInterim(int status) {
        if (status < 100 || status > 199) {
            throw new IllegalArgumentException("interim responses are 1xx, not " + status);
        }
        List<Integer> more = new ArrayList<>(interim);
        more.add(status);
        return with(forward, answer, mapRequest, mapResponse, delayBeforeForwarding, delayBeforeAnswer, more,
                resetBeforeForwarding, resetInsteadOfAnswer, truncateAfterBytes, ending);
    }

    /** Forward the request, let the upstream answer (and store), then reset the client's connection instead. */
    public ProxyPlan withResetAfterForwarding() {
        return with(true, null, mapRequest, mapResponse, delayBeforeForwarding, delayBeforeAnswer, interim, false,
                true, -1, Ending.RESET);
    }

    /**
     * Write the answer's head (its {@code Content-Length} still the whole body's) and only the first {@code bytes}
     * bytes of its body, then close the connection.
     */
    public ProxyPlan withTruncatedBody(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must be >= 0");
        }
        return with(forward, answer, mapRequest, mapResponse, delayBeforeForwarding, delayBeforeAnswer, interim,
                resetBeforeForwarding, resetInsteadOfAnswer, bytes, Ending.CLOSE);
    }

    /** Close the connection after the answer ({@code Connection: close} is not sent: the client learns it late). */
    public ProxyPlan withCloseAfterAnswer() {
        return with(forward, answer, mapRequest, mapResponse, delayBeforeForwarding, delayBeforeAnswer, interim,
                resetBeforeForwarding, resetInsteadOfAnswer, truncateAfterBytes, Ending.CLOSE);
    }

    static String reason(int status) {
        return switch (status) {
            case 100 -> "Continue";
            case 103 -> "Early Hints";
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 413 -> "Request Entity Too Large";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            default -> "Status " + status;
        };
    }

    @Override
    public String toString() {
        if (resetBeforeForwarding) {
            return "reset before forwarding";
        }
        StringBuilder sb = new StringBuilder(forward ? "forward" : "answer " + answer.startLine());
        if (!delayBeforeForwarding.isZero()) {
            sb.append(", delay ").append(delayBeforeForwarding.toMillis()).append(" ms before");
        }
        if (!interim.isEmpty()) {
            sb.append(", interim ").append(interim);
        }
        if (!delayBeforeAnswer.isZero()) {
            sb.append(", answer after ").append(delayBeforeAnswer.toMillis()).append(" ms");
        }
        if (resetInsteadOfAnswer) {
            sb.append(", reset instead of answering");
        }
        if (truncateAfterBytes >= 0) {
            sb.append(", body cut after ").append(truncateAfterBytes).append(" bytes");
        } else if (ending == Ending.CLOSE) {
            sb.append(", then close");
        }
        return sb.toString();
    }
}
