package dev.junction.cli;

import dev.junction.app.Actor;
import dev.junction.app.LandingService;
import dev.junction.land.Sync;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code junction sync}: coordination merged into a session's branch (spec 1.2). */
@Command(
    name = "sync",
    mixinStandardHelpOptions = true,
    description = {
      "Merges the coordination branch into SESSION's branch.",
      "It is the frequent direction (every 30-60 minutes in the spec); only coordination is ever "
          + "merged into a session branch."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  junction sync session-7",
      "  junction sync claude/cli-witness-optimise-011CV2cL1W1tn3ss0pt05 --json",
      "%nExit codes:%n"
          + "  0  synced (or already up to date)%n"
          + "  1  conflicts: resolve them on the session branch%n"
          + "  2  bad input (unknown session, invalid plan)%n"
          + "  3  the session branch moved during the sync%n"
          + "  70 internal error"
    })
final class SyncCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin Shared shared;

  @Parameters(index = "0", paramLabel = "SESSION", description = "A session id or its branch.")
  String session;

  @Option(names = "--into", paramLabel = "TARGET",
      description = "The coordination branch to merge in, e.g. origin/coordination (default: the hub's junction.coordination, else the plan's).")
  String into;

  @Option(names = "--as", paramLabel = "EMAIL", description = "Who syncs (default: git's user.email).")
  String as;

  @Override
  public Integer call() throws Exception {
    LandingService.SyncInput input = new LandingService.SyncInput(session, Optional.ofNullable(into),
        Optional.ofNullable(as).map(Actor::of));
    Sync.Outcome outcome = shared.call(workspace -> new LandingService(workspace).sync(input));
    PrintWriter out = spec.commandLine().getOut();
    if (shared.json) {
      Json.print(out, Json.tagged((Record) outcome));
    } else if (outcome instanceof Sync.Synced synced) {
      out.printf(synced.merged() ? "Synced %s: coordination merged (%s)%n" : "%s is up to date (%s)%n",
          synced.branch(), synced.tip().substring(0, 10));
    } else if (outcome instanceof Sync.Conflicted c) {
      out.printf("Conflicts merging coordination into %s: %s%n", c.branch(), String.join(", ", c.paths()));
    } else {
      out.printf("%s moved during the sync; run it again%n", ((Sync.Moved) outcome).branch());
    }
    return ExitCodes.of(outcome.disposition());
  }
}
