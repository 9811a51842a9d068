package dev.junction.land;

import dev.junction.git.Trailers;
import java.io.IOException;
import java.util.Optional;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.ResolveMerger;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * {@code git revert -m 1} built in-core: the change a merge brought in, taken out of the current
 * tip by a three-way merge whose base is the merge and whose other side is its first parent.
 */
final class Reverts {
  private Reverts() {}

  /**
   * The revert commit on top of {@code tip}; empty when later work conflicts with it; the zero id
   * when the tip no longer holds anything of the merge (it was reverted already).
   */
  static Optional<ObjectId> revert(Repository repo, ObjectId tip, ObjectId merge, String reason, PersonIdent who)
      throws IOException {
    try (ObjectInserter inserter = repo.newObjectInserter(); RevWalk walk = new RevWalk(repo)) {
      RevCommit m = walk.parseCommit(merge);
      RevCommit current = walk.parseCommit(tip);
      ResolveMerger merger = (ResolveMerger) MergeStrategy.RESOLVE.newMerger(inserter, repo.getConfig());
      merger.setBase(m);
      if (!merger.merge(current, m.getParent(0))) {
        return Optional.empty();
      }
      if (merger.getResultTreeId().equals(current.getTree().getId())) {
        return Optional.of(ObjectId.zeroId()); // nothing left to take out: reverted already
      }
      CommitBuilder c = new CommitBuilder();
      c.setTreeId(merger.getResultTreeId());
      c.setParentId(current);
      c.setAuthor(who);
      c.setCommitter(who);
      c.setMessage("Revert \"" + m.getShortMessage() + "\"\n\n"
          + "This reverts merge " + m.getName() + ", keeping its first parent: " + reason + "\n\n"
          + Trailers.REVERT + ": " + m.getName() + "\n"
          + Trailers.STAGE + ": rollback\n");
      ObjectId id = inserter.insert(c);
      inserter.flush();
      return Optional.of(id);
    }
  }
}
