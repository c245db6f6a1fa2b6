package io.github.kinesisproducer.internal.http;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Hosts reached without the proxy: a list of patterns, in either of the two spellings users already write.
 * <ul>
 *   <li>{@code NO_PROXY} style (the environment, and the producer's own {@code non_proxy_hosts}): entries separated by
 *       commas; {@code example.com} and {@code .example.com} match that domain and every host under it; {@code *}
 *       matches everything; {@code 10.0.0.0/8} matches addresses in that block; {@code host:port} only that port.</li>
 *   <li>{@code http.nonProxyHosts} style (the JVM property): entries separated by {@code |}; a name matches itself
 *       only, and {@code *} is a wildcard anywhere ({@code *.example.com}, {@code 192.168.*}).</li>
 * </ul>
 * Both accept either separator, wildcards and address blocks; they differ only in whether a plain name covers its
 * subdomains. Matching is on the endpoint's host as written (no DNS lookup), case-insensitive.
 */
public final class NonProxyHosts {
    /** Nothing bypasses the proxy. */
    public static final NonProxyHosts NONE = new NonProxyHosts(List.of(), "");

    private final List<Entry> entries;
    private final String text;

    private record Entry(String pattern, Pattern glob, BigInteger network, BigInteger mask, int addressBytes,
            int port) {
    }

    private NonProxyHosts(List<Entry> entries, String text) {
        this.entries = entries;
        this.text = text;
    }

    /**
     * Reads a list of patterns.
     *
     * @param subdomains true for the {@code NO_PROXY} reading (a name covers its subdomains), false for the JVM's
     * @param source where the list came from, for messages
     * @throws IllegalArgumentException for an entry that cannot be a host pattern
     */
    public static NonProxyHosts parse(String list, boolean subdomains, String source) {
        if (list == null || list.isBlank()) {
            return NONE;
        }
        List<Entry> entries = new ArrayList<>();
        for (String raw : list.split("[,|]", -1)) {
            String p = raw.strip().toLowerCase(Locale.ROOT);
            if (!p.isEmpty()) {
                entries.add(entry(p, subdomains, source));
            }
        }
        return new NonProxyHosts(List.copyOf(entries), list.strip());
    }

    /** Reads a list given entry by entry (the producer's setting); NO_PROXY style. */
    public static NonProxyHosts parse(List<String> patterns, String source) {
        return patterns == null || patterns.isEmpty() ? NONE : parse(String.join(",", patterns), true, source);
    }

    private static Entry entry(String p, boolean subdomains, String source) {
        int port = -1;
        String host = p;
        int colon = p.lastIndexOf(':');
        boolean bracketed = p.startsWith("[") && p.lastIndexOf(']') == colon - 1;
        if (colon > 0 && (p.indexOf(':') == colon || bracketed) && p.substring(colon + 1).matches("[0-9]{1,5}")) {
            port = Integer.parseInt(p.substring(colon + 1));
            host = p.substring(0, colon);
        }
        host = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        int slash = host.indexOf('/');
        if (slash > 0) {
            byte[] network = literal(host.substring(0, slash));
            String bits = host.substring(slash + 1);
            if (network == null || !bits.matches("[0-9]{1,3}") || Integer.parseInt(bits) > network.length * 8) {
                throw new IllegalArgumentException(source + ": '" + p + "' is not an address block (allowed: "
                        + "e.g. 10.0.0.0/8 or fd00::/8)");
            }
            int width = network.length * 8;
            BigInteger mask = BigInteger.ONE.shiftLeft(width).subtract(BigInteger.ONE)
                    .xor(BigInteger.ONE.shiftLeft(width - Integer.parseInt(bits)).subtract(BigInteger.ONE));
            return new Entry(p, null, new BigInteger(1, network).and(mask), mask, network.length, port);
        }
        if (!host.matches("[a-z0-9.*:_-]+")) {
            throw new IllegalArgumentException(source + ": '" + p + "' is not a host pattern (allowed: host names, "
                    + "addresses, *.example.com, .example.com, 10.0.0.0/8, *)");
        }
        String regex;
        if (host.equals("*")) {
            regex = ".*";
        } else if (host.contains("*")) {
            regex = Pattern.quote(host).replace("*", "\\E.*\\Q");
        } else if (host.startsWith(".")) {
            regex = "(.+\\.)?" + Pattern.quote(host.substring(1));
        } else if (subdomains) {
            regex = "(.+\\.)?" + Pattern.quote(host);
        } else {
            regex = Pattern.quote(host);
        }
        return new Entry(p, Pattern.compile(regex), null, null, 0, port);
    }

    /** True if requests to this host and port go direct. */
    public boolean matches(String host, int port) {
        if (entries.isEmpty() || host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        h = h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
        byte[] address = literal(h);
        for (Entry e : entries) {
            if (e.port >= 0 && e.port != port) {
                continue;
            }
            if (e.glob != null ? e.glob.matcher(h).matches()
                    : address != null && address.length == e.addressBytes
                            && new BigInteger(1, address).and(e.mask).equals(e.network)) {
                return true;
            }
        }
        return false;
    }

    /** The entry that matches, for messages; null if none does. */
    public String matching(String host, int port) {
        for (Entry e : entries) {
            if (new NonProxyHosts(List.of(e), e.pattern).matches(host, port)) {
                return e.pattern;
            }
        }
        return null;
    }

    /** The bytes of an IP address literal (no DNS lookup), or null for anything else. */
    static byte[] literal(String host) {
        boolean v4 = host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
        boolean v6 = host.indexOf(':') >= 0 && host.matches("[0-9a-f:.]+");
        if (!v4 && !v6) {
            return null;
        }
        try {
            return InetAddress.getByName(host).getAddress(); // a literal: parsed, never looked up
        } catch (UnknownHostException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
