package io.github.kinesisproducer.bench.sink;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** A throw-away self-signed certificate (CN=localhost, SAN 127.0.0.1) made with the JDK's keytool at start-up. */
final class SelfSignedTls {
    private SelfSignedTls() {
    }

    /** The server's TLS context, and a trust store (PKCS12 file, deleted at exit) holding only its certificate. */
    record Tls(SSLContext context, Path trustStore, String trustStorePassword) {
    }

    static Tls create() throws IOException, GeneralSecurityException, InterruptedException {
        Path dir = Files.createTempDirectory("bench-sink-tls");
        Path store = dir.resolve("sink.p12");
        char[] password = UUID.randomUUID().toString().toCharArray();
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        try {
            List<String> cmd = List.of(keytool, "-genkeypair", "-alias", "sink", "-keyalg", "RSA", "-keysize", "2048",
                    "-validity", "30", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                    "-storetype", "PKCS12", "-keystore", store.toString(),
                    "-storepass", new String(password), "-keypass", new String(password));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("keytool failed: " + new String(out, java.nio.charset.Charset.defaultCharset()));
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                ks.load(in, password);
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            // Clients that verify certificates (our producer's own HTTP client) trust the sink through this file:
            // -Djavax.net.ssl.trustStore=... in the runner JVM, instead of turning verification off.
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("sink", ks.getCertificate("sink"));
            Path trustFile = Files.createTempFile("bench-sink-trust", ".p12");
            trustFile.toFile().deleteOnExit();
            String trustPassword = UUID.randomUUID().toString();
            try (java.io.OutputStream file = Files.newOutputStream(trustFile)) {
                trust.store(file, trustPassword.toCharArray());
            }
            return new Tls(ctx, trustFile, trustPassword);
        } finally {
            Files.deleteIfExists(store);
            Files.deleteIfExists(dir);
        }
    }
}
