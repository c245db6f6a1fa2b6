package io.github.kinesisproducer.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The {@code kinesis-producer} command. {@link #run} does everything but exit, so tests call it in-process.
 *
 * <p>Errors are one line on stderr ({@code error: ...}) with exit code 1, or 2 for wrong options; the stack trace
 * only with {@code --verbose}, which also turns logging up from warnings to info.
 */
@Command(name = "kinesis-producer", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Send records to Amazon Kinesis Data Streams with a pure-Java producer, read them back, manage "
                + "streams, run a local emulator or an end-to-end demo.",
        commandListHeading = "%nCommands:%n")
public final class Main implements Callable<Integer> {
    /** slf4j-simple reads its level once, when the first logger is made: set before anything logs. */
    private static final String LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";
    /**
     * The producer's shard-map warnings: in the CLI the stream check reports these failures itself, in one line, so
     * simplelogger.properties keeps them for --verbose (a system property overrides that file).
     */
    private static final String SHARD_MAP_LOG_PROPERTY =
            "org.slf4j.simpleLogger.log.io.github.kinesisproducer.internal.shards.ShardMapTracker";

    @Spec
    CommandSpec spec;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "More logging, and stack traces on errors.")
    boolean verbose;

    private final PrintStream err;

    private Main(PrintStream err) {
        this.err = err;
    }

    public static void main(String[] args) {
        // After Ctrl-C a command's hook prints its report, then ends the JVM with 130 (see Interruption).
        Interruption.exitAfterSignal = code -> {
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(code);
        };
        // --proxy with a user name and password for an https:// endpoint (read, stream): the JDK only answers a
        // proxy's Basic challenge for a CONNECT tunnel if this allows it, read once before the first connection. This
        // process is a command-line tool, not a library in someone's JVM; a value set with -D is kept.
        if (System.getProperty(CliProxy.TUNNELING_DISABLED_SCHEMES) == null) {
            System.setProperty(CliProxy.TUNNELING_DISABLED_SCHEMES, "");
        }
        // `read` writes records to the file descriptor itself: System.out would hide a full disk or a closed pipe.
        System.exit(run(args, System.in, System.out, System.err, new FileOutputStream(FileDescriptor.out)));
    }

    /** Runs one command line and returns its exit code. */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        return run(args, in, out, err, out);
    }

    /** @param records where {@code read} writes records: the same place as {@code out} */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err, OutputStream records) {
        boolean verbose = isVerbose(args);
        if (verbose && System.getProperty(LOG_LEVEL_PROPERTY) == null) {
            System.setProperty(LOG_LEVEL_PROPERTY, "info");
        }
        if (verbose && System.getProperty(SHARD_MAP_LOG_PROPERTY) == null) {
            System.setProperty(SHARD_MAP_LOG_PROPERTY, "info");
        }
        CommandLine cli = commandLine(in, out, err, records);
        // The platform's charset, as the streams the tool writes to use.
        cli.setOut(new PrintWriter(new java.io.OutputStreamWriter(out, java.nio.charset.Charset.defaultCharset()), true))
                .setErr(new PrintWriter(new java.io.OutputStreamWriter(err, java.nio.charset.Charset.defaultCharset()),
                        true))
                .setParameterExceptionHandler((e, a) -> {
                    err.println("error: " + e.getMessage());
                    err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
                    return ExitCode.USAGE;
                })
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    int code = e instanceof CliException c ? c.exitCode() : ExitCode.ERROR;
                    err.println("error: " + describe(e));
                    if (code == ExitCode.USAGE) {
                        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
                    } else if (verbose) {
                        e.printStackTrace(err);
                    } else if (hasMoreDetail(e)) {
                        err.println("(run with --verbose for details)");
                    }
                    return code;
                });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** The whole command tree; {@code completion} reads it to write completion scripts. */
    static CommandLine commandLine(InputStream in, PrintStream out, PrintStream err, OutputStream records) {
        CommandLine cli = new CommandLine(new Main(err))
                .addSubcommand(new CommandLine(new SendCommand(in, out, err)))
                .addSubcommand(new CommandLine(new ReadCommand(records, out, err)))
                .addSubcommand(StreamCommand.commandLine(out, err))
                .addSubcommand(new CommandLine(new EmulatorCommand(out)))
                .addSubcommand(new CommandLine(new DemoCommand(out, err)));
        cli.addSubcommand(new CommandLine(new CompletionCommand(out)));
        List<String> footer = new ArrayList<>(List.of(""));
        footer.addAll(List.of(ExitCode.TABLE));
        footer.addAll(List.of("", "Credentials and region come from the AWS SDK's default chains (or --profile / "
                + "--region).", "", "Try:  kinesis-producer demo"));
        cli.getCommandSpec().usageMessage().footer(footer.toArray(new String[0]));
        return cli;
    }

    /** No command given: the full usage, commands included, as for a wrong option. */
    @Override
    public Integer call() {
        spec.commandLine().usage(err);
        return ExitCode.USAGE;
    }

    private static boolean isVerbose(String[] args) {
        for (String a : args) {
            if (a.equals("--")) {
                return false;
            }
            if (a.equals("-v") || a.equals("--verbose")) {
                return true;
            }
        }
        return false;
    }

    /** One line a user can act on: the message of the most telling exception in the chain. */
    static String describe(Throwable e) {
        if (e instanceof CliException) {
            return firstLine(e.getMessage());
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AwsServiceException s && s.awsErrorDetails() != null) {
                String code = s.awsErrorDetails().errorCode();
                String msg = s.awsErrorDetails().errorMessage();
                return (code == null ? "HTTP " + s.statusCode() : code) + ": " + firstLine(msg == null ? "" : msg);
            }
            if (t instanceof SdkClientException && t.getMessage() != null) {
                return firstLine(t.getMessage());
            }
            if (t instanceof UncheckedIOException u && u.getCause() != null) {
                return firstLine(u.getMessage() + ": " + u.getCause().getMessage());
            }
            if (t instanceof IOException && t.getMessage() != null) {
                return t.getClass().getSimpleName().replace("Exception", "") + ": " + firstLine(t.getMessage());
            }
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : firstLine(m);
    }

    private static boolean hasMoreDetail(Throwable e) {
        String m = e.getMessage();
        return m != null && m.contains("\n");
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }

    /** Versions from a resource the build fills in. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            String commit = p.getProperty("commit", "unknown");
            return new String[] {
                "kinesis-producer " + p.getProperty("version", "unknown") + " (commit "
                        + (commit.isBlank() || commit.startsWith("${") ? "unknown" : commit) + ")",
                "AWS SDK for Java " + p.getProperty("awssdk", "?") + ", picocli " + CommandLine.VERSION,
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ") on "
                        + System.getProperty("os.name") + " " + System.getProperty("os.arch")};
        }
    }

}
