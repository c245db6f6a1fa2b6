package io.github.kinesisproducer.cli;

import io.github.kinesisproducer.Aggregation;
import io.github.kinesisproducer.ConfigException;
import io.github.kinesisproducer.ConfigFile;
import io.github.kinesisproducer.ProducerConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * Every producer setting of {@code send}, in one vocabulary: the config file ({@code --config}, the format the library
 * reads), then {@code --set key=value} for any key of that file, then the named options for the common ones. Later
 * wins. Values go through the library's own reader, so they are checked and explained exactly as there; messages name
 * the option as typed.
 */
final class ProducerOptions {
    @Option(names = {"-a", "--aggregation"}, paramLabel = "MODE", order = 10,
            description = "kpl (the default): pack records bound for the same shard into KPL aggregates, readable by "
                    + "the KCL and Lambda; delimited: join records with --delimiter into one Kinesis record "
                    + "(kinesis-producer read splits them again); none: one Kinesis record per record.")
    String aggregation;

    @Option(names = {"-d", "--delimiter"}, paramLabel = "D", order = 11,
            description = "With --aggregation delimited: the separator appended to each record (default \\n). "
                    + "Escapes \\n, \\r, \\t, \\0 and \\\\ are understood. Records containing it are refused.")
    String delimiter;

    @Option(names = "--strict-ordering", order = 12,
            description = "Keep the order of records with the same partition key, retries included: one request in "
                    + "flight per shard, so slower. Without it there is no order promise at all.")
    Boolean strictOrdering;

    @Option(names = "--max-in-flight", paramLabel = "N", order = 13,
            description = "PutRecords calls in flight at once (kinesis_concurrency, default 4).")
    String maxInFlight;

    @Option(names = "--linger", paramLabel = "DURATION", order = 14,
            description = "Longest a record waits to be packed with others before it is sent (buffer_time_limit, "
                    + "default 100ms), e.g. 50ms, 1s.")
    String linger;

    @Option(names = "--record-ttl", paramLabel = "DURATION", order = 15,
            description = "A record not stored within this time fails with Expired (record_ttl, default 30s).")
    String recordTtl;

    @Option(names = "--max-attempts", paramLabel = "N", order = 16,
            description = "PutRecords attempts per record before it fails (kinesis_max_retries, default 10).")
    String maxAttempts;

    @Option(names = "--max-buffered-bytes", paramLabel = "SIZE", order = 17,
            description = "Memory cap of the producer's buffer; reading waits beyond it (max_buffered_bytes, default "
                    + "64MiB), e.g. 16MiB.")
    String maxBufferedBytes;

    @Option(names = "--rate-limit-records", paramLabel = "N", order = 18,
            description = "Send at most N records per second in all (this command's own limit, for sharing a "
                    + "stream). The producer's per-shard limit is --set rate_limit_percent=P (default 150).")
    String rateLimitRecords;

    @Option(names = "--rate-limit-bytes", paramLabel = "SIZE", order = 19,
            description = "Send at most SIZE bytes of records per second in all, e.g. 512KiB or 2MiB.")
    String rateLimitBytes;

    @Option(names = "--set", paramLabel = "KEY=VALUE", order = 20,
            description = "Any producer setting, as a line of a --config file: record_ttl=60, "
                    + "rate_limit_percent=80, max_buffered_records=20000, RecordMaxBufferedTime=50 ... "
                    + "(the README's configuration table). Repeatable; named options win.")
    List<String> sets;

    @Option(names = "--config", paramLabel = "FILE", order = 21,
            description = "Producer settings from a properties file: the library's snake_case keys and/or the "
                    + "KPL's default_config.properties keys. --set and named options win over it.")
    Path configFile;

    /** What the options give: the producer's settings and this command's own limits. */
    record Settings(ProducerConfig config, SendRate.Limits rate) {
    }

