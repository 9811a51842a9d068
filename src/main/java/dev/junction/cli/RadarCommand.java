package dev.junction.cli;

import dev.junction.app.ConflictService;
import dev.junction.conflict.Radar;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code junction radar}: every open branch against the target and against each other. */
@Command(
    name = "radar",
    mixinStandardHelpOptions = true,
    description = {
      "Checks every open branch against the target, and every pair of branches as they would meet "
          + "once both land.",
      "Prints the conflict matrix and the groups of branches that are independent of each other "
          + "(each group could land in parallel; a branch that conflicts with the target is in none).",
      "Paths another session owns are advisory notes."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  junction radar",
      "  junction radar --into main --branches 'refs/heads/claude/*' --json",
      "%nExit codes:%n"
          + "  0  no conflict%n"
          + "  1  some branch conflicts with the target or with another branch%n"
          + "  2  bad input (unknown target, no branches, invalid plan)%n"
          + "  70 internal error"
    })
final class RadarCommand implements Callable<Integer> {
  /** Beyond this many branches a matrix is no longer readable. */
  static final int MATRIX_LIMIT = 80;

  @Spec CommandSpec spec;
  @Mixin Shared shared;

  @Option(names = "--into", paramLabel = "TARGET", description = "Target branch (default: the plan's coordination branch).")
  String into;

  @Option(names = "--branches", paramLabel = "PATTERN",
      description = "Branches to scan beyond the plan's (glob over refs, repeatable): 'refs/heads/topic/*'.")
  List<String> branches = List.of();

  @Option(names = "--threads", paramLabel = "N", description = "Merges run at once (default: the number of processors).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    Radar.Report report = shared.call(workspace -> new ConflictService(workspace).radar(
          new ConflictService.RadarInput(Optional.ofNullable(into), branches, threads), shared.json ? m -> { } : m -> {
            err.println("radar: " + m);
            err.flush();
          }));
    if (shared.json) {
      Json.print(spec.commandLine().getOut(), report);
    } else {
      print(spec.commandLine().getOut(), report);
    }
    return ExitCodes.of(report.disposition());
  }

  static void print(PrintWriter out, Radar.Report r) {
    out.printf("Radar against %s (%s), %d branches, %d merges; engine: %s%n%n",
        r.target(), r.targetTip().substring(0, 10), r.branches().size(), r.merges(), r.engine());
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < r.branches().size(); i++) {
      index.put(r.branches().get(i).name(), i);
    }
    int n = r.branches().size();
    char[][] cells = new char[n][n];
    for (char[] row : cells) {
      java.util.Arrays.fill(row, '.');
    }
    for (Radar.Pair p : r.pairs()) {
      char c = switch (p.state()) {
        case INDEPENDENT -> '.';
        case CLEAN -> 'o';
        case CONFLICT -> 'C';
        case INTERFACE -> 'I';
      };
      cells[index.get(p.a())][index.get(p.b())] = c;
      cells[index.get(p.b())][index.get(p.a())] = c;
    }
    if (n <= MATRIX_LIMIT) {
      out.printf("%4s  %-6s  %s%n", "#", "target", "pairs (. no common path, o merges clean, C conflict, I interface)");
      for (int i = 0; i < n; i++) {
        cells[i][i] = '\\';
        Radar.Branch b = r.branches().get(i);
        out.printf("%4d  %-6s  %s  %s%n", i + 1, b.clean() ? "ok" : "C", new String(cells[i]), b.name());
      }
    } else {
      out.printf("(%d branches: too many for a matrix; conflicts and groups follow, --json has every pair)%n", n);
    }
    List<Radar.Pair> problems = r.pairs().stream()
        .filter(p -> p.state() == Radar.PairState.CONFLICT || p.state() == Radar.PairState.INTERFACE).toList();
    List<Radar.Branch> against = r.branches().stream().filter(b -> !b.clean()).toList();
    if (!against.isEmpty()) {
      out.printf("%nConflicting with %s:%n", r.target());
      against.forEach(b -> out.printf("  %s: %s%n", b.name(), String.join(", ", b.conflicts())));
    }
    if (!problems.isEmpty()) {
      out.printf("%nConflicting pairs:%n");
      for (Radar.Pair p : problems) {
        out.printf("  %s x %s: %s %s%n", p.a(), p.b(), p.state(),
            String.join(", ", p.state() == Radar.PairState.CONFLICT ? p.paths() : p.declarations()));
      }
    }
    out.printf("%nIndependent groups (each could land in parallel):%n");
    for (int g = 0; g < r.groups().size(); g++) {
      out.printf("  %d: %s%n", g + 1, String.join(", ", r.groups().get(g)));
    }
    if (!against.isEmpty()) {
      out.printf("  in no group, as they conflict with %s: %s%n", r.target(),
          String.join(", ", against.stream().map(Radar.Branch::name).toList()));
    }
    r.notes().forEach(note -> out.printf("Note: %s%n", note));
  }
}
