package io.github.kinesisproducer.cli;

import java.nio.charset.StandardCharsets;

/** Delimiters on the command line: {@code \n}, {@code \r}, {@code \t}, {@code \0} and {@code \\} as in C. */
final class Escapes {
    private Escapes() {
    }

    /** The bytes (UTF-8) an option value stands for; a backslash before anything else stays as it is. */
    static byte[] unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                b.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case '0' -> b.append('\0');
                case '\\' -> b.append('\\');
                default -> b.append('\\').append(e);
            }
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** How to write {@code bytes} as an option value, quoted: {@code '\n'}, {@code '|'}, {@code '\x01'}. */
    static String show(byte[] bytes) {
        String text = RecordFormat.utf8(bytes);
        StringBuilder b = new StringBuilder("'");
        if (text == null) {
            for (byte x : bytes) {
                b.append(String.format(java.util.Locale.ROOT, "\\x%02x", x & 0xff));
            }
        } else {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                switch (c) {
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    case '\t' -> b.append("\\t");
                    case '\0' -> b.append("\\0");
                    case '\\' -> b.append("\\\\");
                    default -> b.append(c);
                }
            }
        }
        return b.append('\'').toString();
    }
}
