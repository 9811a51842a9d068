package dev.junction.plan;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A gate: a command run on a commit (in a scratch copy of its tree), the reports it writes and the
 * thresholds it is judged by; or the self-review lint of the change, or both.
 *
 * @param command argv; a command written as one string runs as {@code sh -c}; empty for a lint-only gate
 * @param workdir folder of the tree the command runs in ({@code .} by default)
 * @param stages the stages that require the gate (spec 1.1)
 * @param postMerge whether the gate also validates the target after the merge (spec 4.1 gate 3)
 */
public record Gate(
    String name,
    List<String> command,
    String workdir,
    Duration timeout,
    Map<String, String> env,
    Set<Stage> stages,
    boolean postMerge,
    List<Report> reports,
    Thresholds thresholds,
    Optional<Lint> lint) {

  public Gate {
    command = List.copyOf(command);
    env = Map.copyOf(env);
    stages = Set.copyOf(stages);
    reports = List.copyOf(reports);
  }

  /** The kinds of report a gate can be judged by. */
  public enum ReportType {
    JUNIT("junit"), JACOCO("jacoco"), COBERTURA("cobertura"), SARIF("sarif"), JMH("jmh"),
    BENCHMARK_JSON("benchmark-json");

    private final String word;

    ReportType(String word) {
      this.word = word;
    }

    @Override
    public String toString() {
      return word;
    }

    static Optional<ReportType> of(String word) {
      for (ReportType t : values()) {
        if (t.word.equals(word)) {
          return Optional.of(t);
        }
      }
      return Optional.empty();
    }

    /** Whether the report measures coverage. */
    public boolean isCoverage() {
      return this == JACOCO || this == COBERTURA;
    }

    /** Whether the report holds benchmark figures. */
    public boolean isBenchmark() {
      return this == JMH || this == BENCHMARK_JSON;
    }
  }

  /**
   * A report the command writes.
   *
   * @param path a path or glob inside the tree, relative to its root
   * @param sourceRoots for JaCoCo, the folders its package paths live under ({@code src/main/java})
   * @param maxBytes the largest file the report may be; a bigger one fails the gate unread
   */
  public record Report(ReportType type, String path, List<String> sourceRoots, long maxBytes) {
    /** The size cap of a report that names none: 32 MiB. */
    public static final long DEFAULT_MAX_BYTES = 32L << 20;
    /** The bounds of {@code max_size}: 1 KiB to 1 GiB. */
    public static final long MIN_MAX_BYTES = 1L << 10;
    public static final long MAX_MAX_BYTES = 1L << 30;

    public Report {
      sourceRoots = List.copyOf(sourceRoots);
    }

    /** A report with the default size cap. */
    public Report(ReportType type, String path, List<String> sourceRoots) {
      this(type, path, sourceRoots, DEFAULT_MAX_BYTES);
    }
  }

  /**
   * What the reports must show. Empty values are not checked; failing tests always fail the gate.
   *
   * @param newLineCoverage minimum coverage of the lines the change adds (spec: 0.80)
   * @param overallCoverage minimum coverage of all lines
   * @param failOnSeverity findings at or above this severity fail the gate (spec: high)
   * @param maxRegression largest allowed slow-down against the baseline, as a fraction (spec: 0.10)
   * @param slo absolute limits per benchmark figure (spec: coordinator latency under 10 ms)
   * @param higherIsBetter benchmark figures where more is better (throughput); others are costs
   */
  public record Thresholds(
      Optional<Double> newLineCoverage,
      Optional<Double> overallCoverage,
      Optional<String> failOnSeverity,
      Optional<Double> maxRegression,
      Map<String, Slo> slo,
      Set<String> higherIsBetter) {

    public Thresholds {
      slo = Map.copyOf(slo);
      higherIsBetter = Set.copyOf(higherIsBetter);
    }

    static Thresholds none() {
      return new Thresholds(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of(), Set.of());
    }
  }

  /** An absolute limit on a benchmark figure. */
  public record Slo(Optional<Double> max, Optional<Double> min) {}

  /**
   * The self-review lint of spec 7.6 on the lines the change adds.
   *
   * @param block rules whose findings fail the gate; the others are reported only
   */
  public record Lint(Set<String> block) {
    public Lint {
      block = Set.copyOf(block);
    }

    /** The rules of the lint, as written in {@code junction.yaml}. */
    public static final List<String> RULES =
        List.of("debug-print", "commented-out-code", "todo", "secret", "absolute-path");
  }
}
