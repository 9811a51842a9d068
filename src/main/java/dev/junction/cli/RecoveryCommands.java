package dev.junction.cli;

import dev.junction.app.Actor;
import dev.junction.app.LandingService;
import dev.junction.land.Recovery;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code junction resume} and {@code junction doctor}: what a crash left, completed or listed. */
final class RecoveryCommands {
  private RecoveryCommands() {}

  @Command(
      name = "resume",
      mixinStandardHelpOptions = true,
      description = {
        "Completes or undoes landings a crash interrupted.",
        "A landing whose target already moved to its candidate is validated (and reverted if "
            + "validation fails); any other is undone. Ends gate processes a dead Junction process "
            + "started (SIGTERM, then SIGKILL after 5 s), and removes candidate refs, gate scratch copies "
            + "and stale ref locks no live process owns."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  junction resume",
        "  junction resume --json",
        "%nExit codes:%n"
            + "  0  nothing left to do%n"
            + "  2  bad input%n"
            + "  70 internal error"
      })
  static final class Resume implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Shared shared;

    @Option(names = "--as", paramLabel = "EMAIL", description = "Who resumes (default: git's user.email).")
    String as;

    @Override
    public Integer call() throws Exception {
      LandingService.ResumeInput input = new LandingService.ResumeInput(Optional.ofNullable(as).map(Actor::of));
      Recovery.Report report = shared.call(workspace ->
          new LandingService(workspace).resume(input, shared.progress(spec.commandLine().getErr(), "resume")));
      print(spec, shared.json, report);
      return ExitCodes.of(report.disposition());
    }
  }

  @Command(
      name = "doctor",
      mixinStandardHelpOptions = true,
      description = "Lists what crashes left: unfinished landings, stale candidate refs, gate scratch copies, ref "
          + "locks, and gate processes a dead Junction process started that still run (pid, gate, landing, "
          + "since; `junction resume` ends them).",
      footerHeading = "%nExamples:%n",
      footer = {
        "  junction doctor",
        "  junction doctor --json",
        "%nExit codes:%n"
            + "  0  nothing found%n"
            + "  1  something to resume%n"
            + "  2  bad input%n"
            + "  70 internal error"
      })
  static final class Doctor implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Shared shared;

    @Override
    public Integer call() throws Exception {
      Recovery.Report report = shared.call(workspace -> new LandingService(workspace).doctor());
      print(spec, shared.json, report);
      return ExitCodes.of(report.disposition());
    }
  }

  private static void print(CommandSpec spec, boolean json, Recovery.Report report) {
    PrintWriter out = spec.commandLine().getOut();
    boolean found = report instanceof Recovery.Found;
    if (json) {
      Json.print(out, report);
      return;
    }
    if (report.clean()) {
      out.println("Nothing left by a crash.");
      return;
    }
    section(out, (found ? "Found" : "Resumed") + " landings:", report.landings());
    section(out, (found ? "Found" : "Resumed") + " rollbacks:", report.rollbacks());
    section(out, "Candidate refs" + (found ? " of no running landing:" : " removed:"), report.candidates());
    section(out, "Gate scratch copies" + (found ? " of dead processes:" : " removed:"), report.copies());
    section(out, "Stale ref locks" + (found ? ":" : " removed:"), report.locks());
    section(out, "Gate processes of dead Junction processes" + (found ? ":" : ", ended:"),
        report.processes().stream().map(RecoveryCommands::describe).toList());
  }

  /** One left-over gate process (or its record) on one line, with what ends it. */
  static String describe(Recovery.GateProcess p) {
    if (p.state().equals("unreadable")) {
      return p.record() + ": unreadable (" + p.problem() + "); nothing is killed for it, resume removes it";
    }
    String what = "pid " + p.pid() + (p.group() > 0 ? " (group " + p.group() + ")" : "") + ": gate " + p.gate()
        + p.landing().map(l -> " of landing " + l).orElse("") + " on "
        + p.commit().substring(0, Math.min(10, p.commit().length())) + (p.since().isEmpty() ? "" : ", since " + p.since());
    String target = p.group() > 0 ? "-" + p.group() : String.valueOf(p.pid());
    switch (p.state()) {
      case "running":
        return what + "; running: " + pids(p) + "; end with `junction resume` (or `kill -TERM -- " + target + "`)";
      case "ended":
        return what + ": ended, record removed";
      case "not-ended":
        return what + ": still running after SIGKILL: " + pids(p) + "; end by hand (`kill -KILL -- " + target + "`)";
      default:
        return what + ": nothing of it runs any more; resume removes its record " + p.record();
    }
  }

  private static String pids(Recovery.GateProcess p) {
    return String.join(" ", p.running().stream().map(String::valueOf).toList());
  }

  private static void section(PrintWriter out, String title, List<String> items) {
    if (!items.isEmpty()) {
      out.println(title);
      items.forEach(i -> out.println("  " + i));
    }
  }
}
