package io.github.kinesisproducer.internal.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
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
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * X.509 certificates made in the test, in memory, in milliseconds: a CA, and server certificates it signs for given
 * names and validity (expired, for another host, ...). Plain DER written by hand with the JDK's EC keys and ECDSA
 * signatures (the JDK has no public API to issue certificates, and keytool costs a JVM start per step).
 */
final class TestCertificates {
    /** A key and its certificate, with the chain up to (and including) the CA. */
    record Issued(KeyPair keys, X509Certificate certificate, List<X509Certificate> chain) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] ECDSA_WITH_SHA256 = oid(1, 2, 840, 10045, 4, 3, 2);

    private TestCertificates() {
    }

    /** A self-signed CA valid from an hour ago for a day. */
    static Issued ca(String name) {
        KeyPair keys = ecKeys();
        Instant now = Instant.now();
        byte[] extensions = seq(
                extension(oid(2, 5, 29, 19), true, seq(tlv(0x01, new byte[] {(byte) 0xFF}))), // basicConstraints CA
                extension(oid(2, 5, 29, 15), true, tlv(0x03, new byte[] {1, 0x06}))); // keyCertSign, cRLSign
        X509Certificate cert = sign(name, keys, name, keys, now.minusSeconds(3600), now.plusSeconds(86_400),
                extensions);
        return new Issued(keys, cert, List.of(cert));
    }

    /**
     * A server certificate signed by {@code issuer} for these subject alternative names ("127.0.0.1" and other
     * IP literals become IP addresses, anything else DNS names).
     */
    static Issued server(Issued issuer, String cn, List<String> names, Instant notBefore, Instant notAfter) {
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
        X509Certificate cert = sign(cn, keys, subjectOf(issuer), issuer.keys(), notBefore, notAfter, extensions);
        List<X509Certificate> chain = new java.util.ArrayList<>();
        chain.add(cert);
        chain.addAll(issuer.chain());
        return new Issued(keys, cert, chain);
    }

    /** A server certificate valid from an hour ago for a day. */
    static Issued server(Issued issuer, String cn, List<String> names) {
        Instant now = Instant.now();
        return server(issuer, cn, names, now.minusSeconds(3600), now.plusSeconds(86_400));
    }

    /** A context whose key manager presents {@code identity} (with its chain) and which trusts nothing. */
    static SSLContext serverContext(Issued identity) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        char[] password = "x".toCharArray();
        ks.setKeyEntry("server", identity.keys().getPrivate(), password,
                identity.chain().toArray(X509Certificate[]::new));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    /** A context that trusts exactly these certificates (as trust anchors). */
    static SSLContext clientTrusting(X509Certificate... anchors) throws Exception {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        for (int i = 0; i < anchors.length; i++) {
            ts.setCertificateEntry("anchor" + i, anchors[i]);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    private static String subjectOf(Issued issuer) {
        String dn = issuer.certificate().getSubjectX500Principal().getName();
        return dn.startsWith("CN=") ? dn.substring(3) : dn;
    }

    private static KeyPair ecKeys() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
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
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] name(String cn) {
        return seq(tlv(0x31, seq(oid(2, 5, 4, 3), tlv(0x0C, cn.getBytes(StandardCharsets.UTF_8)))));
    }

    private static byte[] time(Instant t) {
        int year = t.atZone(ZoneOffset.UTC).getYear();
        if (year >= 1950 && year < 2050) {
            return tlv(0x17, DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC).format(t)
                    .getBytes(StandardCharsets.US_ASCII));
        }
        return tlv(0x18, DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC).format(t)
                .getBytes(StandardCharsets.US_ASCII));
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
