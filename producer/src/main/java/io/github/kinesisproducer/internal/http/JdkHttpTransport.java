package io.github.kinesisproducer.internal.http;

import java.io.IOException;
import java.net.Authenticator;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * {@link HttpTransport} on the JDK's {@code java.net.http.HttpClient}: HTTP/1.1 for http://, HTTP/2 offered by ALPN
 * for https:// (HTTP/1.1 if the server declines). Not the default: it was measured against {@link Http11Client}
 * (docs/performance.md) and is selected only by the internal system property {@value #PROPERTY}{@code =jdk}, for that
 * comparison.
 *
 * <p>Through an HTTP proxy it uses the JDK's own proxy support ({@code ProxySelector}, and for credentials an
 * {@code Authenticator} of this client only). The JDK refuses Basic authentication for {@code CONNECT} tunnels unless
 * the JVM's {@code jdk.http.auth.tunneling.disabledSchemes} says otherwise, and a library must not change that for
 * its users: a proxy with credentials for an https:// endpoint is refused at once, with a message saying so.
 *
 * <p>Its verdicts are coarser: the JDK does not say whether a failed request had been written whole, so every failure
 * but a refused or timed-out connect counts as "may have been stored" ({@link RequestSentException}).
 */
public final class JdkHttpTransport implements HttpTransport {
    /** {@code own} (default) or {@code jdk}: which socket layer the producer's own Kinesis client uses. */
    public static final String PROPERTY = "kinesis.producer.internal.http";
    /** Headers the JDK sets itself (from the URI and the body) and refuses from callers. */
    private static final Set<String> SET_BY_THE_JDK = Set.of("host", "content-length", "connection", "expect",
            "upgrade");
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final HttpClient client;
    private final URI target;
    private final String hostHeader;
    private final String path;
    private final Duration requestTimeout;
    private final ExecutorService executor;

    /** @param tls for https; null for the JVM's default context */
    public JdkHttpTransport(URI endpoint, Duration connectTimeout, Duration requestTimeout, SSLContext tls) {
        this(endpoint, connectTimeout, requestTimeout, tls, null);
    }

    /**
     * @param tls for https; null for the JVM's default context
     * @param proxy the HTTP proxy to go through; null to connect directly
     * @throws IllegalArgumentException for a proxy with credentials in front of an https:// endpoint while the JVM
     *     disables Basic authentication for tunnels (its default)
     */
    public JdkHttpTransport(URI endpoint, Duration connectTimeout, Duration requestTimeout, SSLContext tls,
            HttpProxy proxy) {
        boolean https = "https".equalsIgnoreCase(endpoint.getScheme());
        int port = endpoint.getPort() > 0 ? endpoint.getPort() : https ? 443 : 80;
        this.path = EndpointPath.of(endpoint);
        this.hostHeader = port == (https ? 443 : 80) ? endpoint.getHost() : endpoint.getHost() + ":" + port;
        this.target = URI.create(endpoint.getScheme() + "://" + hostHeader + path);
        this.requestTimeout = requestTimeout;
        if (proxy != null && proxy.hasCredentials() && https && basicTunnelingDisabled()) {
            throw new IllegalArgumentException("the java.net.http transport (system property " + PROPERTY + "=jdk) "
                    + "cannot authenticate to the proxy " + proxy + " for an https:// endpoint: the JVM disables "
                    + "Basic authentication for tunnels (jdk.http.auth.tunneling.disabledSchemes). Use the "
                    + "producer's own transport (leave " + PROPERTY + " unset)");
        }
        int id = INSTANCES.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "kinesis-producer-jdkhttp-" + id + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        SSLParameters params = new SSLParameters();
        params.setProtocols(Tls.PROTOCOLS.toArray(String[]::new));
        HttpClient.Builder b = HttpClient.newBuilder()
                .version(https ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(proxy == null ? HttpClient.Builder.NO_PROXY
                        : ProxySelector.of(InetSocketAddress.createUnresolved(proxy.host(), proxy.port())))
                .sslParameters(params)
                .executor(executor);
        if (proxy != null && proxy.hasCredentials()) {
            b.authenticator(new ProxyCredentials(proxy));
        }
        if (tls != null) {
            b.sslContext(tls);
        }
        this.client = b.build();
    }

    /** The JDK's default (net.properties) disables Basic for tunnels; only an explicit setting without it allows it. */
    private static boolean basicTunnelingDisabled() {
        String disabled = System.getProperty("jdk.http.auth.tunneling.disabledSchemes");
        return disabled == null || disabled.toLowerCase(Locale.ROOT).contains("basic");
    }

    /** The proxy's credentials, for this client only (never the JVM-wide default authenticator). */
    private static final class ProxyCredentials extends Authenticator {
        private final HttpProxy proxy;

        ProxyCredentials(HttpProxy proxy) {
            this.proxy = proxy;
        }

        @Override
        protected PasswordAuthentication getPasswordAuthentication() {
            return getRequestorType() == RequestorType.PROXY
                    ? new PasswordAuthentication(proxy.username(), proxy.password().toCharArray()) : null;
        }
    }

    @Override
    public String hostHeader() {
        return hostHeader;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public CompletableFuture<Response> post(Map<String, String> headers, byte[] body, int length) {
        HttpRequest.Builder r = HttpRequest.newBuilder(target).timeout(requestTimeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body, 0, length));
        headers.forEach((name, value) -> {
            if (!SET_BY_THE_JDK.contains(name.toLowerCase(Locale.ROOT))) {
                r.header(name, value);
            }
        });
        CompletableFuture<Response> result = new CompletableFuture<>();
        try {
            CompletableFuture<?> unused = client.sendAsync(r.build(), HttpResponse.BodyHandlers.ofByteArray())
                    .whenComplete((response, error) -> {
                if (error != null) {
                    result.completeExceptionally(verdict(error));
                } else {
                    result.complete(convert(response));
                }
            });
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
        return result;
    }

    private static Response convert(HttpResponse<byte[]> response) {
        Map<String, String> headers = new TreeMap<>();
        response.headers().map().forEach((name, values) -> {
            if (!name.startsWith(":")) { // HTTP/2 pseudo-headers
                headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values));
            }
        });
        return new Response(response.statusCode(), "", headers, response.body(), true);
    }

    /** Failures as {@link Http11Client} reports them, with every one that may have reached the server marked. */
    private Throwable verdict(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (e instanceof HttpConnectTimeoutException || e instanceof ConnectException) {
            return e; // no connection, nothing sent
        }
        IOException sent = new RequestSentException(e);
        if (e instanceof HttpTimeoutException) {
            TimeoutException t = new TimeoutException("no complete response within " + requestTimeout.toMillis()
                    + " ms (request_timeout) from " + hostHeader);
            t.initCause(sent);
            return t;
        }
        return sent;
    }

    @Override
    public void close() {
        // JDK 17's HttpClient has no close(): its selector thread ends once the client is unreachable. Requests in
        // flight fail when their threads go.
        executor.shutdownNow();
    }
}
