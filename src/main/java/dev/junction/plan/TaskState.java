package dev.junction.plan;

/** Where a task stands against a target branch. */
public enum TaskState {
  /** A merge on the target's first-parent chain carries {@code Junction-Task: <id>} (and no revert there undid it). */
  MERGED("merged"),
  /** Not merged, and its branch has commits touching its deliverables that the target lacks. */
  IN_PROGRESS("in-progress"),
  /** Not merged, nothing pending, every dependency merged: it may land now. */
  READY("ready"),
  /**
   * Not merged and some dependency is not merged either, or frozen by an unresolved interface
   * clash with another open branch ({@code PlanView.Frozen}).
   */
  BLOCKED("blocked"),
  /**
   * Landed, then taken out again: the newest merge on the target's first-parent chain carrying
   * {@code Junction-Task: <id>} is named by Junction's revert on that chain ({@code Junction-Revert}),
   * and nothing landed it since. The next step is a fix on its branch and {@code junction land}.
   */
  ROLLED_BACK("rolled-back");

  private final String word;

  TaskState(String word) {
    this.word = word;
  }

  /** The word used in text and JSON output. */
  @Override
  public String toString() {
    return word;
  }
}
