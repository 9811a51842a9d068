package dev.junction.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code junction completion}: the shell completion script, generated from the command model. */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
      "Prints a completion script for bash or zsh: every command, subcommand and option, and the "
          + "values of options that take one of a few.",
      "Load it from the shell's start-up file.",
      "zsh loads the bash script through bashcompinit; the script enables it itself."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  source <(junction completion bash)     # in ~/.bashrc",
      "  source <(junction completion zsh)      # in ~/.zshrc",
      "  junction completion bash > /etc/bash_completion.d/junction",
      "%nExit codes:%n" + ExitCodes.FOOTER
    })
final class CompletionCommand implements Callable<Integer> {
  static final List<String> SHELLS = List.of("bash", "zsh");

  @Spec CommandSpec spec;

  @Parameters(arity = "0..1", paramLabel = "SHELL", defaultValue = "bash", completionCandidates = Shells.class,
      description = "bash or zsh (default: ${DEFAULT-VALUE}).")
  String shell;

  @Override
  public Integer call() {
    if (!SHELLS.contains(shell)) {
      return Problems.report(spec, false, "SHELL", "'" + shell + "' is not one of " + String.join(", ", SHELLS));
    }
    // One script serves both: under zsh it runs compinit and bashcompinit before it registers.
    spec.commandLine().getOut().print(AutoComplete.bash("junction", spec.root().commandLine()));
    spec.commandLine().getOut().flush();
    return ExitCodes.DONE;
  }

  /** The shells, for completing {@code junction completion <TAB>}. */
  static final class Shells implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return SHELLS.iterator();
    }
  }
}
