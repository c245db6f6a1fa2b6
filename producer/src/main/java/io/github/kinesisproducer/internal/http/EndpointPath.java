package io.github.kinesisproducer.internal.http;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The request target for an endpoint: its path, kept (a VPC endpoint or a gateway can sit behind one, e.g.
 * {@code https://gateway.example/kinesis}), with dot segments and empty segments removed as the SigV4 rules
 * normalize it, so that what is sent and what is signed are the same path.
 */
public final class EndpointPath {
    private EndpointPath() {
    }

    /** @throws IllegalArgumentException if the endpoint has a query or a fragment (Kinesis calls carry none) */
    static String of(URI endpoint) {
        if (endpoint.getRawQuery() != null || endpoint.getRawFragment() != null) {
            throw new IllegalArgumentException("the endpoint must not have a query or a fragment: " + endpoint);
        }
        String raw = endpoint.getRawPath();
        return raw == null || raw.isEmpty() ? "/" : normalize(raw);
    }

    /**
     * RFC 3986's removal of "." and ".." segments, plus the removal of empty segments ("//"); a trailing slash is
     * kept. The result starts with "/".
     */
    public static String normalize(String path) {
        Deque<String> kept = new ArrayDeque<>();
        String[] segments = path.split("/", -1);
        String last = segments[segments.length - 1];
        for (String s : segments) {
            if (s.equals("..")) {
                kept.pollLast();
            } else if (!s.isEmpty() && !s.equals(".")) {
                kept.addLast(s);
            }
        }
        if (kept.isEmpty()) {
            return "/";
        }
        boolean trailing = last.isEmpty() || last.equals(".") || last.equals("..");
        return "/" + String.join("/", kept) + (trailing ? "/" : "");
    }
}
