package io.github.kinesisproducer.emulator;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * A throw-away TLS identity for local test servers, made in memory in milliseconds: a certificate authority and a
 * server certificate it signs for {@code 127.0.0.1} and {@code localhost} (or the names given), valid from an hour ago
 * for a day. Clients trust it through {@link #trustManager()}, {@link #clientContext()} or the CA's PEM text
 * ({@link #writeCaPem(Path)}, for tools that take a CA file). Never for production: the keys live only in this JVM.
 *
 * <p>The certificates are DER written by hand with the JDK's EC keys and ECDSA signatures: the JDK has no public API
 * to issue certificates, and {@code keytool} costs a JVM start per step.
 */
public final class TlsIdentity {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] ECDSA_WITH_SHA256 = oid(1, 2, 840, 10045, 4, 3, 2);

    private final X509Certificate ca;
    private final X509Certificate server;
    private final KeyPair serverKeys;

    private TlsIdentity(X509Certificate ca, X509Certificate server, KeyPair serverKeys) {
        this.ca = ca;
        this.server = server;
        this.serverKeys = serverKeys;
    }

    /** A CA and a server certificate for {@code 127.0.0.1} and {@code localhost}. */
    public static TlsIdentity forLoopback() {
        return forNames(List.of("127.0.0.1", "localhost"));
    }

    /** A CA and a server certificate for these names (IPv4 literals become IP addresses, the rest DNS names). */
    public static TlsIdentity forNames(List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a server certificate needs at least one name");
        }
        Instant now = Instant.now();
        Instant from = now.minusSeconds(3600);
        Instant until = now.plusSeconds(86_400);
        KeyPair caKeys = ecKeys();
        String caName = "kinesis-producer test CA " + Long.toHexString(RANDOM.nextLong());
        byte[] caExtensions = seq(
                extension(oid(2, 5, 29, 19), true, seq(tlv(0x01, new byte[] {(byte) 0xFF}))), // basicConstraints CA
                extension(oid(2, 5, 29, 15), true, tlv(0x03, new byte[] {1, 0x06}))); // keyCertSign, cRLSign
        X509Certificate ca = sign(caName, caKeys, caName, caKeys, from, until, caExtensions);

        KeyPair keys = ecKeys();
        ByteArrayOutputStream san = new ByteArrayOutputStream();
        for (String n : names) {
            if (n.matches("[0-9.]+")) {
                san.writeBytes(tlv(0x87, address(n)));
            } else {
                san.writeBytes(tlv(0x82, n.getBytes(StandardCharsets.US_ASCII)));
            }
        }
        byte[] extensions = seq(
                extension(oid(2, 5, 29, 15), true, tlv(0x03, new byte[] {7, (byte) 0x80})), // digitalSignature
                extension(oid(2, 5, 29, 37), false, seq(oid(1, 3, 6, 1, 5, 5, 7, 3, 1))), // serverAuth
                extension(oid(2, 5, 29, 17), false, tlv(0x30, san.toByteArray())));
        X509Certificate server = sign(names.get(0), keys, caName, caKeys, from, until, extensions);
        return new TlsIdentity(ca, server, keys);
    }

    /** The certificate authority that signed the server certificate: what clients trust. */
    public X509Certificate caCertificate() {
        return ca;
    }

    /** The certificate the server presents. */
    public X509Certificate serverCertificate() {
        return server;
    }

    /** The CA certificate as PEM text. */
    public String caPem() {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(ca.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@link #caPem()} to {@code file} and returns it. */
    public Path writeCaPem(Path file) throws IOException {
        Files.writeString(file, caPem(), StandardCharsets.US_ASCII);
        return file;
    }

    /** A server context presenting the server certificate (with the CA in its chain). */
    public SSLContext serverContext() {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            char[] password = "x".toCharArray();
            ks.setKeyEntry("server", serverKeys.getPrivate(), password, new X509Certificate[] {server, ca});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("could not build the server's TLS context", e);
        }
    }

    /** The JDK's standard trust manager with this CA as its only anchor (certificate paths and dates are checked). */
    public X509TrustManager trustManager() {
        try {
            KeyStore ts = KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            ts.setCertificateEntry("ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ts);
            return (X509TrustManager) tmf.getTrustManagers()[0];
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("could not build a trust manager for the test CA", e);
        }
    }

    /** A client context that trusts this CA only. */
    public SSLContext clientContext() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new javax.net.ssl.TrustManager[] {trustManager()}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair ecKeys() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate sign(String subject, KeyPair subjectKeys, String issuer, KeyPair issuerKeys,
            Instant notBefore, Instant notAfter, byte[] extensions) {
        try {
            byte[] algorithm = seq(ECDSA_WITH_SHA256);
            byte[] tbs = seq(
                    tlv(0xA0, tlv(0x02, new byte[] {2})), // version 3
                    tlv(0x02, new BigInteger(63, RANDOM).add(BigInteger.ONE).toByteArray()),
                    algorithm,
                    name(issuer),
                    seq(time(notBefore), time(notAfter)),
                    name(subject),
                    subjectKeys.getPublic().getEncoded(), // SubjectPublicKeyInfo, DER already
                    tlv(0xA3, extensions));
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(issuerKeys.getPrivate());
            s.update(tbs);
            byte[] signature = s.sign();
            byte[] bits = new byte[signature.length + 1]; // no unused bits
            System.arraycopy(signature, 0, bits, 1, signature.length);
            byte[] der = seq(tbs, algorithm, tlv(0x03, bits));
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] name(String cn) {
        return seq(tlv(0x31, seq(oid(2, 5, 4, 3), tlv(0x0C, cn.getBytes(StandardCharsets.UTF_8)))));
    }

    private static byte[] time(Instant t) {
        // UTCTime for 1950-2049, GeneralizedTime otherwise (RFC 5280 §4.1.2.5).
        int year = t.atZone(ZoneOffset.UTC).getYear();
        String pattern = year >= 1950 && year < 2050 ? "yyMMddHHmmss'Z'" : "yyyyMMddHHmmss'Z'";
        byte[] text = DateTimeFormatter.ofPattern(pattern).withZone(ZoneOffset.UTC).format(t)
                .getBytes(StandardCharsets.US_ASCII);
        return tlv(year >= 1950 && year < 2050 ? 0x17 : 0x18, text);
    }

    private static byte[] extension(byte[] oid, boolean critical, byte[] value) {
        return critical ? seq(oid, tlv(0x01, new byte[] {(byte) 0xFF}), tlv(0x04, value))
                : seq(oid, tlv(0x04, value));
    }

    private static byte[] address(String ip) {
        try {
            return InetAddress.getByName(ip).getAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(ip, e);
        }
    }

    private static byte[] oid(int... arcs) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(arcs[0] * 40 + arcs[1]);
        for (int i = 2; i < arcs.length; i++) {
            int v = arcs[i];
            int shift = 28;
            while (shift > 0 && (v >>> shift) == 0) {
                shift -= 7;
            }
            for (; shift > 0; shift -= 7) {
                b.write(0x80 | ((v >>> shift) & 0x7F));
            }
            b.write(v & 0x7F);
        }
        return tlv(0x06, b.toByteArray());
    }

    private static byte[] seq(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return tlv(0x30, b.toByteArray());
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(value.length + 6);
        b.write(tag);
        int n = value.length;
        if (n < 0x80) {
            b.write(n);
        } else if (n < 0x100) {
            b.write(0x81);
            b.write(n);
        } else if (n < 0x10000) {
            b.write(0x82);
            b.write(n >> 8);
            b.write(n);
        } else {
            b.write(0x83);
            b.write(n >> 16);
            b.write(n >> 8);
            b.write(n);
        }
        b.writeBytes(value);
        return b.toByteArray();
    }
}
