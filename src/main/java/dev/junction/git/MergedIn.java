package dev.junction.git;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Where a commit the target already holds entered the target: the oldest commit of the target's
 * first-parent chain that reaches it (the merge that brought it, or the commit itself when it lies
 * on the chain), and the revert of that merge on the chain after it, if Junction made one.
 *
 * @param merge the chain's commit that brought it
 * @param subject that commit's subject
 * @param revert a later commit of the chain carrying {@code Junction-Revert: <merge>}
 */
public record MergedIn(ObjectId merge, String subject, Optional<ObjectId> revert) {

  /**
   * Where {@code commit} entered {@code target}, given that {@code commit} is an ancestor of
   * {@code target} (the caller knows it: their only merge base is {@code commit}). Reaching is
   * monotone along the first-parent chain, so the chain is binary searched: a logarithmic number
   * of reachability walks, not one per commit.
   */
  public static MergedIn find(Repository repo, ObjectId commit, ObjectId target) throws IOException {
    try (RevWalk walk = new RevWalk(repo)) {
      List<RevCommit> chain = new ArrayList<>();
      for (RevCommit c = walk.parseCommit(target); c != null;
          c = c.getParentCount() == 0 ? null : walk.parseCommit(c.getParent(0))) {
        chain.add(c);
        if (c.equals(commit)) {
          break;
        }
      }
      RevCommit wanted = walk.parseCommit(commit);
      int reaches = 0; // chain.get(0), the tip, reaches it
      int misses = chain.size(); // past the root
      while (misses - reaches > 1) {
        int mid = (reaches + misses) >>> 1;
        if (walk.isMergedInto(wanted, chain.get(mid))) {
          reaches = mid;
        } else {
          misses = mid;
        }
      }
      RevCommit merge = chain.get(reaches);
      Optional<ObjectId> revert = Optional.empty();
      for (int i = reaches - 1; i >= 0 && revert.isEmpty(); i--) {
        RevCommit c = chain.get(i);
        if (c.getParentCount() <= 1 && Trailers.values(c.getFullMessage(), Trailers.REVERT).contains(merge.name())) {
          revert = Optional.of(c.copy());
        }
      }
      return new MergedIn(merge.copy(), merge.getShortMessage(), revert);
    }
  }
}
