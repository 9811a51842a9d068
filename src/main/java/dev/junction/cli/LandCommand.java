package dev.junction.cli;

import dev.junction.app.Actor;
import dev.junction.app.LandingService;
import dev.junction.gate.Verdict;
import dev.junction.land.Landing;
import dev.junction.plan.Stage;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code junction land}: a dependency-ordered, gated, atomic merge. */
@Command(
    name = "land",
    mixinStandardHelpOptions = true,
    description = {
      "Lands SOURCE (a branch, or a task id) on the target: gated, by compare-and-swap, reverted "
          + "when post-merge validation fails.",
      "The steps: the plan from the target's tip, the policy (direction, naming, dependencies "
          + "merged, reviews), a conflict check, a --no-ff candidate merge with Junction trailers, the "
          + "stage's gates on the candidate, a compare-and-swap of the target, post-merge validation, and "
          + "an automatic revert when that fails.",
      "With --stage integration, several SOURCEs land as one batch (spec 1.1, stage 2): merged in "
          + "the order given into a chain of candidate merges, gated once on the last, moved onto the "
          + "target by one compare-and-swap (all or nothing); a failed validation reverts the whole "
          + "batch.",
      "Into main (stage phase), each phase criterion is checked and shown met or not."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  junction land P0.1.2",
      "  junction land claude/if-bus-sip-adapters-011CV2ifBusS1pAd4pt07 \\",
      "      --task P0.1.3 --json",
      "  junction land --stage integration \\",
      "      claude/cli-witness-optimise-011CV2cL1W1tn3ss0pt05 \\",
      "      claude/if-bus-sip-adapters-011CV2ifBusS1pAd4pt07 \\",
      "      claude/sip-escalate-integration-011CV2s1pEsc4l4te04",
      "  junction land claude/debug-session-freezing-011CV2mM1FVCwsC8GoBR2aQy \\",
      "      --into main --stage phase --dry-run",
      "%nExit codes:%n"
          + "  0  landed (or, with --dry-run, would land)%n"
          + "  1  refused: policy, conflict, a failed gate, or rolled back after post-merge%n"
          + "     validation%n"
          + "  2  bad input (unknown branch, task or stage; invalid plan)%n"
          + "  3  blocked: a dependency is not merged, or the target kept moving%n"
          + "  70 internal error"
    })
final class LandCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin Shared shared;

  @Parameters(arity = "1..*", paramLabel = "SOURCE|TASK",
      description = "The branch to land, or a task id; several, in merge order, with --stage integration.")
  List<String> sources;

  @Option(names = "--into", paramLabel = "TARGET", description = "The target (default: the coordination branch).")
  String into;

  @Option(names = "--task", paramLabel = "ID", description = "The task SOURCE delivers, when it holds several.")
  String task;

  @Option(names = "--stage", paramLabel = "STAGE", description = "component (default), integration, or phase (default into main).")
  Stage stage;

  @Option(names = "--dry-run", description = "Stop after the gates: nothing moves.")
  boolean dryRun;

  @Option(names = "--fail-fast", description = "Stop the gates at the first that fails; the rest are reported skipped.")
  boolean failFast;

  @Option(names = "--as", paramLabel = "EMAIL", description = "Who lands (default: git's user.email).")
  String as;

  @Override
  public Integer call() throws Exception {
    LandingService.LandInput input = new LandingService.LandInput(sources, Optional.ofNullable(into),
        Optional.ofNullable(task), Optional.ofNullable(stage), dryRun, Optional.ofNullable(as).map(Actor::of),
        failFast);
    Landing.Outcome outcome = shared.call(workspace ->
        new LandingService(workspace).land(input, shared.progress(spec.commandLine().getErr(), "land")));
    PrintWriter out = spec.commandLine().getOut();
    if (shared.json) {
      Json.print(out, Json.tagged((Record) outcome));
    } else {
      print(out, outcome);
    }
    return ExitCodes.of(outcome.disposition());
  }

  static void print(PrintWriter out, Landing.Outcome outcome) {
    if (outcome instanceof Landing.Landed l) {
      if (l.merges().size() > 1) {
        out.printf("Landed an integration batch of %d merges on %s, the last %s (tasks %s)%n", l.merges().size(), l.target(),
            l.merge().substring(0, 10), String.join(", ", l.tasks()));
      } else {
        out.printf("Landed %s on %s%n  %s%n", l.merge().substring(0, 10), l.target(), l.message().lines().findFirst().orElse(""));
      }
      notes(out, l.notes());
      gates(out, l.gates());
      gates(out, l.validation());
      criteria(out, l.criteria());
    } else if (outcome instanceof Landing.WouldLand w) {
      out.printf("Would land on %s (dry run; candidate %s, nothing moved)%n  %s%n", w.target(), w.candidate().substring(0, 10),
          w.message().lines().findFirst().orElse(""));
      notes(out, w.notes());
      gates(out, w.gates());
      criteria(out, w.criteria());
    } else if (outcome instanceof Landing.Refused r) {
      out.println("Refused:");
      r.reasons().forEach(x -> out.printf("  - %s%n", x));
      criteria(out, r.criteria());
    } else if (outcome instanceof Landing.Blocked b) {
      out.println("Blocked:");
      b.reasons().forEach(x -> out.printf("  - %s%n", x));
      criteria(out, b.criteria());
    } else if (outcome instanceof Landing.Conflicted c) {
      out.printf("Conflicts%s; nothing moved (run junction check for details):%n", c.ahead().isEmpty() ? ""
          : " merging " + c.source() + " after " + String.join(", ", c.ahead()));
      c.conflicts().forEach(x -> out.printf("  %s (%s)%n", x.path(), x.kind()));
    } else if (outcome instanceof Landing.GateFailed g) {
      out.printf("Gates failed on the candidate %s; nothing moved:%n", g.candidate().substring(0, 10));
      gates(out, g.gates());
      criteria(out, g.criteria());
    } else if (outcome instanceof Landing.RolledBack rb) {
      out.printf("Landed %s on %s, post-merge validation failed, reverted by %s%n  root cause: %s%n",
          rb.merge().substring(0, 10), rb.target(), rb.rollback().revert().substring(0, 10), rb.rollback().rootCause());
      gates(out, rb.validation());
      criteria(out, rb.criteria());
    }
  }

  private static void notes(PrintWriter out, List<String> notes) {
    notes.forEach(n -> out.printf("  %s%n", n));
  }

  private static void criteria(PrintWriter out, List<String> criteria) {
    if (!criteria.isEmpty()) {
      out.println("  Phase criteria:");
      criteria.forEach(x -> out.printf("    %s%n", x));
    }
  }

  private static void gates(PrintWriter out, List<Verdict> verdicts) {
    for (Verdict v : verdicts) {
      out.printf("  gate %-8s %s%s%n", v.status(), v.gate(), v.reused() ? " (already passed on this commit)" : "");
      v.reasons().forEach(r -> out.printf("      - %s%n", r));
      GateCommand.logTail(out, v);
    }
  }
}
