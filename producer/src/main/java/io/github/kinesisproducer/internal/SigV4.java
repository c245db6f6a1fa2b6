package io.github.kinesisproducer.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for one kind of request: a POST to "/" with no query string and a fully buffered body,
 * which is all the PutRecords path needs. Hashing the body is the only per-byte cost; the signing key is derived
 * once per day and credentials (HMAC chain of four steps), not per request.
 */
final class SigV4 {
    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
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
     * Adds {@code X-Amz-Date}, {@code X-Amz-Security-Token} (when there is a session token) and {@code Authorization}
     * to {@code headers}. Every header already in the map is signed; names must be unique ignoring case.
     *
     * @param headers the request's headers including Host; modified in place
     */
    void sign(Map<String, String> headers, byte[] body, int bodyLength, String accessKeyId, String secretKey,
            String sessionToken, Instant now) {
        String amzDate = AMZ_DATE.format(now);
        String date = amzDate.substring(0, 8);
        headers.put("X-Amz-Date", amzDate);
        if (sessionToken != null) {
            headers.put("X-Amz-Security-Token", sessionToken);
        }
        TreeMap<String, String> canonical = new TreeMap<>();
        headers.forEach((k, v) -> canonical.put(k.toLowerCase(java.util.Locale.ROOT), v.trim()));
        StringBuilder request = new StringBuilder(256).append("POST\n/\n\n");
        canonical.forEach((k, v) -> request.append(k).append(':').append(v).append('\n'));
        String signedHeaders = String.join(";", canonical.keySet());
        request.append('\n').append(signedHeaders).append('\n').append(hex(sha256(body, bodyLength)));

        String scope = date + "/" + region + "/" + service + "/aws4_request";
        byte[] requestHash = sha256(request.toString().getBytes(StandardCharsets.UTF_8), -1);
        String toSign = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + hex(requestHash);
        String signature = hex(hmac(key(secretKey, date), toSign));
        headers.put("Authorization", ALGORITHM + " Credential=" + accessKeyId + "/" + scope + ", SignedHeaders="
                + signedHeaders + ", Signature=" + signature);
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
