package dev.junction.cli;

import dev.junction.app.GateService;
import dev.junction.gate.Gates;
import dev.junction.gate.Verdict;
import dev.junction.plan.Stage;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code junction gate}: runs the target's gates on a ref and prints a verdict per gate. */
@Command(
    name = "gate",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the target's gates (tests, coverage, security scan, benchmarks, self-review lint) on a ref.",
      "Each gate runs in a scratch copy of the ref's tree and is judged by the reports its tools "
          + "write and the thresholds of the target's junction.yaml. Verdicts are stored; a gate that "
          + "passed on the same commit under the same configuration is not run again (--rerun runs it "
          + "anyway)."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  junction gate --stage component \\",
      "      --on claude/if-bus-sip-adapters-011CV2ifBusS1pAd4pt07",
      "  junction gate self-review --on HEAD --into main --json",
      "%nExit codes:%n"
          + "  0  every gate passed%n"
          + "  1  a gate failed (its reasons are printed)%n"
          + "  2  bad input (unknown ref, gate or stage; invalid plan)%n"
          + "  70 internal error"
    })
final class GateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin Shared shared;

  @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "One gate by name (default: all).")
  String name;

  @Option(names = "--stage", paramLabel = "STAGE", description = "The gates a stage requires: component, integration or phase.")
  Stage stage;

  @Option(names = "--on", paramLabel = "REF", defaultValue = "HEAD", description = "The ref to run them on (default: ${DEFAULT-VALUE}).")
  String on;

  @Option(names = "--into", paramLabel = "TARGET", description = "The target whose plan holds the gates (default: the coordination branch).")
  String into;

  @Option(names = "--rerun", description = "Run gates even where they passed on this commit already.")
  boolean rerun;

  @Option(names = "--fail-fast", description = "Stop at the first gate that fails; the rest are reported skipped.")
  boolean failFast;

  @Override
  public Integer call() throws Exception {
    GateService.Input input = new GateService.Input(Optional.ofNullable(name), Optional.ofNullable(stage), on,
        Optional.ofNullable(into), rerun, failFast);
    Gates.Report report = shared.call(workspace ->
        new GateService(workspace).run(input, shared.progress(spec.commandLine().getErr(), "gate")));
    PrintWriter out = spec.commandLine().getOut();
    if (shared.json) {
      Json.print(out, report);
    } else {
      print(out, report);
    }
    return ExitCodes.of(report.disposition());
  }

  private static void print(PrintWriter out, Gates.Report report) {
    out.printf("Gates of %s on %s (%s), new lines against %s%n", report.target(), report.on(),
        report.commit().substring(0, 10), report.base().substring(0, 10));
    report.notes().forEach(n -> out.printf("  %s%n", n));
    if (report.verdicts().isEmpty() && report.notes().isEmpty()) {
      out.println("  no gate selected");
    }
    for (Verdict v : report.verdicts()) {
      out.printf("  %-8s %s%s%n", v.status(), v.gate(), v.reused() ? " (already passed on this commit)" : "");
      v.reasons().forEach(r -> out.printf("      - %s%n", r));
      logTail(out, v);
      v.notes().forEach(n -> out.printf("        %s%n", n));
      if (!v.log().isEmpty()) {
        out.printf("        log: %s%n", v.log());
      }
    }
  }

  /** The last lines of a failed gate's output, when no report explained the failure; under its reasons. */
  static void logTail(PrintWriter out, Verdict v) {
    if (v.logTail().isEmpty()) {
      return;
    }
    out.printf("        output (last %d %s):%n", v.logTail().size(), v.logTail().size() == 1 ? "line" : "lines");
    v.logTail().forEach(l -> out.printf("        | %s%n", l));
  }
}
