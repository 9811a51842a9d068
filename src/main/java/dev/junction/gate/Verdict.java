package dev.junction.gate;

import java.util.List;
import java.util.Map;

/**
 * A gate's verdict on a commit, with the reasons in the words a person acts on ("coverage of new
 * lines 71% < 80%: src/Foo.java 12-30 uncovered").
 *
 * @param reasons why it failed (empty when it passed)
 * @param notes what was seen that does not fail it (lint findings not blocked, figures)
 * @param metrics benchmark figures read from its reports
 * @param log where the command's output is
 * @param logTail of a gate that failed with no report read (its command failed, timed out, or
 *     wrote no report that could be read), the last lines of its log ({@link LogTail}); empty
 *     otherwise: a report that was read explains the failure itself
 * @param reused whether the verdict is an earlier pass on the same commit and configuration
 */
public record Verdict(
    String gate, Status status, List<String> reasons, List<String> notes, Map<String, Double> metrics,
    String log, List<String> logTail, boolean reused, long millis) {

  public Verdict {
    reasons = List.copyOf(reasons);
    notes = List.copyOf(notes);
    metrics = Map.copyOf(metrics);
    logTail = List.copyOf(logTail);
  }

  /** A verdict that shows no lines of its log. */
  public Verdict(String gate, Status status, List<String> reasons, List<String> notes, Map<String, Double> metrics,
      String log, boolean reused, long millis) {
    this(gate, status, reasons, notes, metrics, log, List.of(), reused, millis);
  }

  /**
   * Passed or failed; a gate that cannot be judged fails (closed). Skipped: not run, because an
   * earlier gate failed and the run stops at the first failure (fail-fast); never a pass.
   */
  public enum Status {
    PASSED("passed"), FAILED("failed"), SKIPPED("skipped");

    private final String word;

    Status(String word) {
      this.word = word;
    }

    @Override
    public String toString() {
      return word;
    }
  }

  public boolean passed() {
    return status == Status.PASSED;
  }

  /** What a skipped gate says, in text and JSON. */
  public static final String SKIPPED_REASON = "skipped: an earlier gate failed";

  /** The verdict of a gate not run because {@code failed}, before it, failed under fail-fast. */
  public static Verdict skipped(String gate, String failed) {
    return new Verdict(gate, Status.SKIPPED, List.of(SKIPPED_REASON + " (" + failed + ")"), List.of(), Map.of(), "",
        false, 0);
  }
}