    /**
     * Reads the file, the --set entries and the named options into a config for {@code stream} (or the file's
     * stream_name), with the region and endpoint {@code aws} resolves. Notes about ignored keys go to {@code err}.
     *
     * @throws CliException a usage error (exit code 2) for anything wrong
     */
    Settings resolve(String stream, AwsOptions aws, PrintStream err) {
        ProducerConfig.Builder b = ProducerConfig.builder();
        if (configFile != null) {
            ConfigFile file = loadFile();
            file.ignored().forEach(note -> err.println("note: " + note));
            file.applyTo(b);
        }
        for (String set : sets == null ? List.<String>of() : sets) {
            int eq = set.indexOf('=');
            if (eq <= 0) {
                throw CliException.usage("--set needs KEY=VALUE, e.g. --set record_ttl=60; got '" + set + "'");
            }
            ConfigFile entry = parse("--set", set.substring(0, eq).strip(), set.substring(eq + 1), set);
            entry.ignored().forEach(note -> err.println("note: " + note));
            entry.applyTo(b);
        }
        named(b, "--aggregation", "aggregation", aggregation);
        named(b, "--strict-ordering", "strict_ordering", strictOrdering == null ? null : strictOrdering.toString());
        named(b, "--max-in-flight", "kinesis_concurrency", maxInFlight);
        named(b, "--linger", "buffer_time_limit", linger);
        named(b, "--record-ttl", "record_ttl", recordTtl);
        named(b, "--max-attempts", "kinesis_max_retries", maxAttempts);
        named(b, "--max-buffered-bytes", "max_buffered_bytes", maxBufferedBytes);
        byte[] delim = delimiter == null ? null : Escapes.unescape(delimiter);
        if (delim != null) {
            if (delim.length == 0) {
                throw CliException.usage("--delimiter must not be empty");
            }
            OptionCheck.check("--delimiter", OptionCheck.quote(delimiter) + " (" + delim.length + " bytes)",
                    () -> b.recordDelimiter(delim));
        }
        if (stream != null) {
            OptionCheck.check("--stream", OptionCheck.quote(stream), () -> b.streamName(stream));
        }
        ProducerConfig fromOptions = build(b);
        if (delim != null && fromOptions.aggregation() != Aggregation.DELIMITED) {
            throw CliException.usage("--delimiter only applies with --aggregation delimited");
        }
        aws.fallbacks(fromOptions.region(), fromOptions.endpoint());
        b.region(aws.resolveRegion());
        if (aws.endpointUri() != null) {
            OptionCheck.check("--endpoint", OptionCheck.quote(aws.endpointUri()), () -> b.endpoint(aws.endpointUri()));
        }
        URI proxy = aws.proxyUri();
        if (proxy != null) {
            try {
                b.proxyUrl(proxy);
            } catch (ConfigException e) { // its message shows the URL without the credentials
                throw CliException.usage("--proxy: " + e.getMessage());
            }
        }
        return new Settings(build(b), SendRate.Limits.parse(rateLimitRecords, rateLimitBytes));
    }

    private ConfigFile loadFile() {
        try {
            return ConfigFile.load(configFile);
        } catch (NoSuchFileException e) {
            throw CliException.usage("--config " + configFile + ": no such file");
        } catch (IOException e) {
            throw CliException.usage("--config " + configFile + ": cannot read it (" + Main.describe(e) + ")");
        } catch (ConfigException e) {
            throw CliException.usage(e.getMessage());
        }
    }

    private static ProducerConfig build(ProducerConfig.Builder b) {
        ProducerConfig config;
        try {
            config = b.build();
        } catch (ConfigException e) {
            throw CliException.usage("the settings do not fit together: " + e.getMessage());
        }
        if (config.streamName() == null) { // the library allows it (every record names its stream); a command does not
            throw CliException.usage("no stream given: pass --stream NAME (or set stream_name in --config)");
        }
        return config;
    }

    /** A named option: one line of a config file, checked by the library, with errors naming the option. */
    private static void named(ProducerConfig.Builder b, String option, String key, String value) {
        if (value == null) {
            return;
        }
        OptionCheck.check(option, OptionCheck.quote(value), () -> parse(option, key, value, null).applyTo(b));
    }

    /** @param asTyped the --set argument, for messages; null for a named option (OptionCheck names it) */
    private static ConfigFile parse(String source, String key, String value, String asTyped) {
        Properties p = new Properties();
        try {
            // Loaded as a line of a file, so that escapes (record_delimiter=\n) mean what they mean in --config.
            p.load(new StringReader("k=" + value.replace("\n", "\\n")));
        } catch (IOException e) {
            throw new IllegalStateException(e); // a StringReader does not fail
        }
        Properties one = new Properties();
        one.setProperty(key, p.getProperty("k", ""));
        try {
            return ConfigFile.fromProperties(one, source);
        } catch (ConfigException e) {
            if (asTyped == null) {
                throw e;
            }
            throw CliException.usage(e.getMessage());
        }
    }
}
