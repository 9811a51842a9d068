package dev.junction.git;

import dev.junction.plan.Deliverables;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Branches and what each holds against a target: found by name or by pattern, with their merge
 * bases and changed paths computed once per branch (never per pair of branches).
 */
public final class BranchScan {
  private BranchScan() {}

  /** A branch measured against a target. */
  public record Measured(PlanSource.Tip tip, List<ObjectId> mergeBases, Set<String> changedPaths) {
    public Measured {
      mergeBases = List.copyOf(mergeBases);
      changedPaths = Set.copyOf(changedPaths);
    }
  }

  /**
   * Branches whose full ref name matches a glob ({@code refs/heads/topic/*}); a pattern without
   * {@code refs/} is taken under {@code refs/heads/}.
   */
  public static List<PlanSource.Tip> matching(Repository repo, String pattern) throws IOException {
    String full = pattern.startsWith("refs/") ? pattern : Constants.R_HEADS + pattern;
    List<PlanSource.Tip> out = new ArrayList<>();
    try (RevWalk walk = new RevWalk(repo)) {
      for (Ref ref : repo.getRefDatabase().getRefsByPrefix(Constants.R_REFS)) {
        if (ref.getObjectId() != null && Deliverables.covers(full, ref.getName())) {
          String name = Repository.shortenRefName(ref.getName());
          try {
            out.add(new PlanSource.Tip(name, ref.getName(), walk.parseCommit(ref.getObjectId()).getId()));
          } catch (org.eclipse.jgit.errors.IncorrectObjectTypeException notACommit) {
            // a tag of a tree or blob is no branch
          }
        }
      }
    }
    return out;
  }

  /** All merge bases of two commits (several on criss-cross histories), oldest walk order. */
  public static List<ObjectId> mergeBases(Repository repo, ObjectId a, ObjectId b) throws IOException {
    List<ObjectId> bases = new ArrayList<>();
    try (RevWalk walk = new RevWalk(repo)) {
      walk.setRevFilter(RevFilter.MERGE_BASE);
      walk.markStart(walk.parseCommit(a));
      walk.markStart(walk.parseCommit(b));
      for (RevCommit c = walk.next(); c != null; c = walk.next()) {
        bases.add(c.getId());
      }
    }
    return bases;
  }

  /** Measures a branch against the target: merge bases and the paths changed since the first. */
  public static Measured measure(Repository repo, PlanSource.Tip branch, ObjectId target) throws IOException {
    List<ObjectId> bases = mergeBases(repo, target, branch.id());
    try (RevWalk walk = new RevWalk(repo)) {
      RevCommit from = bases.isEmpty() ? null : walk.parseCommit(bases.get(0));
      return new Measured(branch, bases, History.changedPaths(repo, from, walk.parseCommit(branch.id())));
    }
  }

  /** The largest file {@link #read} reads. */
  static final int MAX_TEXT = 8 << 20;

  /** The text of {@code path} at {@code commit}, if it is a file there. */
  public static Optional<String> read(Repository repo, ObjectId commit, String path) throws IOException {
    try (RevWalk walk = new RevWalk(repo); ObjectReader reader = repo.newObjectReader()) {
      try (TreeWalk tw = TreeWalk.forPath(reader, path, walk.parseCommit(commit).getTree())) {
        if (tw == null || (tw.getRawMode(0) & 0170000) != 0100000) {
          return Optional.empty();
        }
        return Optional.of(new String(reader.open(tw.getObjectId(0)).getCachedBytes(MAX_TEXT),
            java.nio.charset.StandardCharsets.UTF_8));
      }
    }
  }

  /** Every folder above each path ({@code a/b/c} gives {@code a} and {@code a/b}). */
  public static Set<String> folders(Set<String> paths) {
    Set<String> out = new HashSet<>();
    for (String p : paths) {
      for (int i = p.indexOf('/'); i >= 0; i = p.indexOf('/', i + 1)) {
        out.add(p.substring(0, i));
      }
    }
    return out;
  }
}
