package dev.junction.gate;

import dev.junction.git.Diffs;
import dev.junction.plan.Deliverables;
import dev.junction.plan.Gate;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.stream.Stream;

/**
 * Judges a gate from the reports its command wrote and the thresholds of the target's plan. Every
 * problem is a reason; a report that is missing, malformed or truncated fails the gate (closed).
 */
final class Judge {
  private Judge() {}

  /**
   * What the judge needs beyond the reports.
   *
   * @param added the lines the change adds (for new-line coverage)
   * @param baseline figures of the target's last passing run, and its commit
   */
  record Inputs(List<Diffs.Added> added, Optional<Map<String, Double>> baseline, String baselineCommit) {}

  /** The findings of reading reports: reasons that fail, notes that inform, figures. */
  static final class Findings {
    final List<String> reasons = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    final Map<String, Double> metrics = new LinkedHashMap<>();
    final java.util.Set<String> higherIsBetter = new java.util.HashSet<>();
    /** Whether the command ran and no report of it was read: only its output can tell why it failed. */
    boolean unexplained;
  }

  static Findings judge(Gate gate, Runner.Run run, Path tree, Inputs inputs) throws IOException {
    Findings f = new Findings();
    if (!run.started()) {
      f.reasons.add(run.problem());
      return f;
    }
    if (run.timedOut()) {
      f.reasons.add("timed out after " + human(gate.timeout()) + "; the command and its children were killed");
      f.unexplained = true; // what it printed last shows where it hung
      return f;
    }
    if (run.exitCode() != 0) {
      f.reasons.add("command exited with " + run.exitCode() + " (output in " + run.log() + ")");
    }
    f.unexplained = true; // until a report is read
    // Benchmark thresholds are judged once, on the figures of every benchmark report, and only
    // when the last of them was found and read.
    boolean benchmarksRead = false;
    for (Gate.Report report : gate.reports()) {
      List<Path> files = find(tree, report.path());
      boolean read = false;
      if (files.isEmpty()) {
        List<String> carried = run.carried().stream()
            .filter(p -> p.equals(report.path()) || Deliverables.isGlob(report.path()) && Deliverables.covers(report.path(), p))
            .toList();
        f.reasons.add("no " + report.type() + " report at " + report.path() + (carried.isEmpty() ? ""
            : ": the commit carries " + String.join(", ", first(carried, 5)) + (carried.size() > 5 ? ", ..." : "")
                + ", but this run did not write it, and only a report the run writes counts"));
      } else {
        try {
          read(gate, report, files, tree, inputs, f);
          read = true;
          f.unexplained = false;
        } catch (ReportException e) {
          f.reasons.add(e.getMessage());
        }
      }
      if (report.type().isBenchmark()) {
        benchmarksRead = read;
      }
    }
    if (benchmarksRead) {
      benchmarks(gate.thresholds(), f, inputs);
    }
    return f;
  }

