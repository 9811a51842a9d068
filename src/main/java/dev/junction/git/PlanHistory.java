package dev.junction.git;

import dev.junction.plan.Plan;
import dev.junction.plan.PlanLoad;
import java.io.IOException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * The plans a branch held before its tip: the last valid one is what an emergency override works
 * from when the tip's {@code junction.yaml} is missing or invalid, so that a broken plan on a
 * protected branch can be fixed through the guard instead of with raw git inside the hub.
 */
public final class PlanHistory {
  /** Commits of the first-parent chain looked at, at most. */
  static final int DEPTH = 1_000;

  private PlanHistory() {}

  /**
   * A valid plan and where it was found.
   *
   * @param commit the newest commit of the first-parent chain whose {@code junction.yaml} is valid
   * @param plan that plan, named {@code branch:junction.yaml@<commit>} in messages
   */
  public record Found(ObjectId commit, Plan plan) {}

  /**
   * The newest valid plan on {@code branch}'s first-parent chain, its tip included; empty when
   * the branch does not exist or none of its last {@value #DEPTH} commits has a valid plan.
   */
  public static Optional<Found> lastValid(Repository repo, String branch) throws IOException {
    Ref ref = repo.exactRef(Constants.R_HEADS + branch);
    if (ref == null || ref.getObjectId() == null) {
      return Optional.empty();
    }
    Set<ObjectId> invalid = new HashSet<>();
    try (RevWalk walk = new RevWalk(repo)) {
      RevCommit c = walk.parseCommit(ref.getObjectId());
      for (int seen = 0; c != null && seen < DEPTH; seen++) {
        Optional<ObjectId> blob = PlanSource.blob(repo, c, Plan.FILE_NAME);
        if (blob.isPresent() && !invalid.contains(blob.get())) {
          String label = branch + ":" + Plan.FILE_NAME + "@" + c.abbreviate(10).name();
          PlanLoad load;
          try {
            load = PlanSource.load(repo, blob.get(), label);
          } catch (IOException tooLarge) {
            load = new PlanLoad.Invalid(java.util.List.of());
          }
          if (load instanceof PlanLoad.Loaded loaded) {
            return Optional.of(new Found(c.copy(), loaded.plan()));
          }
          invalid.add(blob.get());
        }
        c = c.getParentCount() == 0 ? null : walk.parseCommit(c.getParent(0));
      }
    }
    return Optional.empty();
  }
}
