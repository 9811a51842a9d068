package dev.junction.cli;

import dev.junction.app.ConflictService;
import dev.junction.conflict.Check;
import dev.junction.conflict.Finding;
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

/** {@code junction check}: the dry-run merge of one branch, every finding classified. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Dry-run merges SOURCE into the target and reports what it finds; nothing moves.",
      "The findings: content conflicts (with hunks), declarations another open branch also "
          + "changes (interface), and dependencies not yet merged.",
      "Paths another session owns are advisory notes (defer to the owner, notify them): they "
          + "change neither the verdict nor the landing.",
      "A branch whose task was rolled back is checked as junction land TASK lands it again: on the "
          + "target with the revert taken out; the report names the revert, its reason and the next step.",
      "A conflict is recorded when first seen and cleared when a check finds none; junction "
          + "escalations climbs it (spec 3.3)."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  junction check claude/if-bus-sip-adapters-011CV2ifBusS1pAd4pt07",
      "  junction check claude/cli-witness-optimise-011CV2cL1W1tn3ss0pt05 \\",
      "      --into main --branches 'refs/heads/claude/*' --json",
      "%nExit codes:%n"
          + "  0  clean (ownership notes at most), or already merged into the target%n"
          + "  1  conflict (content or interface), or refused: land refuses it%n"
          + "     (e.g. a rolled-back task with nothing fixed since its rollback)%n"
          + "  2  bad input (unknown branch, invalid plan)%n"
          + "  3  a dependency of the source's task is not merged into the target%n"
          + "  70 internal error"
    })
final class CheckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin Shared shared;

  @Parameters(index = "0", paramLabel = "SOURCE", description = "The branch to check.")
  String source;

  @Option(names = "--into", paramLabel = "TARGET", description = "Target branch (default: the plan's coordination branch).")
  String into;

  @Option(names = "--task", paramLabel = "ID", description = "The source's task, when its changed paths do not tell.")
  String task;

  @Option(names = "--branches", paramLabel = "PATTERN",
      description = "Other open branches to compare declarations with (glob over refs, repeatable).")
  List<String> branches = List.of();

  @Override
  public Integer call() throws Exception {
    ConflictService.Checked checked = shared.call(workspace ->
        new ConflictService(workspace).check(new ConflictService.CheckInput(source, Optional.ofNullable(into),
          Optional.ofNullable(task), branches)));
    PrintWriter out = spec.commandLine().getOut();
    if (shared.json) {
      Json.print(out, checked.report());
    } else {
      print(out, checked.report());
      checked.clock().ifPresent(clock -> out.printf("%s%n", line(clock)));
      checked.notes().forEach(n -> out.printf("%s%n", n));
    }
    return ExitCodes.of(checked.disposition());
  }

  /** What the check did to the conflict clock, in a sentence. */
  static String line(ConflictService.ConflictClock clock) {
    return switch (clock.state()) {
      case OPEN -> "Conflict open since " + clock.since() + ": spec 3.3 level " + clock.level()
          + " (the session resolves it within 30 minutes; then junction escalations climbs it)";
      case CLEARED -> "Conflict cleared: open since " + clock.since();
    };
  }

  static void print(PrintWriter out, Check.Report r) {
    out.printf("Check %s into %s (%s into %s)%n", r.source(), r.target(), abbreviate(r.sourceTip()), abbreviate(r.targetTip()));
    out.printf("Engine: %s%n", r.engine());
    out.printf("Merge bases: %s%n", r.mergeBases().isEmpty() ? "none (unrelated histories)"
        : String.join(" ", r.mergeBases().stream().map(CheckCommand::abbreviate).toList()));
    out.printf("Changed files (%d):%n", r.changedFiles().size());
    r.changedFiles().forEach(f -> out.printf("  %s%n", f));
    out.printf("Merge: %s%n", r.clean() ? "clean" : "conflicts");
    if (!r.findings().isEmpty()) {
      out.printf("Findings:%n");
    }
    r.findings().forEach(f -> print(out, r, f));
    r.ownership().forEach(o -> out.printf("Note: ownership: %s owned by %s (%s)%n      %s%n",
        o.path(), String.join(", ", o.owners()), o.via(), o.advice()));
    r.notes().forEach(n -> out.printf("Note: %s%n", n));
    r.rolledBack().ifPresent(b -> out.printf("Rolled back: %s (merge %s reverted by %s: %s)%n"
        + "  checked as landing it again lands it: %s%n  Next: %s%n", b.task(), abbreviate(b.merge()),
        abbreviate(b.revert()), b.reason(), b.restored() ? "on " + r.target() + " with the revert taken out"
        : "on " + r.target() + " as it is", b.next()));
    out.printf("Verdict: %s%n", r.refused().map(why -> "refused (land refuses it): " + why)
        .or(() -> r.mergedIn().map(m -> "already merged (in " + abbreviate(m)
            + (m.equals(r.sourceTip()) ? ", its own tip: it has no work beyond " + r.target() : "") + ")"))
        .orElse(r.verdict().toString()));
  }

  private static void print(PrintWriter out, Check.Report r, Finding f) {
    if (f instanceof Finding.Content c) {
      out.printf("  content     %s (%s): %s%n", c.path(), c.kind(), c.message());
      for (Finding.Hunk h : c.hunks()) {
        out.printf("      line %d%n", h.line());
        h.ours().forEach(l -> out.printf("        %s | %s%n", r.target(), l));
        h.theirs().forEach(l -> out.printf("        %s | %s%n", r.source(), l));
      }
    } else if (f instanceof Finding.Interface i) {
      out.printf("  interface   %s: %s also changed on %s%n      %s%n",
          i.path(), i.declaration(), i.otherBranch(), i.advice());
    } else if (f instanceof Finding.Dependency d) {
      out.printf("  dependency  %s waits for %s%n      %s%n", d.task(), String.join(", ", d.missing()), d.advice());
    }
  }

  static String abbreviate(String id) {
    return id.length() > 10 ? id.substring(0, 10) : id;
  }
}
