package dev.junction.cli;

import dev.junction.app.StatusService;
import dev.junction.report.StatusFile;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code junction status}: a session's STATUS file (spec 4.3, 8.3), from git, the plan and the store. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Shows a session's STATUS-<session>.yaml (spec 4.3, 8.3); with --write, writes it instead.",
      "It says whether the gates passed on the session's branch tip; its tasks in progress, ready "
          + "and blocked; its open merge requests with what the review policy still asks; reviews asked "
          + "of its members; open conflicts and escalations that concern it; rollbacks of its tasks; and "
          + "a list of blockers."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  junction status session-7",
      "  junction status session-7 --write",
      "  junction status session-5 --json",
      "%nExit codes:%n"
          + "  0  written or printed%n"
          + "  2  bad input (unknown session, invalid plan, --write without a work tree)%n"
          + "  70 internal error"
    })
final class StatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin Shared shared;

  @Parameters(index = "0", paramLabel = "SESSION", description = "The session, by its id in junction.yaml.")
  String session;

  @Option(names = "--into", paramLabel = "TARGET",
      description = "The target whose plan and history count (default: the coordination branch).")
  String into;

  @Option(names = "--write", description = "Write STATUS-<session>.yaml at the root of the work tree (replaced atomically).")
  boolean write;

  @Override
  public Integer call() throws Exception {
    StatusService.Reported reported = shared.call(workspace ->
        new StatusService(workspace).report(new StatusService.Input(session, Optional.ofNullable(into), write)));
    PrintWriter out = spec.commandLine().getOut();
    if (shared.json) {
      Json.print(out, reported.json());
    } else if (reported.written().isPresent()) {
      out.println("wrote " + reported.written().get());
    } else {
      out.print(StatusFile.yaml(reported.status()));
    }
    return ExitCodes.of(reported.disposition());
  }
}