  private static void read(Gate gate, Gate.Report report, List<Path> files, Path tree, Inputs inputs, Findings f)
      throws IOException, ReportException {
    Gate.Thresholds t = gate.thresholds();
    switch (report.type()) {
      case JUNIT -> {
        List<TestReport> reports = new ArrayList<>();
        for (Path file : files) {
          try (InputStream in = open(report, file, tree)) {
            reports.add(JUnitXml.read(tree.relativize(file).toString(), in));
          }
        }
        TestReport all = JUnitXml.merge(reports);
        int failed = all.failures() + all.errors();
        if (all.tests() == all.skipped()) {
          f.reasons.add("no test ran (" + all.tests() + " tests, all skipped or none): an empty report proves nothing");
        }
        f.notes.add(all.tests() + " tests, " + failed + " failed, " + all.skipped() + " skipped");
        if (failed > 0) {
          f.reasons.add(failed + " of " + all.tests() + " tests failed: " + String.join(", ", first(all.failing(), 10)));
        }
      }
      case JACOCO, COBERTURA -> {
        Coverage coverage = null;
        for (Path file : files) {
          try (InputStream in = open(report, file, tree)) {
            String name = tree.relativize(file).toString();
            // Report paths are matched to files of the commit's tree: coverage.py names files
            // relative to --cov's package, JaCoCo relative to a source root.
            java.util.function.Predicate<String> exists = p -> Files.isRegularFile(tree.resolve(p));
            Coverage c = report.type() == Gate.ReportType.JACOCO
                ? JacocoXml.read(name, in, report.sourceRoots().isEmpty() ? List.of("src/main/java") : report.sourceRoots(), exists)
                : CoberturaXml.read(name, in, exists);
            coverage = coverage == null ? c : combine(coverage, c);
          }
        }
        Coverage.NewLines fresh = coverage.newLines(addedByPath(inputs.added()));
        double overall = coverage.overall();
        f.notes.add(String.format(Locale.ROOT, "coverage %s overall, %s of %d new executable lines",
            percent(overall), percent(fresh.ratio()), fresh.covered() + fresh.missed()));
        t.overallCoverage().filter(min -> overall < min).ifPresent(min -> f.reasons.add(
            "coverage " + percent(overall) + " < " + percent(min)));
        t.newLineCoverage().filter(min -> fresh.ratio() < min).ifPresent(min -> f.reasons.add(
            "coverage of new lines " + percent(fresh.ratio()) + " < " + percent(min) + ": " + uncovered(fresh)));
      }
      case SARIF -> {
        List<SarifFinding> found = new ArrayList<>();
        for (Path file : files) {
          try (InputStream in = open(report, file, tree)) {
            found.addAll(Sarif.read(tree.relativize(file).toString(), in));
          }
        }
        SarifFinding.Severity limit = t.failOnSeverity().map(s -> SarifFinding.Severity.valueOf(s.toUpperCase(Locale.ROOT)))
            .orElse(SarifFinding.Severity.HIGH);
        List<SarifFinding> blocking = found.stream().filter(x -> x.severity().compareTo(limit) <= 0).toList();
        f.notes.add(found.size() + " findings");
        if (!blocking.isEmpty()) {
          f.reasons.add(blocking.size() + " findings at " + limit.name().toLowerCase(Locale.ROOT) + " or above: "
              + String.join("; ", first(blocking.stream().map(x -> x.severity().name().toLowerCase(Locale.ROOT) + " "
                  + x.ruleId() + " " + x.path() + ":" + x.line()).toList(), 10)));
        }
      }
      case JMH, BENCHMARK_JSON -> {
        for (Path file : files) {
          try (InputStream in = open(report, file, tree)) {
            String name = tree.relativize(file).toString();
            if (report.type() == Gate.ReportType.JMH) {
              // Throughput (ops per time unit) is better when higher; JMH says so in the unit.
              BenchmarkJson.readJmhScores(name, in).forEach((benchmark, score) -> {
                f.metrics.put(benchmark, score.score());
                if (score.unit().startsWith("ops/")) {
                  f.higherIsBetter.add(benchmark);
                }
              });
            } else {
              f.metrics.putAll(BenchmarkJson.readSimple(name, in));
            }
          }
        }
      }
    }
  }

  /** SLOs are absolute; regressions are against the target's last passing run. */
  private static void benchmarks(Gate.Thresholds t, Findings f, Inputs inputs) {
    t.slo().forEach((name, slo) -> {
      Double value = f.metrics.get(name);
      if (value == null) {
        f.reasons.add("no figure " + name + " in the benchmark reports (SLO)");
        return;
      }
      slo.max().filter(max -> value > max).ifPresent(max -> f.reasons.add(name + " " + number(value) + " > " + number(max) + " (SLO)"));
      slo.min().filter(min -> value < min).ifPresent(min -> f.reasons.add(name + " " + number(value) + " < " + number(min) + " (SLO)"));
    });
    if (t.maxRegression().isEmpty()) {
      return;
    }
    if (inputs.baseline().isEmpty()) {
      f.notes.add("no baseline yet: this run becomes the baseline once it passes");
      return;
    }
    Map<String, Double> base = inputs.baseline().get();
    double allowed = t.maxRegression().get();
    f.metrics.forEach((name, value) -> {
      Double before = base.get(name);
      if (before == null || before == 0) {
        return;
      }
      boolean higherBetter = t.higherIsBetter().contains(name) || f.higherIsBetter.contains(name);
      double worse = higherBetter ? (before - value) / before : (value - before) / before;
      if (worse > allowed) {
        f.reasons.add(String.format(Locale.ROOT, "%s regressed %s (%s against %s at %s; allowed %s)", name,
            percent(worse), number(value), number(before), inputs.baselineCommit().substring(0, Math.min(10, inputs.baselineCommit().length())),
            percent(allowed)));
      }
    });
  }

  private static Coverage combine(Coverage a, Coverage b) {
    Map<String, Coverage.FileLines> files = new java.util.HashMap<>(a.files());
    b.files().forEach((path, lines) -> Coverage.add(files, path, lines));
    return new Coverage(files);
  }

