package dev.junction.plan;

/** Where a task stands against a target branch. */
public enum TaskState {
  /** A merge on the target's first-parent chain carries {@code Junction-Task: <id>} (and no revert there undid it). */
  MERGED("merged"),
  /** Not merged, and its branch has commits touching its deliverables that the target lacks. */
  IN_PROGRESS("in-progress"),
  /** Not merged, nothing pending, every dependency merged: it may land now. */
  READY("ready"),
  /** Not merged and some dependency is not merged either. */
  BLOCKED("blocked");

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
