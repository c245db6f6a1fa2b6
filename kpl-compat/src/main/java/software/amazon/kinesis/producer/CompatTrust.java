package software.amazon.kinesis.producer;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The KPL's TLS settings as a trust manager for the producer's {@code tlsTrustManager}: {@code VerifyCertificate=false}
 * accepts any certificate; {@code CaCertPath} (a directory of PEM certificates, as OpenSSL's CApath the KPL's daemon
 * hands them to) and {@code CaCertFile} (a PEM bundle) replace the trusted authorities; neither: null, the JVM's trust
 * store.
 */
final class CompatTrust {
    private CompatTrust() {
    }

    /** The trust manager the settings ask for, or null for the JVM's default. */
    static X509TrustManager of(KinesisProducerConfiguration c) {
        if (!c.isVerifyCertificate()) {
            return new AcceptAnything();
        }
        List<X509Certificate> anchors = new ArrayList<>();
        if (!c.getCaCertFile().isBlank()) {
            anchors.addAll(read(Path.of(c.getCaCertFile()), "CaCertFile"));
        }
        if (!c.getCaCertPath().isBlank()) {
            Path dir = Path.of(c.getCaCertPath());
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("CaCertPath " + dir + " is not a directory: set it to a directory of "
                        + "PEM CA certificates, or use CaCertFile for one file");
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    anchors.addAll(readIfCertificates(f));
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("CaCertPath " + dir + " cannot be read: " + e, e);
            }
            if (anchors.isEmpty()) {
                throw new IllegalArgumentException("CaCertPath " + dir + " holds no PEM certificate");
            }
        }
        return anchors.isEmpty() ? null : trusting(anchors);
    }

    private static List<X509Certificate> read(Path file, String setting) {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> certs = certificates(CertificateFactory.getInstance("X.509").generateCertificates(in));
            if (certs.isEmpty()) {
                throw new IllegalArgumentException(setting + " " + file + " holds no PEM certificate");
            }
            return certs;
        } catch (IOException e) {
            throw new IllegalArgumentException(setting + " " + file + " cannot be read: " + e, e);
        } catch (CertificateException e) {
            throw new IllegalArgumentException(setting + " " + file + " is not a PEM certificate file: "
                    + e.getMessage(), e);
        }
    }

    /** A file of the directory: its certificates, or none for a file that is not one (OpenSSL skips those too). */
    private static List<X509Certificate> readIfCertificates(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return certificates(CertificateFactory.getInstance("X.509").generateCertificates(in));
        } catch (IOException | CertificateException e) {
            return List.of();
        }
    }

    private static List<X509Certificate> certificates(Collection<? extends Certificate> all) {
        List<X509Certificate> out = new ArrayList<>();
        for (Certificate c : all) {
            if (c instanceof X509Certificate x) {
                out.add(x);
            }
        }
        return out;
    }

    private static X509TrustManager trusting(List<X509Certificate> anchors) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            for (int i = 0; i < anchors.size(); i++) {
                ks.setCertificateEntry("ca-" + i, anchors.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            return (X509TrustManager) tmf.getTrustManagers()[0];
        } catch (GeneralSecurityException | IOException e) {
            throw new IrrecoverableError("this JVM cannot build a trust manager for the CA certificates: " + e, e);
        }
    }

    /**
     * {@code VerifyCertificate=false}: accepts every server certificate and host name, as the KPL's daemon then does.
     * Extended, so that the JDK adds no host name check of its own.
     */
    static final class AcceptAnything extends X509ExtendedTrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("a producer does not accept client connections");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("a producer does not accept client connections");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a producer does not accept client connections");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