  private static Map<String, Set<Integer>> addedByPath(List<Diffs.Added> added) {
    Map<String, Set<Integer>> out = new LinkedHashMap<>();
    for (Map.Entry<String, SortedSet<Integer>> e : Diffs.byPath(added).entrySet()) {
      out.put(e.getKey(), e.getValue());
    }
    return out;
  }

  private static String uncovered(Coverage.NewLines fresh) {
    List<String> parts = new ArrayList<>();
    fresh.uncoveredRanges().forEach((path, ranges) -> {
      List<String> r = ranges.stream().map(x -> x[0] == x[1] ? String.valueOf(x[0]) : x[0] + "-" + x[1]).toList();
      parts.add(path + " " + String.join(",", r));
    });
    return first(parts, 10).isEmpty() ? "no lines" : String.join("; ", first(parts, 10)) + " uncovered";
  }

  /**
   * A report file to read, refused unread when it is bigger than its cap; the stream fails too
   * should the file grow past the cap while it is read.
   */
  private static InputStream open(Gate.Report report, Path file, Path tree) throws IOException, ReportException {
    String name = tree.relativize(file).toString();
    long size = Files.size(file);
    if (size > report.maxBytes()) {
      throw new ReportException(name, "is " + bytes(size) + ", more than the " + bytes(report.maxBytes())
          + " a " + report.type() + " report may be (max_size); it was not read");
    }
    return new Capped(Files.newInputStream(file), report.maxBytes());
  }

  /** A stream that fails once more than {@code cap} bytes were read from it. */
  static final class Capped extends java.io.FilterInputStream {
    private final long cap;
    private long read;

    Capped(InputStream in, long cap) {
      super(in);
      this.cap = cap;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
      int n = super.read(buffer, off, len);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      count(skipped);
      return skipped;
    }

    private void count(long n) throws IOException {
      read += n;
      if (read > cap) {
        throw new IOException("grew past " + bytes(cap) + " while it was read (max_size)");
      }
    }
  }

  static String bytes(long n) {
    if (n >= 1L << 20 && n % (1L << 20) == 0) {
      return (n >> 20) + " MiB";
    }
    if (n >= 1L << 20) {
      return String.format(Locale.ROOT, "%.1f MiB (%d bytes)", n / (double) (1L << 20), n);
    }
    return n % 1024 == 0 && n > 0 ? (n >> 10) + " KiB" : n + " bytes";
  }

  /**
   * Removes from the fresh copy of the tree every file and symlink a report path or glob names,
   * before the command runs, so that a report the commit itself carries is never read as the
   * run's: it is "missing" unless the run writes it again. Symlinks are removed, not followed.
   *
   * @return the files removed, relative to the tree's root
   */
  static List<String> clear(Path tree, List<Gate.Report> reports) throws IOException {
    java.util.Set<String> removed = new java.util.TreeSet<>();
    for (Gate.Report report : reports) {
      for (Path file : matches(tree, report.path(), false)) {
        if (Files.deleteIfExists(file)) {
          removed.add(tree.relativize(file).toString());
        }
      }
    }
    return List.copyOf(removed);
  }

  /** Report files matching a path or glob, relative to the tree's root. */
  static List<Path> find(Path tree, String pattern) throws IOException {
    return matches(tree, pattern, true);
  }

  /**
   * Files matching a path or glob: regular files (through symlinks) when {@code reading}, else
   * the regular files and symlinks themselves.
   */
  private static List<Path> matches(Path tree, String pattern, boolean reading) throws IOException {
    java.util.function.Predicate<Path> wanted = reading ? Files::isRegularFile
        : p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(p);
    if (!Deliverables.isGlob(pattern)) {
      Path file = tree.resolve(pattern);
      return wanted.test(file) ? List.of(file) : List.of();
    }
    int cut = pattern.length();
    for (int i = 0; i < pattern.length(); i++) {
      if ("*?[{".indexOf(pattern.charAt(i)) >= 0) {
        cut = pattern.lastIndexOf('/', i) + 1;
        break;
      }
    }
    Path root = tree.resolve(pattern.substring(0, cut));
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(wanted)
          .filter(p -> Deliverables.covers(pattern, tree.relativize(p).toString()))
          .sorted().toList();
    }
  }

  private static <T> List<T> first(List<T> items, int n) {
    return items.size() <= n ? items : items.subList(0, n);
  }

  static String percent(double ratio) {
    return String.format(Locale.ROOT, "%.0f%%", ratio * 100);
  }

  private static String number(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.2f", v);
  }

  static String human(java.time.Duration d) {
    long s = d.toSeconds();
    return s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
  }
}
