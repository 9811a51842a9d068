package dev.junction.cli;

import dev.junction.conflict.Check;
import dev.junction.conflict.Finding;
import dev.junction.git.MergeEngine;
import dev.junction.review.ConflictLog;
import dev.junction.review.Escalations;
import dev.junction.store.EventStore;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.eclipse.jgit.lib.Repository;
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
      "Dry-run merges SOURCE into the target and classifies what it finds: content conflicts",
      "(with hunks), paths owned by another session, declarations another open branch also",
      "changes (interface), and dependencies not yet merged. Nothing moves.",
      "A conflict is recorded when first seen and cleared when a check finds none;",
      "junction escalations climbs it (spec 3.3)."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  junction check claude/if-bus-sip-adapters-011CV2ifBusS1pAd4pt07",
      "  junction check topic/parser --into main --branches 'refs/heads/topic/*' --json",
      "%nExit codes:%n"
          + "  0  clean%n"
          + "  1  conflict (content, ownership or interface)%n"
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
    Optional<Repository> opened = shared.open();
    if (opened.isEmpty()) {
      return Problems.report(spec, shared.json, "--repo", "not a git repository: " + shared.where());
    }
    Check.Outcome outcome;
    Optional<String> logged = Optional.empty();
    try (Repository repo = opened.get(); MergeEngine engine = MergeEngine.open(repo)) {
      outcome = Check.run(repo, engine,
          new Check.Request(source, Optional.ofNullable(into), Optional.ofNullable(task), branches));
      if (outcome instanceof Check.Report report) {
        logged = log(repo, report, Clock.tickSeconds(java.time.ZoneOffset.UTC));
      }
    }
    if (outcome instanceof Check.Invalid invalid) {
      return Problems.report(spec, shared.json, invalid.errors());
    }
    Check.Report report = (Check.Report) outcome;
    PrintWriter out = spec.commandLine().getOut();
    if (shared.json) {
      Json.print(out, report);
    } else {
      print(out, report);
      logged.ifPresent(line -> out.printf("%s%n", line));
    }
    return ExitCodes.of(report.disposition());
  }

  /**
   * Keeps the clock of spec 3.3's escalation: a conflict is recorded when first seen and cleared
   * when a check finds none (a check blocked only by a dependency has no conflict either). A clean
   * check never creates the store. Answers the line to print about it.
   */
  static Optional<String> log(Repository repo, Check.Report r, Clock clock) throws java.io.IOException {
    if (r.verdict() == Check.Verdict.CONFLICT) {
      try (EventStore store = Shared.store(repo)) {
        ConflictLog.Open open = ConflictLog.seen(store, r.source(), r.target(), items(r), clock);
        return Optional.of("Conflict open since " + open.since() + ": spec 3.3 level "
            + Escalations.conflictLevel(open.since(), clock.instant())
            + " (the session resolves it within 30 minutes; then junction escalations climbs it)");
      }
    }
    if (!java.nio.file.Files.exists(repo.getDirectory().toPath().resolve("junction/junction.db"))) {
      return Optional.empty();
    }
    try (EventStore store = Shared.store(repo)) {
      return ConflictLog.cleared(store, r.source(), r.target(), clock)
          .map(o -> "Conflict cleared: open since " + o.since());
    }
  }

  /** The paths in conflict, each with its kind and the other parties. */
  static List<ConflictLog.Item> items(Check.Report r) {
    List<ConflictLog.Item> out = new java.util.ArrayList<>();
    for (Finding f : r.findings()) {
      if (f instanceof Finding.Content c) {
        out.add(new ConflictLog.Item(c.path(),
            c.kind() == dev.junction.git.ConflictKind.CONTENT ? "content" : "content (" + c.kind() + ")", List.of()));
      } else if (f instanceof Finding.Ownership o) {
        out.add(new ConflictLog.Item(o.path(), "ownership", o.owners()));
      } else if (f instanceof Finding.Interface i) {
        out.add(new ConflictLog.Item(i.path(), "interface", List.of(i.otherBranch())));
      }
    }
    return out;
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
    r.notes().forEach(n -> out.printf("Note: %s%n", n));
    out.printf("Verdict: %s%n", r.verdict());
  }

  private static void print(PrintWriter out, Check.Report r, Finding f) {
    if (f instanceof Finding.Content c) {
      out.printf("  content     %s (%s): %s%n", c.path(), c.kind(), c.message());
      for (Finding.Hunk h : c.hunks()) {
        out.printf("      line %d%n", h.line());
        h.ours().forEach(l -> out.printf("        %s | %s%n", r.target(), l));
        h.theirs().forEach(l -> out.printf("        %s | %s%n", r.source(), l));
      }
    } else if (f instanceof Finding.Ownership o) {
      out.printf("  ownership   %s owned by %s (%s)%n      %s%n",
          o.path(), String.join(", ", o.owners()), o.via(), o.advice());
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
