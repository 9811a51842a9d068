package dev.junction.cli;

import dev.junction.git.MergeEngine;
import dev.junction.git.PlanSource;
import dev.junction.git.TargetPlan;
import dev.junction.land.Sync;
import dev.junction.plan.Plan;
import dev.junction.plan.Session;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.eclipse.jgit.lib.Repository;
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
      "Merges the coordination branch into SESSION's branch (the frequent direction, every 30-60",
      "minutes in the spec). Only coordination is ever merged into a session branch."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  junction sync session-7",
      "  junction sync claude/if-bus-sip-adapters-011CV2ifBusS1pAd4pt07 --json",
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

  @Option(names = "--as", paramLabel = "EMAIL", description = "Who syncs (default: git's user.email).")
  String as;

  @Override
  public Integer call() throws Exception {
    Optional<Repository> opened = shared.open();
    if (opened.isEmpty()) {
      return Problems.report(spec, shared.json, "--repo", "not a git repository: " + shared.where());
    }
    Sync.Outcome outcome;
    try (Repository repo = opened.get(); MergeEngine engine = MergeEngine.open(repo)) {
      TargetPlan.Found found = TargetPlan.load(repo, Optional.empty());
      if (found instanceof TargetPlan.Invalid bad) {
        return Problems.report(spec, shared.json, bad.errors());
      }
      Plan plan = ((TargetPlan.Loaded) found).plan();
      Optional<Session> s = Sync.session(plan, session).filter(x -> x.branch().isPresent());
      if (s.isEmpty() || PlanSource.resolve(repo, s.get().branch().get()).isEmpty()) {
        return Problems.report(spec, shared.json, "SESSION", "no session '" + session + "' with an existing branch in " + plan.source());
      }
      outcome = Sync.run(repo, engine, plan, s.get(), Identity.of(repo, as, Clock.systemUTC()));
    }
    if (shared.json) {
      Json.print(spec.commandLine().getOut(), Json.tagged((Record) outcome));
    } else if (outcome instanceof Sync.Synced synced) {
      spec.commandLine().getOut().printf(synced.merged() ? "Synced %s: coordination merged (%s)%n" : "%s is up to date (%s)%n",
          synced.branch(), synced.tip().substring(0, 10));
    } else if (outcome instanceof Sync.Conflicted c) {
      spec.commandLine().getOut().printf("Conflicts merging coordination into %s: %s%n", c.branch(), String.join(", ", c.paths()));
    } else {
      spec.commandLine().getOut().printf("%s moved during the sync; run it again%n", ((Sync.Moved) outcome).branch());
    }
    return outcome instanceof Sync.Synced ? ExitCodes.DONE : outcome instanceof Sync.Conflicted ? ExitCodes.NO : ExitCodes.BLOCKED;
  }
}
