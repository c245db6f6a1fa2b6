package io.github.kinesisproducer.kafka;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;

/**
 * The connector's configuration reference, generated from its {@link ConfigDef}: one Markdown table per group, in the
 * definition's order. docs/kafka-connect.md holds it between markers, and {@code KinesisSinkConfigTest} keeps the two
 * equal; run that test with {@code -Dconfig.docs.write=true} to rewrite the file, or this class's {@code main} to
 * print the reference.
 */
public final class ConfigDocs {
    static final String START = "<!-- connect-config:start -->\n";
    static final String END = "<!-- connect-config:end -->";

    private ConfigDocs() {
    }

    /** Prints the reference. */
    public static void main(String[] args) {
        System.out.print(markdown());
    }

    /** The reference as Markdown: a heading and a table per group. */
    static String markdown() {
        Map<String, List<ConfigDef.ConfigKey>> groups = new LinkedHashMap<>();
        for (ConfigDef.ConfigKey key : KinesisSinkConfig.configDef().configKeys().values()) {
            groups.computeIfAbsent(key.group, g -> new ArrayList<>()).add(key);
        }
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, List<ConfigDef.ConfigKey>> g : groups.entrySet()) {
            out.append("\n#### ").append(g.getKey()).append("\n\n");
            out.append("| key | type | default | valid values | importance | meaning |\n");
            out.append("|---|---|---|---|---|---|\n");
            for (ConfigDef.ConfigKey k : g.getValue()) {
                out.append("| `").append(k.name).append("` | ").append(k.type.name().toLowerCase(java.util.Locale.ROOT))
                        .append(" | ").append(defaultText(k)).append(" | ")
                        .append(k.validator == null ? "" : cell(k.validator.toString())).append(" | ")
                        .append(k.importance.name().toLowerCase(java.util.Locale.ROOT)).append(" | ")
                        .append(cell(k.documentation)).append(" |\n");
            }
        }
        return out.append('\n').toString();
    }

    private static String defaultText(ConfigDef.ConfigKey k) {
        if (!k.hasDefault()) {
            return "(required)";
        }
        Object v = k.defaultValue;
        if (v == null) {
            return "(unset)";
        }
        if (v instanceof Password) {
            return "(hidden)";
        }
        if (v instanceof List<?> list) {
            return list.isEmpty() ? "(empty)" : "`" + String.join(",", list.stream().map(String::valueOf).toList())
                    + "`";
        }
        String text = v instanceof Class<?> c ? c.getName() : String.valueOf(v);
        return "`" + text.replace("\n", "\\n") + "`";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
