package dev.junction.git;

import dev.junction.plan.RolledBack;
import java.io.IOException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.ResolveMerger;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Landing a rolled-back task again with its fix (spec 8.2, "re-merged with fix"): what the landing
 * merge of the branch is built on, so that nobody hand-crafts a revert of the revert.
 *
 * <p>A revert keeps the reverted merge's commits in the history: merging the same branch again
 * brings only what it gained since, on top of a target that lacks the rest (git's "revert of a
 * faulty merge" trap: nothing, or modify/delete conflicts). So the merge of the fixed branch is
 * made on the target with the revert taken out again, in memory: the landing merge's tree is the
 * target, plus the reverted work, plus the fix, and its parents are the target's tip and the
 * branch's tip as for any landing. A branch that merged the revert in already (a sync after the
 * rollback) carries the work again itself, or not at all: it merges onto the target as it is.
 */
public final class Reland {
  private Reland() {}

  /** What the landing merge of a rolled-back task's branch is made on. */
  public sealed interface Base {}

  /**
   * Merge the branch into {@code onto}: a commit (no ref, no trailer) holding the target with the
   * revert taken out, or the target's tip itself when the branch holds the revert already.
   *
   * @param restored whether {@code onto} is the target with the reverted work restored
   */
  public record Onto(ObjectId onto, boolean restored) implements Base {}

  /** The branch has no commit the reverted merge did not land: nothing was fixed. */
  public record NothingNew(String reason) implements Base {}

  /** The revert cannot be taken out of the target (later work changed the same lines, or a batch). */
  public record Impossible(String reason) implements Base {}

  /**
   * Where to merge {@code branch} when landing the rolled-back task {@code rolled} on the target at
   * {@code head} (the target's tip, or the merge before in a batch).
   */
  public static Base base(Repository repo, ObjectId head, RolledBack rolled, ObjectId branch, PersonIdent who)
      throws IOException {
    ObjectId merge = ObjectId.fromString(rolled.merge());
    ObjectId revertId = ObjectId.fromString(rolled.revert());
    String revertShort = revertId.abbreviate(10).name();
    try (ObjectInserter inserter = repo.newObjectInserter(); RevWalk walk = new RevWalk(repo)) {
      RevCommit tip = walk.parseCommit(branch);
      RevCommit revert = walk.parseCommit(revertId);
      if (walk.isMergedInto(tip, walk.parseCommit(merge))) {
        return new NothingNew("nothing fixed since rollback " + revertShort + ": the branch is at "
            + tip.abbreviate(10).name() + ", which merge " + merge.abbreviate(10).name() + " landed already");
      }
      walk.reset();
      if (walk.isMergedInto(revert, tip)) {
        return new Onto(head.copy(), false); // synced since the rollback: the branch carries the work again itself
      }
      walk.reset();
      if (Trailers.values(revert.getFullMessage(), Trailers.REVERT).size() > 1) {
        return new Impossible("rollback " + revertShort + " reverted a batch of merges together: taking it out"
            + " would bring back the other tasks too; land the fix as new commits on a branch synced after the rollback");
      }
      RevCommit current = walk.parseCommit(head);
      ResolveMerger merger = (ResolveMerger) MergeStrategy.RESOLVE.newMerger(inserter, repo.getConfig());
      merger.setBase(revert);
      if (!merger.merge(current, revert.getParent(0))) {
        return new Impossible("later work on the target conflicts with taking rollback " + revertShort + " out again ("
            + String.join(", ", merger.getUnmergedPaths()) + "): sync the branch (it then merges the revert), redo the"
            + " work with the fix on it, and land again");
      }
      if (merger.getResultTreeId().equals(current.getTree().getId())) {
        return new Onto(head.copy(), false); // the target holds the reverted work again already
      }
      String message = "Restore the work rollback " + revertShort + " took out, for landing it again\n\n"
          + "Junction's in-memory base of a re-landing: no ref points here; only the landing merge's tree is kept.\n";
      try (Commits.Writer writer = Commits.writer(inserter)) {
        return new Onto(writer.commit(merger.getResultTreeId(), current, message, who), true);
      }
    }
  }
}
