package dev.junction.git;

import dev.junction.plan.BranchWork;
import dev.junction.plan.RolledBack;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/** Questions answered from history: which tasks a target holds, what a branch has beyond it. */
public final class History {
  private History() {}

  /**
   * Tasks merged into {@code tip} by the one trust rule for landed work (see {@link TrailerScan}):
   * read from its first-parent chain only, where on a protected branch only Junction writes. A merge
   * on the chain carrying {@code Junction-Task} merged its tasks (each with the abbreviated id of
   * the newest such merge); a non-merge on the chain carrying {@code Junction-Revert} undid the
   * merge it names (a later re-merge counts again); a phase merge on the chain brings what its
   * second parent holds by the same rule. Trailers anywhere else (the commits a landed branch
   * brought along, its own merges, tags) are data, never state; subjects are never read.
   *
   * <p>Every reader of landed state (plan states, the board, STATUS, phase criteria, the landing
   * policy, merge requests, the conflict check) goes through here. Scans of recent tips are kept
   * in {@code <git dir>/junction/cache/landed}: the next scan walks only the chain the tip gained.
   */
  public static Map<String, String> mergedTasks(Repository repo, ObjectId tip) throws IOException {
    Map<ObjectId, TrailerScan> cache = TrailerScan.load(repo);
    boolean[] changed = {false};
    Map<String, String> merged;
    try (RevWalk walk = new RevWalk(repo)) {
      merged = merged(walk, tip.copy(), cache, changed);
    }
    if (changed[0]) {
      TrailerScan.save(repo, cache);
    }
    return merged;
  }

  /** A merge on a first-parent chain and the revert on that chain naming it (full ids). */
  record Reverted(String merge, String revert) {}

  /**
   * Tasks rolled back on {@code tip} by the same rule: the newest merge on its first-parent chain
   * carrying {@code Junction-Task} for them is named by a revert on that chain carrying
   * {@code Junction-Revert}, and no later merge landed them again. Each comes with the merge, the
   * revert and the reason the revert gives. Tasks that came in through a phase merge are not
   * reported here (they are rolled back on the branch the phase took).
   */
  public static Map<String, RolledBack> rolledBack(Repository repo, ObjectId tip) throws IOException {
    Map<ObjectId, TrailerScan> cache = TrailerScan.load(repo);
    boolean[] changed = {false};
    Map<String, RolledBack> out = new LinkedHashMap<>();
    try (RevWalk walk = new RevWalk(repo)) {
      TrailerScan scan = scan(walk, tip.copy(), cache, changed);
      for (Map.Entry<String, Reverted> e : scan.rolledBack().entrySet()) {
        RevCommit revert = walk.parseCommit(ObjectId.fromString(e.getValue().revert()));
        out.put(e.getKey(), new RolledBack(e.getValue().merge(), e.getValue().revert(), reason(revert.getFullMessage())));
      }
    }
    if (changed[0]) {
      TrailerScan.save(repo, cache);
    }
    return out;
  }

  /**
   * The merge requests whose landing on {@code tip} is rolled back: the {@code Junction-Request}
   * numbers of the reverted merges {@link #rolledBack} names. A request landed again (by a later
   * merge carrying its task) is not among them.
   */
  public static Set<Long> requestsRolledBack(Repository repo, ObjectId tip) throws IOException {
    Set<Long> out = new java.util.TreeSet<>();
    try (RevWalk walk = new RevWalk(repo)) {
      for (RolledBack r : rolledBack(repo, tip).values()) {
        for (String n : Trailers.values(walk.parseCommit(ObjectId.fromString(r.merge())).getFullMessage(), Trailers.REQUEST)) {
          if (n.matches("[0-9]{1,18}")) {
            out.add(Long.parseLong(n));
          }
        }
      }
    }
    return out;
  }

