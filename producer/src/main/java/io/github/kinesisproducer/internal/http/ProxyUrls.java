package io.github.kinesisproducer.internal.http;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Proxy URLs as users write them ({@code http://user:pass@proxy.corp:3128}, or {@code proxy.corp:3128} in
 * {@code HTTPS_PROXY}), read into an {@link HttpProxy}. Every message about one shows it {@link #redact redacted}: a
 * proxy URL is where passwords sit in configuration, and messages end up in logs.
 */
public final class ProxyUrls {
    /** What a proxy URL looks like, for messages. */
    public static final String FORM = "http://[USER:PASSWORD@]HOST[:PORT], e.g. http://proxy.corp:3128 (special "
            + "characters in the user name and password %-encoded: @ as %40, : as %3A)";
    private static final String HIDDEN = "****";

    private ProxyUrls() {
    }

    /**
     * Reads a proxy URL. Without a scheme it is {@code http://} (as curl and the AWS CLI read {@code HTTPS_PROXY});
     * without a port, 80. A path is ignored. The user name and password are %-decoded.
     *
     * @param source where it came from, for messages and {@link HttpProxy#source()}
     * @throws IllegalArgumentException with a message that names the source and shows the URL redacted
     */
    public static HttpProxy parse(String raw, String source) {
        String text = raw == null ? "" : raw.strip();
        int schemeEnd = text.indexOf("://");
        String scheme = schemeEnd < 0 ? "http" : text.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        String rest = schemeEnd < 0 ? text : text.substring(schemeEnd + 3);
        if (scheme.equals("https")) {
            throw invalid(raw, source, "TLS to the proxy itself (https://) is not supported; most proxies take "
                    + "plain http:// and tunnel TLS to Kinesis with CONNECT, so write http://");
        }
        if (!scheme.equals("http")) {
            throw invalid(raw, source, "only HTTP proxies (http://) are supported, not " + scheme + "://");
        }
        int authorityEnd = firstOf(rest, "/?#");
        String authority = rest.substring(0, authorityEnd);
        String tail = rest.substring(authorityEnd);
        if (tail.indexOf('?') >= 0 || tail.indexOf('#') >= 0) {
            throw invalid(raw, source, "a proxy URL has no query or fragment");
        }
        int at = authority.lastIndexOf('@');
        String user = null;
        String password = null;
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon), raw, source);
            password = colon < 0 ? "" : decode(userInfo.substring(colon + 1), raw, source);
            if (user.isEmpty()) {
                throw invalid(raw, source, "the user name before '@' is empty");
            }
        }
        String hostPort = authority.substring(at + 1);
        String host;
        String port;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw invalid(raw, source, "an IPv6 address needs its closing ']'");
            }
            host = hostPort.substring(1, close);
            String after = hostPort.substring(close + 1);
            if (!after.isEmpty() && !after.startsWith(":")) {
                throw invalid(raw, source, "unexpected text after the IPv6 address");
            }
            port = after.isEmpty() ? null : after.substring(1);
        } else {
            int colon = hostPort.lastIndexOf(':');
            host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            port = colon < 0 ? null : hostPort.substring(colon + 1);
        }
        if (host.isEmpty() || !host.matches(hostPort.startsWith("[") ? "[0-9A-Fa-f:.]+" : "[A-Za-z0-9._-]+")) {
            throw invalid(raw, source, "no valid host name or address");
        }
        return new HttpProxy(host, port(port, raw, source), user, password, source);
    }

    /** Checks a proxy URL given as a URI (a setting); same rules and messages as {@link #parse}. */
    public static HttpProxy parse(URI url, String source) {
        return parse(url.toString(), source);
    }

    /**
     * A URI from the text of a setting, with a message that shows it redacted when it is not one.
     *
     * @throws IllegalArgumentException naming the source
     */
    public static URI toUri(String raw, String source) {
        try {
            URI uri = new URI(raw.strip());
            parse(uri, source);
            return uri;
        } catch (URISyntaxException e) {
            throw invalid(raw, source, "not a URI (" + e.getReason() + ")");
        }
    }

    /** A proxy URL for these parts, the user name and password %-encoded. */
    public static URI of(String host, int port, String username, String password) {
        String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        String userInfo = username == null || username.isEmpty() ? ""
                : encode(username) + ":" + encode(password == null ? "" : password) + "@";
        return URI.create("http://" + userInfo + h + ":" + port);
    }

    /**
     * The URL with whatever stands between {@code ://} and its last {@code @} shown as ****, and a port that is not a
     * number too (a password written without its user name, {@code http://secret@} forgotten, would stand there).
     */
    public static String redact(Object url) {
        if (url == null) {
            return "null";
        }
        String s = url.toString();
        int start = s.indexOf("://");
        start = start < 0 ? 0 : start + 3;
        int at = s.lastIndexOf('@');
        String head = s.substring(0, start) + (at >= start ? HIDDEN + "@" : "");
        String hostPart = at >= start ? s.substring(at + 1) : s.substring(start);
        int end = firstOf(hostPart, "/?#");
        String authority = hostPart.substring(0, end);
        int colon = authority.lastIndexOf(':');
        if (colon >= 0 && authority.lastIndexOf(']') < colon && !authority.substring(colon + 1).matches("[0-9]*")) {
            authority = authority.substring(0, colon + 1) + HIDDEN;
        }
        return head + authority + hostPart.substring(end);
    }

    private static IllegalArgumentException invalid(String raw, String source, String why) {
        return new IllegalArgumentException(source + " '" + redact(raw) + "' is not a usable proxy URL: " + why
                + " (allowed: " + FORM + ")");
    }

    private static int port(String port, String raw, String source) {
        if (port == null || port.isEmpty()) {
            return 80;
        }
        if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            throw invalid(raw, source, "the port must be a number from 1 to 65535");
        }
        return Integer.parseInt(port);
    }

    private static int firstOf(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return s.length();
    }

    private static String decode(String s, String raw, String source) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0
                        || Character.digit(s.charAt(i + 2), 16) < 0) {
                    throw invalid(raw, source, "a '%' in the user name or password must start a %XX escape");
                }
                out.write(Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
                i += 2;
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Keeps RFC 3986's unreserved characters, %-encodes every other byte of the UTF-8 form. */
    private static String encode(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (x & 0xFF);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                b.append(c);
            } else {
                b.append('%').append(String.format(Locale.ROOT, "%02X", x & 0xFF));
            }
        }
        return b.toString();
    }
}
