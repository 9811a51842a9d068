package dev.junction.land;

import dev.junction.git.Commits;
import dev.junction.git.Trailers;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.ResolveMerger;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * {@code git revert -m 1} built in-core: the change a merge (or a batch of merges) brought in, taken
 * out of the current tip by a three-way merge whose base is the (last) merge and whose other side is
 * the (first) merge's first parent.
 */
final class Reverts {
  private Reverts() {}

  /**
   * The revert commit on top of {@code tip}; empty when later work conflicts with it; the zero id
   * when the tip no longer holds anything of the merge (it was reverted already).
   */
  static Optional<ObjectId> revert(Repository repo, ObjectId tip, ObjectId merge, String reason, PersonIdent who)
      throws IOException {
    return revert(repo, tip, List.of(merge), reason, who);
  }

  /**
   * One revert of a batch: {@code merges} are a first-parent chain landed together, and the revert
   * takes out everything between the first one's first parent and the last one, with a
   * {@code Junction-Revert} trailer per merge. A batch of one is a plain revert.
   */
  static Optional<ObjectId> revert(Repository repo, ObjectId tip, List<ObjectId> merges, String reason, PersonIdent who)
      throws IOException {
    try (ObjectInserter inserter = repo.newObjectInserter(); RevWalk walk = new RevWalk(repo)) {
      RevCommit first = walk.parseCommit(merges.get(0));
      RevCommit last = walk.parseCommit(merges.get(merges.size() - 1));
      RevCommit current = walk.parseCommit(tip);
      ResolveMerger merger = (ResolveMerger) MergeStrategy.RESOLVE.newMerger(inserter, repo.getConfig());
      merger.setBase(last);
      if (!merger.merge(current, first.getParent(0))) {
        return Optional.empty();
      }
      if (merger.getResultTreeId().equals(current.getTree().getId())) {
        return Optional.of(ObjectId.zeroId()); // nothing left to take out: reverted already
      }
      StringBuilder m = new StringBuilder();
      if (merges.size() == 1) {
        m.append("Revert \"").append(first.getShortMessage()).append("\"\n\n")
            .append("This reverts merge ").append(first.getName()).append(", keeping its first parent: ").append(reason);
      } else {
        m.append("Revert \"").append(first.getShortMessage()).append("\" and the ").append(merges.size() - 1)
            .append(merges.size() == 2 ? " merge" : " merges").append(" landed with it\n\n")
            .append("This reverts the batch of ").append(merges.size()).append(" merges landed together, back to ")
            .append(first.getParent(0).getName()).append(" (the first one's first parent): ").append(reason);
      }
      m.append("\n\n");
      merges.forEach(id -> m.append(Trailers.REVERT).append(": ").append(id.getName()).append('\n'));
      m.append(Trailers.STAGE).append(": rollback\n");
      try (Commits.Writer writer = Commits.writer(inserter)) {
        return Optional.of(writer.commit(merger.getResultTreeId(), current, m.toString(), who));
      }
    }
  }
}