  /**
   * The reason a revert Junction wrote gives: the body after {@code first parent: } (or {@code
   * first parent): } for a batch), else the body without its trailers.
   */
  static String reason(String message) {
    String[] paragraphs = message.strip().split("\\n[ \\t]*\\n");
    int end = paragraphs.length > 1 && !Trailers.parse(message).isEmpty() ? paragraphs.length - 1 : paragraphs.length;
    String body = String.join(" ", java.util.Arrays.asList(paragraphs).subList(Math.min(1, end), end)).replace('\n', ' ').strip();
    for (String marker : List.of("first parent: ", "first parent): ")) {
      int at = body.indexOf(marker);
      if (at >= 0) {
        return body.substring(at + marker.length()).strip();
      }
    }
    return body.isEmpty() ? paragraphs[0].strip() : body;
  }

  private static TrailerScan scan(RevWalk walk, ObjectId tip, Map<ObjectId, TrailerScan> cache, boolean[] changed)
      throws IOException {
    TrailerScan scan = cache.get(tip);
    if (scan == null) {
      scan = TrailerScan.walk(walk, tip, cache);
      changed[0] = true;
    } else if (!cache.keySet().iterator().next().equals(tip)) {
      changed[0] = true; // used again: it moves to the front, so it is kept
    }
    Map<ObjectId, TrailerScan> again = new LinkedHashMap<>();
    again.put(tip, scan);
    cache.forEach(again::putIfAbsent);
    cache.clear();
    cache.putAll(again);
    return scan;
  }

  private static Map<String, String> merged(RevWalk walk, ObjectId tip, Map<ObjectId, TrailerScan> cache, boolean[] changed)
      throws IOException {
    TrailerScan scan = scan(walk, tip, cache, changed);
    Map<String, String> out = scan.direct();
    for (TrailerScan.Phase phase : scan.phases()) {
      if (!scan.reverted().contains(phase.merge())) {
        // The second parent is an ancestor of the phase merge: the recursion ends at the root.
        merged(walk, ObjectId.fromString(phase.from()), cache, changed).forEach(out::putIfAbsent);
        break;
      }
    }
    return out;
  }

  /**
   * The commits that moving a branch from {@code oldId} to {@code newId} puts on its first-parent
   * chain and that the trust rule would read as landed state (merges carrying {@code Junction-Task}
   * or {@code Junction-Stage: phase}, non-merges carrying {@code Junction-Revert}), newest first.
   * Only Junction writes those on a protected branch: the push guard refuses any push that brings
   * one, an override push included. {@code oldId} is the zero id for a branch being created.
   *
   * @param trusted the tips of the protected branches: a commit on the first-parent chain of one
   *     of them is Junction's already (a fast-forward of main to coordination brings nothing new),
   *     and the chain below it is that branch's too
   */
  public static List<String> stateWrites(Repository repo, ObjectId oldId, ObjectId newId, List<ObjectId> trusted)
      throws IOException {
    if (newId.equals(ObjectId.zeroId())) {
      return List.of();
    }
    Set<ObjectId> chains = new HashSet<>();
    try (RevWalk walk = new RevWalk(repo)) {
      walk.setRetainBody(false);
      for (ObjectId tip : trusted) {
        for (RevCommit c = walk.parseCommit(tip); c != null && chains.add(c.copy());
            c = c.getParentCount() == 0 ? null : walk.parseCommit(c.getParent(0))) {
          // collecting the chain
        }
      }
    }
    Set<ObjectId> fresh = new HashSet<>();
    try (RevWalk walk = new RevWalk(repo)) {
      walk.setRetainBody(false);
      walk.markStart(walk.parseCommit(newId));
      if (!oldId.equals(ObjectId.zeroId())) {
        walk.markUninteresting(walk.parseCommit(oldId));
      }
      for (RevCommit c : walk) {
        fresh.add(c.copy());
      }
    }
    List<String> out = new ArrayList<>();
    try (RevWalk walk = new RevWalk(repo)) {
      for (RevCommit c = walk.parseCommit(newId); c != null && fresh.contains(c) && !chains.contains(c);
          c = c.getParentCount() == 0 ? null : walk.parseCommit(c.getParent(0))) {
        if (TrailerScan.readsState(c)) {
          out.add(c.getName());
        }
      }
    }
    return out;
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
