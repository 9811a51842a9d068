package dev.junction.conflict;

import dev.junction.git.BranchScan;
import dev.junction.git.PlanSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/**
 * Interface conflicts (spec 3.2, type 2): two branches that both change the declaration of the
 * same class, method or function, found by comparing outlines of each side against its own
 * merge base with the target. Git may merge both cleanly; the callers of one side still break.
 */
final class Interfaces {
  static final String ADVICE = "freeze both branches and agree on the declaration before either lands; "
      + "then both adapt and cross-session tests run on the merge (spec 3.2, type 2)";

  private Interfaces() {}

  /**
   * What one branch changes: the commit its changes are measured from (its merge base with the
   * target, or the target itself for "what landing it changes"), the commit holding them, and the
   * paths that differ between the two.
   */
  record Side(String branch, ObjectId before, ObjectId after, Set<String> changedPaths, Set<String> deletedPaths) {
    static Side of(BranchScan.Measured m) {
      return new Side(m.tip().branch(), m.mergeBases().isEmpty() ? null : m.mergeBases().get(0),
          m.tip().id(), m.changedPaths(), Set.of());
    }
  }

  /** Declarations each side changes, per path, read once per side. */
  static final class Changes {
    private final Repository repo;
    private final Map<String, Map<String, Set<String>>> bySide = new HashMap<>();

    Changes(Repository repo) {
      this.repo = repo;
    }

    /** Names whose declaration {@code side} changes in {@code path}. */
    Set<String> of(Side side, String path) throws IOException {
      Map<String, Set<String>> paths = bySide.computeIfAbsent(side.branch(), k -> new HashMap<>());
      Set<String> names = paths.get(path);
      if (names == null) {
        String before = side.before() == null ? null : BranchScan.read(repo, side.before(), path).orElse(null);
        String after = BranchScan.read(repo, side.after(), path).orElse(null);
        names = Outline.changedNames(path, before, after);
        paths.put(path, names);
      }
      return names;
    }
  }

  /** Interface findings between the source and each other branch. */
  static List<Finding.Interface> between(
      Repository repo, PlanSource.Tip target, BranchScan.Measured source, List<PlanSource.Tip> others)
      throws IOException {
    List<String> paths = source.changedPaths().stream().filter(Outline::supports).sorted().toList();
    List<Finding.Interface> out = new ArrayList<>();
    if (paths.isEmpty()) {
      return out;
    }
    Changes changes = new Changes(repo);
    for (PlanSource.Tip other : others) {
      BranchScan.Measured measured = BranchScan.measure(repo, other, target.id());
      out.addAll(clashes(changes, Side.of(source), Side.of(measured), paths));
    }
    return out;
  }

  /** Declarations both branches change, in paths both touch. */
  static List<Finding.Interface> clashes(Changes changes, Side a, Side b, List<String> candidatePaths)
      throws IOException {
    List<Finding.Interface> out = new ArrayList<>();
    for (String path : candidatePaths) {
      if (!b.changedPaths().contains(path) || !Outline.supports(path)) {
        continue;
      }
      Set<String> both = new TreeSet<>(changes.of(a, path));
      both.retainAll(changes.of(b, path));
      for (String name : both) {
        out.add(new Finding.Interface(path, name, b.branch(), ADVICE));
      }
    }
    return out;
  }
}
