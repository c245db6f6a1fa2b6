package io.github.kinesisproducer.internal.http;

import java.io.IOException;
import java.net.Socket;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * TLS for one endpoint: TLS 1.2 or 1.3 only, the certificate checked against the host name (the JDK does not do that
 * for a plain {@code SSLSocket}), SNI sent for a host name, and a handshake failure explained in words (expired,
 * wrong host, untrusted CA) rather than left as the JDK's certificate path exception.
 */
final class Tls {
    /** Newest first; anything older has known weaknesses and AWS endpoints refuse it. */
    static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final SSLSocketFactory factory;
    private final String host;
    private final int port;

    /** @param factory null for the JVM's default (its trust store, javax.net.ssl.*) */
    Tls(SSLSocketFactory factory, String host, int port) {
        this.factory = factory;
        this.host = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        this.port = port;
    }

    /** Layers TLS over a connected socket and completes the handshake (closing the socket with it on failure). */
    SSLSocket handshake(Socket connected) throws IOException {
        SSLSocketFactory f = factory != null ? factory : (SSLSocketFactory) SSLSocketFactory.getDefault();
        SSLSocket ssl = (SSLSocket) f.createSocket(connected, host, port, true);
        SSLParameters p = ssl.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        List<String> supported = Arrays.asList(ssl.getSupportedProtocols());
        List<String> protocols = new ArrayList<>(PROTOCOLS);
        protocols.retainAll(supported);
        if (protocols.isEmpty()) {
            throw new SSLHandshakeException("this JVM supports neither TLS 1.3 nor TLS 1.2 (it offers " + supported
                    + "): the producer uses no older TLS version");
        }
        p.setProtocols(protocols.toArray(String[]::new));
        SNIHostName sni = sniFor(host);
        if (sni != null) {
            p.setServerNames(List.of(sni));
        }
        ssl.setSSLParameters(p);
        try {
            ssl.startHandshake();
        } catch (SSLException e) {
            Reason why = reason(e);
            String text = "TLS handshake with " + host + ":" + port + " failed: " + why.text() + " (" + e.getMessage()
                    + ")";
            if (why.permanent()) {
                throw new TlsRefusedException(text, e);
            }
            SSLHandshakeException clear = new SSLHandshakeException(text);
            clear.initCause(e);
            throw clear;
        }
        return ssl;
    }

    /** What went wrong, and whether trying again could change it. */
    private record Reason(String text, boolean permanent) {
    }

    /** The SNI name for a host, or null for an IP literal (SNI carries host names only). */
    static SNIHostName sniFor(String host) {
        if (host.indexOf(':') >= 0 || host.matches("[0-9.]+")) {
            return null;
        }
        try {
            return new SNIHostName(host);
        } catch (IllegalArgumentException notAHostName) {
            return null;
        }
    }

    private Reason reason(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            String m = String.valueOf(c.getMessage());
            if (c instanceof CertificateExpiredException || (c instanceof CertPathValidatorException v
                    && v.getReason() == CertPathValidatorException.BasicReason.EXPIRED)) {
                return new Reason("the server's certificate has expired", true);
            }
            if (c instanceof CertificateNotYetValidException || (c instanceof CertPathValidatorException v
                    && v.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID)) {
                return new Reason("the server's certificate is not valid yet (or this machine's clock is wrong)", true);
            }
            if (m.contains("No subject alternative") || m.contains("No name matching")) {
                return new Reason("the server's certificate is not for " + host
                        + " (a wrong endpoint, or something in between presenting its own certificate)", true);
            }
            if (c.getClass().getSimpleName().contains("CertPathBuilderException")
                    || m.contains("unable to find valid certification path")) {
                return new Reason("the server's certificate is not issued by a certificate authority this JVM "
                        + "trusts (its trust store: javax.net.ssl.trustStore, or the JDK's cacerts)", true);
            }
            if (m.contains("protocol_version") || m.contains("No appropriate protocol")) {
                return new Reason("the server and the producer have no TLS version in common (the producer uses "
                        + "TLS 1.2 or 1.3)", true);
            }
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof java.security.cert.CertificateException) {
                return new Reason("the server's certificate was not accepted (" + c.getMessage() + ")", true);
            }
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof java.io.EOFException || c instanceof java.net.SocketException
                    || String.valueOf(c.getMessage()).contains("Remote host terminated")) {
                return new Reason("the connection was closed during the handshake", false);
            }
        }
        return new Reason("the server's certificate or TLS settings were not accepted", false);
    }
}
