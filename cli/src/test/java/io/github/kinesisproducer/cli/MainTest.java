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
    void versionNamesTheProjectAndItsMainDependencies() {
        assertThat(run("--version")).isZero();
        assertThat(out()).startsWith("kinesis-producer ").contains("AWS SDK for Java 2.").contains("picocli 4.7.7")
                .contains("Java 17").doesNotContain("${");
    }

    @Test
    void helpListsTheCommandsAndEveryOptionIsDocumented() {
        assertThat(run("--help")).isZero();
        assertThat(out()).contains("send").contains("read").contains("demo").contains("Exit codes");
        for (String cmd : new String[] {"send", "read", "demo"}) {
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
        assertThat(err()).contains("error: --aggregation must be kpl, delimited or none; got 'zip'")
                .doesNotContain("Exception").doesNotContain("\tat ");

        errBuf.reset();
        assertThat(run("send", "--stream", "s", "--delimiter", "|")).isEqualTo(ExitCode.USAGE);
        assertThat(err()).contains("--delimiter only applies with --aggregation delimited");

        errBuf.reset();
        assertThat(run("send", "--stream", "s", "--endpoint", "127.0.0.1:4567")).isEqualTo(ExitCode.USAGE);
        assertThat(err()).contains("--endpoint must look like http://127.0.0.1:4567");

        errBuf.reset();
        assertThat(run("read", "--stream", "s", "--from", "yesterday")).isEqualTo(ExitCode.USAGE);
        assertThat(err()).contains("--from must be trim-horizon or latest");

        errBuf.reset();
        assertThat(run("demo", "--records", "0")).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void valuesTheProducerRefusesAreUsageErrorsNamingTheOptionBeforeAnyCall() {
        String streamRule = "allowed: 1-128 characters of a-z, A-Z, 0-9, '_', '.', '-'";
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
        assertThat(new String(SendCommand.unescape("\\n"), StandardCharsets.UTF_8)).isEqualTo("\n");
        assertThat(new String(SendCommand.unescape("a\\tb\\\\c\\0\\x"), StandardCharsets.UTF_8))
                .isEqualTo("a\tb\\c\0\\x");
        assertThat(new String(SendCommand.unescape("|"), StandardCharsets.UTF_8)).isEqualTo("|");
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
