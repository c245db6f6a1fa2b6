package io.github.kinesisproducer.flink.table;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;

/**
 * The {@code sink.proxy-*} options as the producer's own keys ({@code proxy_url}, {@code non_proxy_hosts},
 * {@code use_system_proxy}), checked by the producer with the rest. Messages never quote the proxy URL: it may hold a
 * password.
 */
final class ProxyOptions {
    private ProxyOptions() {
    }

    /** Adds the options that are set to {@code properties}, refusing a setting also given as a {@code producer.} key. */
    static void addTo(Properties properties, ReadableConfig options, String table) {
        Optional<String> url = options.getOptional(KinesisProducerTableOptions.PROXY_URL);
        Optional<String> password = options.getOptional(KinesisProducerTableOptions.PROXY_PASSWORD);
        if (password.isPresent() && url.isEmpty()) {
            throw new ValidationException("table " + table + ": '" + KinesisProducerTableOptions.PROXY_PASSWORD.key()
                    + "' needs '" + KinesisProducerTableOptions.PROXY_URL.key() + "' with a user name, e.g. "
                    + "http://user@proxy.corp:3128");
        }
        if (url.isPresent()) {
            once(properties, table, KinesisProducerTableOptions.PROXY_URL.key(), "proxy_url", "ProxyHost");
            properties.setProperty("proxy_url", withPassword(url.get().strip(), password.orElse(null), table));
        }
        Optional<List<String>> nonProxy = options.getOptional(KinesisProducerTableOptions.NON_PROXY_HOSTS);
        if (nonProxy.isPresent()) {
            once(properties, table, KinesisProducerTableOptions.NON_PROXY_HOSTS.key(), "non_proxy_hosts");
            properties.setProperty("non_proxy_hosts", String.join(",", nonProxy.get()));
        }
        Optional<Boolean> system = options.getOptional(KinesisProducerTableOptions.USE_SYSTEM_PROXY);
        if (system.isPresent()) {
            once(properties, table, KinesisProducerTableOptions.USE_SYSTEM_PROXY.key(), "use_system_proxy");
            properties.setProperty("use_system_proxy", String.valueOf(system.get()));
        }
    }

    private static void once(Properties properties, String table, String option, String... producerKeys) {
        for (String key : producerKeys) {
            if (properties.containsKey(key)) {
                throw new ValidationException("table " + table + ": both '" + option + "' and '"
                        + KinesisProducerTableOptions.PRODUCER_PREFIX + key + "' set the proxy; keep one of them");
            }
        }
    }

    /** The URL with the password as its user info's second part, %-encoded. */
    private static String withPassword(String url, String password, String table) {
        if (password == null) {
            return url;
        }
        URI parsed;
        try {
            parsed = new URI(url);
        } catch (URISyntaxException e) {
            throw new ValidationException("table " + table + ": '" + KinesisProducerTableOptions.PROXY_URL.key()
                    + "' is not a URI (" + e.getReason() + " at index " + e.getIndex() + ")");
        }
        String user = parsed.getRawUserInfo();
        if (user == null || user.isEmpty() || user.contains(":")) {
            throw new ValidationException("table " + table + ": with '"
                    + KinesisProducerTableOptions.PROXY_PASSWORD.key() + "', '"
                    + KinesisProducerTableOptions.PROXY_URL.key() + "' names the user and no password, e.g. "
                    + "http://user@proxy.corp:3128");
        }
        // The first '@' ends the user info: neither the scheme nor a raw user name can hold one.
        int at = url.indexOf('@');
        String encoded = URLEncoder.encode(password, StandardCharsets.UTF_8).replace("+", "%20");
        return url.substring(0, at) + ":" + encoded + url.substring(at);
    }
}
