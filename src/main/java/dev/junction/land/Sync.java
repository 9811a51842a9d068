package dev.junction.land;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.junction.git.Commits;
import dev.junction.git.MergeEngine;
import dev.junction.git.MergeResult;
import dev.junction.git.PlanSource;
import dev.junction.git.Refs;
import dev.junction.plan.Disposition;
import dev.junction.plan.Plan;
import dev.junction.plan.Session;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Sync (spec 1.2): the coordination branch merged into a session's branch, the frequent
 * direction. The session branch moves by compare-and-swap; a conflict moves nothing.
 */
public final class Sync {
  private Sync() {}

  /** How a sync ended. */
  public sealed interface Outcome {
    Disposition disposition();
  }

  /** The session branch now holds the coordination tip (merged, or already there). */
  @JsonTypeName("synced")
  public record Synced(String branch, String tip, boolean merged) implements Outcome {
    @Override
    public Disposition disposition() {
      return Disposition.DONE;
    }
  }

  /** The merge conflicts; the session resolves it on its branch. */
  @JsonTypeName("conflicted")
  public record Conflicted(String branch, List<String> paths) implements Outcome {
    @Override
    public Disposition disposition() {
      return Disposition.NO;
    }
  }

  /** The session branch moved during the sync. */
  @JsonTypeName("moved")
  public record Moved(String branch) implements Outcome {
    @Override
    public Disposition disposition() {
      return Disposition.BLOCKED;
    }
  }

  /**
   * Merges {@code coordination} into the session's branch {@code tip}, both resolved by the
   * caller (the branch names come from the plan).
   */
  public static Outcome run(Repository repo, MergeEngine engine, PlanSource.Tip coordination, PlanSource.Tip tip,
      PersonIdent who) throws IOException {
    String branch = tip.branch();
    try (RevWalk walk = new RevWalk(repo)) {
      if (walk.isMergedInto(walk.parseCommit(coordination.id()), walk.parseCommit(tip.id()))) {
        return new Synced(branch, tip.id().name(), false);
      }
    }
    MergeResult merge = engine.merge(tip.id(), coordination.id());
    if (!merge.clean() || merge.tree().isEmpty()) {
      return new Conflicted(branch, merge.paths());
    }
    ObjectId commit;
    try (Commits.Writer writer = Commits.writer(repo)) {
      commit = writer.merge(merge.tree().get(), tip.id(), coordination.id(),
          "chore(sync): Merge " + coordination.branch() + " into " + branch + "\n", who);
    }
    Refs.Swap swap = Refs.compareAndSwap(repo, tip.refName(), tip.id(), commit, who, "junction sync");
    return swap.isMoved() ? new Synced(branch, commit.name(), true) : new Moved(branch);
  }

  /** The session named by id, or whose branch is named. */
  public static Optional<Session> session(Plan plan, String name) {
    return plan.sessions().stream()
        .filter(s -> s.id().equals(name) || s.branch().filter(name::equals).isPresent()).findFirst();
  }
}
