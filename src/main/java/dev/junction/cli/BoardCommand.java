package dev.junction.cli;

import dev.junction.app.PlanService;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code junction board}: the task board as markdown. */
@Command(
    name = "board",
    mixinStandardHelpOptions = true,
    description = "Renders the task board (per window: each task's owner, state and blockers) as markdown.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  junction board",
      "  junction board --write PHASE-0-TASK-BOARD.md",
      "%nExit codes:%n" + ExitCodes.FOOTER
    })
final class BoardCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin PlanOptions options;

  @Option(names = "--write", paramLabel = "FILE", description = "Write the board to FILE (replaced atomically).")
  Path write;

  @Override
  public Integer call() throws Exception {
    PlanService.Board board = options.shared.call(workspace ->
        new PlanService(workspace).board(new PlanService.BoardInput(options.input(), Optional.ofNullable(write))));
    PrintWriter out = spec.commandLine().getOut();
    if (options.shared.json) {
      Json.print(out, board);
    } else if (board.written().isPresent()) {
      out.println("wrote " + board.written().get());
    } else {
      out.print(board.markdown());
    }
    return ExitCodes.of(board.disposition());
  }
}
