package io.github.kinesisproducer.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code completion bash|zsh}: a completion script for the commands and options. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        header = "Print a shell completion script (bash or zsh).",
        description = "Prints a script that completes kinesis-producer's commands and options.",
        footer = {"", "Examples:",
            "  source <(kinesis-producer completion bash)      # in ~/.bashrc",
            "  source <(kinesis-producer completion zsh)       # in ~/.zshrc"})
final class CompletionCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
    String shell;

    @Spec
    CommandSpec spec;

    private final PrintStream out;

    CompletionCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        String script = AutoComplete.bash("kinesis-producer", spec.root().commandLine());
        switch (shell) {
            case "bash" -> out.print(script);
            // The generated script is bash's; zsh runs it through its bash compatibility layer.
            case "zsh" -> out.print("autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n"
                    + script);
            default -> throw CliException.usage("completion takes bash or zsh; got '" + shell + "'");
        }
        out.flush();
        return ExitCode.OK;
    }
}
