package dev.junction.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code junction man}: manual pages, printed or written into a directory. */
@Command(
    name = "man",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the manual page (troff) of junction or of one of its commands, or with --dir writes "
          + "one page per command into DIR: junction.1, junction-check.1, junction-mr-list.1 and so on.",
      "Write them into a man1 directory on MANPATH to read them with man junction-check."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  junction man check | man -l -",
      "  junction man mr list | man -l -",
      "  junction man --dir ~/.local/share/man/man1",
      "%nExit codes:%n" + ExitCodes.FOOTER
    })
final class ManCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "0..*", paramLabel = "COMMAND",
      description = "The command whose page to print, its words as typed: check, mr list (default: junction's own).")
  List<String> command = List.of();

  @Option(names = "--dir", paramLabel = "DIR", description = "Write every page into DIR (created when missing) instead.")
  Path dir;

  @Override
  public Integer call() throws Exception {
    CommandLine root = spec.root().commandLine();
    String version = new Main.Version().getVersion()[0];
    PrintWriter out = spec.commandLine().getOut();
    Map<String, CommandLine> pages = ManPages.all(root);
    if (dir != null) {
      if (!command.isEmpty()) {
        return Problems.report(spec, false, "COMMAND", "--dir writes every page; name no command with it");
      }
      if (Files.exists(dir) && !Files.isDirectory(dir)) {
        return Problems.report(spec, false, "--dir", dir + " is not a directory");
      }
      Files.createDirectories(dir);
      for (Map.Entry<String, CommandLine> page : pages.entrySet()) {
        Files.writeString(dir.resolve(page.getKey() + ".1"), ManPages.page(page.getValue(), version),
            StandardCharsets.UTF_8);
      }
      out.println("wrote " + pages.size() + " manual pages to " + dir);
      return ExitCodes.DONE;
    }
    String name = String.join("-", java.util.stream.Stream.concat(java.util.stream.Stream.of("junction"),
        command.stream()).toList());
    CommandLine page = pages.get(name);
    if (page == null) {
      return Problems.report(spec, false, "COMMAND", "no command '" + String.join(" ", command)
          + "'; the commands: " + String.join(", ", root.getSubcommands().keySet()));
    }
    out.print(ManPages.page(page, version));
    out.flush();
    return ExitCodes.DONE;
  }
}
