package dev.junction.plan;

import java.util.Set;

/**
 * What a branch holds that the target does not, as observed in git.
 *
 * @param exists whether the branch exists at all
 * @param ahead number of commits on the branch not reachable from the target
 * @param changedPaths paths that differ between the merge base and the branch tip
 */
public record BranchWork(boolean exists, int ahead, Set<String> changedPaths) {
  public BranchWork {
    changedPaths = Set.copyOf(changedPaths);
  }

  /** A branch that does not exist. */
  public static BranchWork missing() {
    return new BranchWork(false, 0, Set.of());
  }
}
