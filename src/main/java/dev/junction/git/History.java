package dev.junction.git;

import dev.junction.plan.BranchWork;
import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/** Questions answered from history: which tasks a target holds, what a branch has beyond it. */
public final class History {
  private History() {}

  /**
   * Tasks merged into the history of {@code tip}: the {@code Junction-Task} trailers of every
   * merge commit reachable from it, each with the abbreviated id of the newest such merge. A merge
   * that a reachable {@code Junction-Revert} commit reverted no longer counts (a later re-merge
   * does). Subjects are never read, and merges that are not reachable do not count.
   *
   * <p>The scan of a long history is kept in {@code <git dir>/junction/cache/trailers}: the next
   * scan walks only the commits the tip gained since.
   */
  public static Map<String, String> mergedTasks(Repository repo, ObjectId tip) throws IOException {
    TrailerScan cached = TrailerScan.load(repo).orElse(null);
    TrailerScan scan;
    try (RevWalk walk = new RevWalk(repo)) {
      RevCommit start = walk.parseCommit(tip);
      boolean incremental = cached != null && repo.getObjectDatabase().has(cached.tip())
          && walk.isMergedInto(walk.parseCommit(cached.tip()), start);
      walk.reset();
      walk.sort(RevSort.TOPO);
      walk.markStart(start);
      if (incremental) {
        walk.markUninteresting(walk.parseCommit(cached.tip()));
      }
      scan = TrailerScan.walk(walk, incremental ? cached : TrailerScan.empty(), tip);
    }
    if (cached == null || !cached.tip().equals(tip)) {
      scan.save(repo);
    }
    return scan.merged();
  }

  /** What {@code branch} holds beyond {@code target}: commits ahead and the paths they change. */
  public static BranchWork work(Repository repo, ObjectId branch, ObjectId target) throws IOException {
    try (RevWalk walk = new RevWalk(repo)) {
      RevCommit tip = walk.parseCommit(branch);
      walk.markStart(tip);
      walk.markUninteresting(walk.parseCommit(target));
      int ahead = 0;
      for (RevCommit ignored : walk) {
        ahead++;
      }
      if (ahead == 0) {
        return new BranchWork(true, 0, Set.of());
      }
      walk.reset();
      walk.setRevFilter(RevFilter.MERGE_BASE);
      walk.markStart(walk.parseCommit(branch));
      walk.markStart(walk.parseCommit(target));
      RevCommit base = walk.next();
      return new BranchWork(true, ahead, changedPaths(repo, base, walk.parseCommit(branch)));
    }
  }

  /** What differs between two trees: every changed path, and which of them are gone. */
  public record Delta(Set<String> changed, Set<String> deleted) {}

  /** Paths that differ between two trees, deletions told apart. */
  public static Delta delta(Repository repo, ObjectId fromTree, ObjectId toTree) throws IOException {
    Set<String> changed = new HashSet<>();
    Set<String> deleted = new HashSet<>();
    try (ObjectReader reader = repo.newObjectReader(); TreeWalk tw = new TreeWalk(reader)) {
      tw.setRecursive(true);
      tw.setFilter(TreeFilter.ANY_DIFF);
      tw.addTree(fromTree);
      tw.addTree(toTree);
      while (tw.next()) {
        changed.add(tw.getPathString());
        if (tw.getRawMode(1) == 0) {
          deleted.add(tw.getPathString());
        }
      }
    }
    return new Delta(changed, deleted);
  }

  /** The tree of a commit. */
  public static ObjectId treeOf(Repository repo, ObjectId commit) throws IOException {
    try (RevWalk walk = new RevWalk(repo)) {
      return walk.parseCommit(commit).getTree().getId();
    }
  }

  /** Which of {@code paths} (files or folders, a trailing {@code /} ignored) the tree of {@code commit} holds. */
  public static Set<String> existing(Repository repo, ObjectId commit, java.util.Collection<String> paths) throws IOException {
    Set<String> out = new HashSet<>();
    try (ObjectReader reader = repo.newObjectReader(); RevWalk walk = new RevWalk(reader)) {
      RevCommit c = walk.parseCommit(commit);
      for (String path : paths) {
        String p = path.replaceAll("/+$", "");
        if (p.isEmpty()) {
          continue;
        }
        try (TreeWalk tw = TreeWalk.forPath(reader, p, c.getTree())) {
          if (tw != null) {
            out.add(path);
          }
        }
      }
    }
    return out;
  }

  /** Paths that differ between two commits ({@code from} may be null: everything is new). */
  public static Set<String> changedPaths(Repository repo, RevCommit from, RevCommit to) throws IOException {
    Set<String> paths = new HashSet<>();
    try (ObjectReader reader = repo.newObjectReader(); TreeWalk tw = new TreeWalk(reader)) {
      tw.setRecursive(true);
      tw.setFilter(TreeFilter.ANY_DIFF);
      if (from == null) {
        tw.addTree(new org.eclipse.jgit.treewalk.EmptyTreeIterator());
      } else {
        tw.addTree(from.getTree());
      }
      tw.addTree(to.getTree());
      while (tw.next()) {
        paths.add(tw.getPathString());
      }
    }
    return paths;
  }

}
