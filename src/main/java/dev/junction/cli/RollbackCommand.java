package dev.junction.cli;

import dev.junction.app.Actor;
import dev.junction.app.LandingService;
import dev.junction.land.Rollback;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code junction rollback}: reverts a landed merge by hand, as an automatic rollback does. */
@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    description = {
      "Reverts MERGE on the target, keeping its first parent (git revert -m 1).",
      "Moves the target by compare-and-swap, records a rollback event and writes a root-cause "
          + "document (spec 8.2)."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  junction rollback 735d094 --reason \"CLI witness tests failing after P0.4.3\"",
      "%nExit codes:%n"
          + "  0  rolled back%n"
          + "  1  could not: MERGE is not a merge on the target, or later work conflicts%n"
          + "     with the revert%n"
          + "  2  bad input%n"
          + "  3  the target kept moving while rolling back%n"
          + "  70 internal error"
    })
final class RollbackCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin Shared shared;

  @Parameters(index = "0", paramLabel = "MERGE", description = "The merge commit to revert.")
  String merge;

  @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why: goes into the revert and the root-cause document.")
  String reason;

  @Option(names = "--into", paramLabel = "TARGET", description = "The branch it landed on (default: the coordination branch).")
  String into;

  @Option(names = "--as", paramLabel = "EMAIL", description = "Who rolls back (default: git's user.email).")
  String as;

  @Override
  public Integer call() throws Exception {
    LandingService.RollbackInput input = new LandingService.RollbackInput(merge, reason, Optional.ofNullable(into),
        Optional.ofNullable(as).map(Actor::of));
    Rollback.Outcome outcome = shared.call(workspace -> new LandingService(workspace).rollback(input));
    PrintWriter out = spec.commandLine().getOut();
    if (shared.json) {
      Json.print(out, Json.tagged((Record) outcome));
    } else if (outcome instanceof Rollback.Done done) {
      out.printf("Reverted %s by %s%n  root cause: %s%n",
          done.merge().substring(0, 10), done.revert().substring(0, 10), done.rootCause());
    } else {
      out.println("Not rolled back: " + ((Rollback.Failed) outcome).reason());
    }
    return ExitCodes.of(outcome.disposition());
  }
}
