package io.github.kinesisproducer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Options, help, version and error reporting: nothing here needs a network. */
class MainTest {
    private final ByteArrayOutputStream outBuf = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBuf = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new ByteArrayInputStream(new byte[0]), new PrintStream(outBuf, true, StandardCharsets.UTF_8),
                new PrintStream(errBuf, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return outBuf.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return errBuf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void versionNamesTheProjectTheCommitAndItsMainDependencies() {
        assertThat(run("--version")).isZero();
        assertThat(out()).matches("(?s)kinesis-producer \\S+ \\(commit ([0-9a-f]{7,40}|unknown)\\)\\R.*")
                .startsWith("kinesis-producer ").contains("AWS SDK for Java 2.").contains("picocli 4.7.7")
                .contains("Java 17").doesNotContain("${");
    }

    @Test
    void helpListsTheCommandsAndEveryOptionIsDocumented() {
        assertThat(run("--help")).isZero();
        assertThat(out()).contains("send").contains("read").contains("demo").contains("stream").contains("emulator")
                .contains("completion").contains("Exit codes");
        for (String cmd : new String[] {"send", "read", "demo", "stream", "emulator", "completion"}) {
            outBuf.reset();
            assertThat(run(cmd, "--help")).isZero();
            assertThat(out()).contains("Usage: kinesis-producer " + cmd);
        }
        outBuf.reset();
        run("send", "--help");
        assertThat(out()).contains("--partition-key").contains("json:FIELD").contains("--framing")
                .contains("length-prefixed").contains("--progress").contains("--endpoint").contains("--profile")
                .contains("--verbose");
    }

    @Test
    void theExitCodeTableIsInTheHelp() {
        assertThat(run("--help")).isZero();
        for (String line : ExitCode.TABLE) {
            assertThat(out()).contains(line);
        }
    }

    @Test
    void namedSetAndConfigSettingsAreCheckedByTheLibraryAndNamedAsTyped(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws Exception {
        String[] base = {"send", "-s", "s", "--endpoint", "http://127.0.0.1:9"};
        assertThat(run(with(base, "--record-ttl", "10ms"))).isEqualTo(ExitCode.USAGE);
        assertThat(err()).startsWith("error: --record-ttl '10ms' is not valid; allowed: a duration from 100ms to 24h");

        errBuf.reset();
        assertThat(run(with(base, "--max-in-flight", "0"))).isEqualTo(ExitCode.USAGE);
        assertThat(err()).startsWith("error: --max-in-flight '0' is not valid; allowed: an integer from 1 to 256");

        errBuf.reset();
        assertThat(run(with(base, "--linger", "soon"))).isEqualTo(ExitCode.USAGE);
        assertThat(err()).startsWith("error: --linger 'soon' is not valid; allowed: a number of seconds");

        errBuf.reset();
        assertThat(run(with(base, "--set", "record_tl=5"))).isEqualTo(ExitCode.USAGE);
        assertThat(err()).startsWith("error: --set: unknown key 'record_tl'; did you mean 'record_ttl'?");

        errBuf.reset();
        assertThat(run(with(base, "--set", "kinesis_max_retries=many"))).isEqualTo(ExitCode.USAGE);
        assertThat(err()).startsWith("error: --set: Invalid value for kinesis_max_retries: 'many' (allowed: a whole "
                + "number)");

        errBuf.reset();
        assertThat(run(with(base, "--set", "novalue"))).isEqualTo(ExitCode.USAGE);
        assertThat(err()).startsWith("error: --set needs KEY=VALUE");

        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("p.properties"),
                "RecordTtl=60000\nVerifyCertificate=false\n");
        errBuf.reset();
        assertThat(run(with(base, "--config", file.toString()))).isEqualTo(ExitCode.USAGE);
        assertThat(err()).startsWith("error: " + file + ": VerifyCertificate=false is refused");

        errBuf.reset();
        assertThat(run(with(base, "--config", dir.resolve("none.properties").toString()))).isEqualTo(ExitCode.USAGE);
        assertThat(err()).startsWith("error: --config " + dir.resolve("none.properties") + ": no such file");

        errBuf.reset();
        assertThat(run(with(base, "--set", "buffer_size_limit=2MiB"))).isEqualTo(ExitCode.USAGE);
        assertThat(err()).startsWith("error: the settings do not fit together: buffer_size_limit (2097152) must "
                + "not exceed max_record_size");

        errBuf.reset();
        assertThat(run("send", "--endpoint", "http://127.0.0.1:9")).isEqualTo(ExitCode.USAGE);
        assertThat(err()).startsWith("error: no stream given: pass --stream NAME (or set stream_name in --config)");

        errBuf.reset();
        assertThat(run(with(base, "--rate-limit-records", "-3"))).isEqualTo(ExitCode.USAGE);
        assertThat(err()).startsWith("error: --rate-limit-records '-3' is not valid");
    }

    @Test
    void sendHelpPromisesOrderOnlyWithStrictOrdering() {
        assertThat(run("send", "--help")).isZero();
        String help = out().replaceAll("\\s+", " ");
        assertThat(help).contains("only with --strict-ordering are records with the same partition key stored in "
                + "the order they were read; without it there is no order promise")
                .doesNotContain("Records with the same key keep their order")
                .contains("--strict-ordering").contains("--max-in-flight").contains("--rate-limit-records")
                .contains("--rate-limit-bytes").contains("--record-ttl").contains("--max-attempts")
                .contains("--max-buffered-bytes").contains("--linger").contains("--set").contains("--config")
                .contains("--json");
    }

    @Test
    void readAndStreamOptionMistakesAreUsageErrors() {
        assertThat(run("read", "-s", "s", "--format", "xml")).isEqualTo(ExitCode.USAGE);
        assertThat(err()).contains("--format must be lines, raw, length-prefixed, jsonl or base64; got 'xml'");
        errBuf.reset();
        assertThat(run("read", "-s", "s", "--format", "raw", "--show-keys")).isEqualTo(ExitCode.USAGE);
        assertThat(err()).contains("--show-keys only applies with --format lines or base64");
        errBuf.reset();
        assertThat(run("read", "-s", "s", "--until-idle", "forever")).isEqualTo(ExitCode.USAGE);
        assertThat(err()).contains("--until-idle 'forever' is not valid");
        errBuf.reset();
        assertThat(run("read", "-s", "s", "--max-records", "0")).isEqualTo(ExitCode.USAGE);
        errBuf.reset();
        assertThat(run("stream")).isEqualTo(ExitCode.USAGE);
        assertThat(err()).contains("create").contains("describe").contains("reshard");
        errBuf.reset();
        assertThat(run("stream", "create", "bad name!")).isEqualTo(ExitCode.USAGE);
        assertThat(err()).contains("NAME 'bad name!' is not valid");
        errBuf.reset();
        assertThat(run("stream", "create", "s", "--shards", "2", "--on-demand")).isEqualTo(ExitCode.USAGE);
        errBuf.reset();
        assertThat(run("emulator", "--port", "70000")).isEqualTo(ExitCode.USAGE);
        assertThat(err()).contains("--port must be 0 (any free port) to 65535");
    }

    @Test
    void completionScriptsForBashAndZsh() {
        assertThat(run("completion", "bash")).isZero();
        assertThat(out()).contains("complete -F").contains("send").contains("stream").contains("--strict-ordering")
                .contains("emulator");
        outBuf.reset();
        assertThat(run("completion", "zsh")).isZero();
        assertThat(out()).startsWith("autoload -U +X compinit").contains("bashcompinit").contains("complete -F");
        assertThat(run("completion", "fish")).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void theDemoExitsWithItsOwnCodeWhenTheCheckFails() {
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = new java.io.PrintStream(text, true, StandardCharsets.UTF_8);
        Verification lost = new Verification(java.util.List.of());
        lost.sent("k", new byte[] {1});
        lost.sent("k", new byte[] {2});
        lost.received("shardId-000000000000", "k", new byte[] {1});
        assertThat(DemoCommand.verdict(lost, out)).isEqualTo(ExitCode.CHECK_FAILED).isEqualTo(4);
        assertThat(text.toString(StandardCharsets.UTF_8)).contains("verified 1/2 records, 1 lost, 0 duplicated")
                .contains("VERIFICATION FAILED");

        Verification ok = new Verification(java.util.List.of());
        ok.sent("k", new byte[] {1});
        ok.received("shardId-000000000000", "k", new byte[] {1});
        assertThat(DemoCommand.verdict(ok, out)).isEqualTo(ExitCode.OK);
    }

    private static String[] with(String[] base, String... more) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void noCommandShowsTheFullUsageWithTheCommandsAndExitCode2() {
        assertThat(run()).isEqualTo(ExitCode.USAGE);
        assertThat(err()).contains("Usage: kinesis-producer").contains("Commands:").contains("  send ")
                .contains("  read ").contains("  demo ").contains("Exit codes");
        assertThat(out()).isEmpty();
    }

    @Test
    void wrongOptionsAreOneLinePlusAHintWithExitCode2() {
        assertThat(run("send", "--bogus")).isEqualTo(ExitCode.USAGE);
        assertThat(err().lines().toList()).hasSize(2);
        assertThat(err()).startsWith("error: ").contains("Try 'kinesis-producer send --help'.");

        errBuf.reset();
        assertThat(run("send", "file.txt")).isEqualTo(ExitCode.USAGE); // --stream is required
        assertThat(err()).contains("--stream");
    }

    @Test
    void invalidOptionValuesAreUsageErrors() {
        assertThat(run("send", "--stream", "s", "--aggregation", "zip")).isEqualTo(ExitCode.USAGE);
        assertThat(err()).contains("error: --aggregation 'zip' is not valid; allowed: kpl, delimited or none")
                .doesNotContain("Exception").doesNotContain("\tat ");

        errBuf.reset();
        assertThat(run("send", "--stream", "s", "--delimiter", "|")).isEqualTo(ExitCode.USAGE);
        assertThat(err()).contains("--delimiter only applies with --aggregation delimited");

        errBuf.reset();
        assertThat(run("send", "--stream", "s", "--endpoint", "127.0.0.1:4567")).isEqualTo(ExitCode.USAGE);
        assertThat(err()).contains("--endpoint must look like http://127.0.0.1:4567");

        errBuf.reset();
        assertThat(run("read", "--stream", "s", "--from", "yesterday")).isEqualTo(ExitCode.USAGE);
        assertThat(err()).contains("--from must be trim-horizon, latest, at-timestamp:T or at-sequence:S");

        errBuf.reset();
        assertThat(run("demo", "--records", "0")).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void valuesTheProducerRefusesAreUsageErrorsNamingTheOptionBeforeAnyCall() {
        String streamRule = "allowed: a stream name (1-128 characters of a-z, A-Z, 0-9, '_', '.', '-') or a stream ARN "
                + "(arn:aws:kinesis:REGION:ACCOUNT:stream/NAME)";
        assertThat(run("send", "--stream", "", "--endpoint", "http://127.0.0.1:9")).isEqualTo(ExitCode.USAGE);
        assertThat(err()).startsWith("error: --stream '' is not valid; " + streamRule + System.lineSeparator())
                .doesNotContain("stream_name");

        errBuf.reset();
        assertThat(run("send", "-s", "bad name!", "--endpoint", "http://127.0.0.1:9")).isEqualTo(ExitCode.USAGE);
        assertThat(err()).startsWith("error: --stream 'bad name!' is not valid; " + streamRule);

        errBuf.reset();
        assertThat(run("read", "-s", "bad name!", "--endpoint", "http://127.0.0.1:9")).isEqualTo(ExitCode.USAGE);
        assertThat(err()).startsWith("error: --stream 'bad name!' is not valid; " + streamRule)
                .contains("Try 'kinesis-producer read --help'.");

        errBuf.reset();
        String longDelimiter = "x".repeat(40);
        assertThat(run("send", "-s", "s", "--endpoint", "http://127.0.0.1:9", "--aggregation", "delimited",
                "--delimiter", longDelimiter)).isEqualTo(ExitCode.USAGE);
        assertThat(err()).startsWith("error: --delimiter '" + longDelimiter + "' (40 bytes) is not valid; allowed: "
                + "1 to 16 bytes").doesNotContain("record_delimiter").doesNotContain("[120");

        errBuf.reset();
        assertThat(run("send", "-s", "s", "--region", "EU_WEST", "--endpoint", "http://127.0.0.1:9"))
                .isEqualTo(ExitCode.USAGE);
        assertThat(err()).startsWith("error: --region 'EU_WEST' is not valid; allowed: a region name such as "
                + "eu-west-1").doesNotContain("aws_region");
    }

    @Test
    void anEndpointPortOutOfRangeIsAUsageErrorAtOnce() {
        long t0 = System.nanoTime();
        for (String command : new String[] {"send", "read"}) {
            errBuf.reset();
            assertThat(run(command, "-s", "s", "--endpoint", "http://127.0.0.1:99999")).isEqualTo(ExitCode.USAGE);
            assertThat(err()).startsWith("error: --endpoint 'http://127.0.0.1:99999' has port 99999; allowed: "
                    + "1 to 65535");
        }
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - t0)).isLessThan(java.time.Duration.ofSeconds(3));
    }

    @Test
    void runtimeErrorsAreOneLineWithExitCode1AndATraceOnlyWhenVerbose() {
        String[] args = {"send", "--stream", "s", "--endpoint", "http://127.0.0.1:9", "--progress", "none",
            "/no/such/file.jsonl"};
        assertThat(run(args)).isEqualTo(ExitCode.ERROR);
        assertThat(err()).isEqualTo("error: cannot read /no/such/file.jsonl: no such file" + System.lineSeparator());

        errBuf.reset();
        String[] verbose = new String[args.length + 1];
        System.arraycopy(args, 0, verbose, 0, args.length);
        verbose[args.length] = "--verbose";
        assertThat(run(verbose)).isEqualTo(ExitCode.ERROR);
        assertThat(err()).startsWith("error: cannot read").contains("\tat io.github.kinesisproducer.cli.");
    }

    @Test
    void delimiterEscapes() {
        assertThat(new String(Escapes.unescape("\\n"), StandardCharsets.UTF_8)).isEqualTo("\n");
        assertThat(new String(Escapes.unescape("a\\tb\\\\c\\0\\x"), StandardCharsets.UTF_8))
                .isEqualTo("a\tb\\c\0\\x");
        assertThat(new String(Escapes.unescape("|"), StandardCharsets.UTF_8)).isEqualTo("|");
    }

    @Test
    void localEndpointsAreRecognisedWithoutLookups() {
        AwsOptions o = new AwsOptions();
        for (String local : new String[] {"http://127.0.0.1:4567", "http://localhost:1", "http://[::1]:4567",
            "http://127.1.2.3"}) {
            o.endpoint = local;
            assertThat(o.isLocal()).as(local).isTrue();
            assertThat(o.resolveRegion()).isNotBlank();
        }
        for (String remote : new String[] {"https://kinesis.eu-west-1.amazonaws.com", "http://10.0.0.1:4567"}) {
            o.endpoint = remote;
            assertThat(o.isLocal()).as(remote).isFalse();
        }
        o.endpoint = null;
        assertThat(o.isLocal()).isFalse();
    }
}
