package io.github.kinesisproducer.internal.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4. Production signs one kind of request (a POST with a fully buffered body and no query
 * string); the canonical request is built by the general steps of the specification, which the AWS test suite
 * checks (SigV4SuiteTest). Hashing the body is the only per-byte cost; the signing key is derived once per day and
 * credentials (HMAC chain of four steps), not per request.
 */
final class SigV4 {
    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    /**
     * Headers sent but not signed, as the AWS SDK leaves them out: proxies and client libraries may rewrite them (a
     * proxy appending to User-Agent would otherwise break the signature).
     */
    static final Set<String> UNSIGNED = Set.of("user-agent", "connection", "expect", "x-amzn-trace-id");
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final String region;
    private final String service;
    /** Cache of the derived key: valid for one (secret key, date) pair. Guarded by this. */
    private String keySecret;
    private String keyDate;
    private byte[] signingKey;

    SigV4(String region, String service) {
        this.region = region;
        this.service = service;
    }

    /**
     * Signs a POST to {@code path} without a query string. Adds {@code X-Amz-Date}, {@code X-Amz-Content-Sha256} (as
     * the AWS SDK does), {@code X-Amz-Security-Token} (when there is a session token) and {@code Authorization} to
     * {@code headers}. Every header already in the map is signed except {@link #UNSIGNED} ones; names must be unique
     * ignoring case.
     *
     * @param headers the request's headers including Host and Content-Length; modified in place
     * @param path the request target as sent (already percent-encoded, normalized)
     */
    void sign(Map<String, String> headers, String path, byte[] body, int bodyLength, String accessKeyId,
            String secretKey, String sessionToken, Instant now) {
        String amzDate = AMZ_DATE.format(now);
        String payloadHash = hex(sha256(body, bodyLength));
        headers.put("X-Amz-Date", amzDate);
        headers.put("X-Amz-Content-Sha256", payloadHash);
        if (sessionToken != null) {
            headers.put("X-Amz-Security-Token", sessionToken);
        }
        List<Map.Entry<String, String>> signed = new ArrayList<>(headers.size());
        headers.forEach((k, v) -> signed.add(Map.entry(k, v)));
        // A path sent percent-encoded is encoded once more for signing, as the SDK does for every service but S3.
        Canonical c = canonicalRequest("POST", uriEncode(path, false), "", signed, payloadHash);
        String scope = amzDate.substring(0, 8) + "/" + region + "/" + service + "/aws4_request";
        String signature = signature(secretKey, amzDate, stringToSign(amzDate, scope, c.request()));
        headers.put("Authorization", ALGORITHM + " Credential=" + accessKeyId + "/" + scope + ", SignedHeaders="
                + c.signedHeaders() + ", Signature=" + signature);
    }

    /** A canonical request and the list of header names it signs. */
    record Canonical(String request, String signedHeaders) {
    }

    /**
     * The canonical request: method, canonical URI, canonical query, the signed headers (names in lower case, sorted,
     * values trimmed with inner runs of white space made one space, repeated names joined with commas in their
     * order), the list of their names, and the payload hash.
     *
     * @param canonicalUri the path already encoded for signing ({@link #uriEncode})
     * @param canonicalQuery {@link #canonicalQuery} of the query string, or "" for none
     */
    static Canonical canonicalRequest(String method, String canonicalUri, String canonicalQuery,
            List<Map.Entry<String, String>> headers, String payloadHash) {
        TreeMap<String, String> canonical = new TreeMap<>();
        for (Map.Entry<String, String> h : headers) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (!UNSIGNED.contains(name)) {
                canonical.merge(name, canonicalValue(h.getValue()), (a, b) -> a + "," + b);
            }
        }
        StringBuilder request = new StringBuilder(512).append(method).append('\n').append(canonicalUri).append('\n')
                .append(canonicalQuery).append('\n');
        canonical.forEach((k, v) -> request.append(k).append(':').append(v).append('\n'));
        String signedHeaders = String.join(";", canonical.keySet());
        request.append('\n').append(signedHeaders).append('\n').append(payloadHash);
        return new Canonical(request.toString(), signedHeaders);
    }

    private static String canonicalValue(String v) {
        StringBuilder sb = new StringBuilder(v.length());
        boolean space = false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                space = sb.length() > 0;
            } else {
                if (space) {
                    sb.append(' ');
                    space = false;
                }
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * The canonical query string of a raw (percent-encoded) query: each name and value decoded and encoded again
     * the SigV4 way, sorted by name then value, a parameter without '=' given an empty value.
     */
    static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> params = new ArrayList<>();
        for (String p : rawQuery.split("&", 0)) { // trailing empty parameters dropped, as before
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            String name = eq < 0 ? p : p.substring(0, eq);
            String value = eq < 0 ? "" : p.substring(eq + 1);
            params.add(new String[] {uriEncode(percentDecode(name), true), uriEncode(percentDecode(value), true)});
        }
        params.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        StringBuilder sb = new StringBuilder();
        for (String[] p : params) {
            sb.append(sb.length() == 0 ? "" : "&").append(p[0]).append('=').append(p[1]);
        }
        return sb.toString();
    }

    /**
     * SigV4's URI encoding: every byte of the UTF-8 form except the unreserved characters (A-Z a-z 0-9 - _ . ~)
     * as %XY with upper-case hex; '/' too only if {@code encodeSlash}.
     */
    static String uriEncode(String s, boolean encodeSlash) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~' || (c == '/' && !encodeSlash)) {
                sb.append(c);
            } else {
                sb.append('%').append(Character.toUpperCase(HEX[c >> 4])).append(Character.toUpperCase(HEX[c & 0xF]));
            }
        }
        return sb.toString();
    }

    private static String percentDecode(String s) {
        return java.net.URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    static String stringToSign(String amzDate, String scope, String canonicalRequest) {
        return ALGORITHM + "\n" + amzDate + "\n" + scope + "\n"
                + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8), -1));
    }

    /** The hex signature of a string to sign, with the key derived for the date of {@code amzDate}. */
    String signature(String secretKey, String amzDate, String stringToSign) {
        return hex(hmac(key(secretKey, amzDate.substring(0, 8)), stringToSign));
    }

    private synchronized byte[] key(String secret, String date) {
        if (!date.equals(keyDate) || !secret.equals(keySecret)) {
            byte[] k = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
            k = hmac(k, region);
            k = hmac(k, service);
            signingKey = hmac(k, "aws4_request");
            keyDate = date;
            keySecret = secret;
        }
        return signingKey;
    }

    /** SHA-256 of the first {@code length} bytes (all of them when length is negative). */
    static byte[] sha256(byte[] data, int length) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(data, 0, length < 0 ? data.length : length);
            return md.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xF];
            out[2 * i + 1] = HEX[bytes[i] & 0xF];
        }
        return new String(out);
    }
}
