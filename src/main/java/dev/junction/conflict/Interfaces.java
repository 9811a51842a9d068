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
 *
 * <p>Only outlines that read declarations (Java, Python, C) give findings. A name both branches
 * change as read by the generic outline, which matches lines rather than declarations, is a
 * note: it never changes a verdict.
 */
final class Interfaces {
  static final String ADVICE = "freeze both branches and agree on the declaration before either lands; "
      + "then both adapt and cross-session tests run on the merge (spec 3.2, type 2)";

  private static final String POSSIBLE = "possible interface overlap, not a finding: ";
  private static final String GENERIC = " (read with the generic outline, which matches lines, not declarations)";

  private Interfaces() {}

  /** Interface findings, and the notes of names only the generic outline matched. */
  record Found(List<Finding.Interface> findings, List<String> notes) {
    Found {
      findings = List.copyOf(findings);
      notes = List.copyOf(notes);
    }
  }

  /**
   * What one branch changes: the commit its changes are measured from (its merge base with the
   * target, or the target itself for "what landing it changes"), the commit holding them, and the
   * paths that differ between the two.
   */
  record Side(String branch, ObjectId before, ObjectId after, Set<String> changedPaths, Set<String> deletedPaths,
      List<ObjectId> otherBases) {
    Side {
      otherBases = List.copyOf(otherBases);
    }

    Side(String branch, ObjectId before, ObjectId after, Set<String> changedPaths, Set<String> deletedPaths) {
      this(branch, before, after, changedPaths, deletedPaths, List.of());
    }

    /**
     * Measured from its first merge base; on a criss-cross history the other merge bases too, so
     * that what one base has and another lacks (a topic that merged an older one) is not read as
     * the branch's change.
     */
    static Side of(BranchScan.Measured m) {
      List<ObjectId> bases = m.mergeBases();
      return new Side(m.tip().branch(), bases.isEmpty() ? null : bases.get(0),
          m.tip().id(), m.changedPaths(), Set.of(), bases.size() > 1 ? bases.subList(1, bases.size()) : List.of());
    }
  }

  /** Declarations each side changes, per path, read once per side. */
  static final class Changes {
    private final Repository repo;
    private final Map<String, Map<String, Outline.Changed>> bySide = new HashMap<>();

    Changes(Repository repo) {
      this.repo = repo;
    }

    /** Names whose declaration {@code side} changes in {@code path}. */
    Outline.Changed of(Side side, String path) throws IOException {
      Map<String, Outline.Changed> paths = bySide.computeIfAbsent(side.branch(), k -> new HashMap<>());
      Outline.Changed changed = paths.get(path);
      if (changed == null) {
        String before = side.before() == null ? null : BranchScan.read(repo, side.before(), path).orElse(null);
        String after = BranchScan.read(repo, side.after(), path).orElse(null);
        changed = Outline.changes(path, before, after);
        // A name the branch changes differs from every merge base.
        for (ObjectId base : side.otherBases()) {
          Outline.Changed also = Outline.changes(path, BranchScan.read(repo, base, path).orElse(null), after);
          changed = changed.only(also.names(), also.generic());
        }
        paths.put(path, changed);
      }
      return changed;
    }
  }

  /** Interface findings between the source and each other branch, and notes of generic matches. */
  static Found between(
      Repository repo, PlanSource.Tip target, BranchScan.Measured source, List<PlanSource.Tip> others)
      throws IOException {
    List<String> paths = source.changedPaths().stream().filter(Outline::supports).sorted().toList();
    List<Finding.Interface> findings = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    if (paths.isEmpty()) {
      return new Found(findings, notes);
    }
    Changes changes = new Changes(repo);
    for (PlanSource.Tip other : others) {
      BranchScan.Measured measured = BranchScan.measure(repo, other, target.id());
      Side a = Side.of(source);
      Side b = Side.of(measured);
      findings.addAll(clashes(changes, a, b, paths));
      for (Finding.Interface f : overlaps(changes, a, b, paths)) {
        notes.add(POSSIBLE + f.path() + ": " + f.declaration() + " also changed on " + f.otherBranch() + GENERIC);
      }
    }
    return new Found(findings, notes);
  }

  /** Declarations both branches change, in paths both touch, as read by an outline of declarations. */
  static List<Finding.Interface> clashes(Changes changes, Side a, Side b, List<String> candidatePaths)
      throws IOException {
    return matches(changes, a, b, candidatePaths, false);
  }

  /**
   * Names both branches change, in paths both touch, where either side was read with the generic
   * outline: possible overlaps, never findings.
   */
  static List<Finding.Interface> overlaps(Changes changes, Side a, Side b, List<String> candidatePaths)
      throws IOException {
    return matches(changes, a, b, candidatePaths, true);
  }

  /** The note a radar gives for a pair's generic match. */
  static String overlapNote(String a, String b, Finding.Interface f) {
    return POSSIBLE + a + " and " + b + " both change " + f.path() + ": " + f.declaration() + GENERIC;
  }

  private static List<Finding.Interface> matches(
      Changes changes, Side a, Side b, List<String> candidatePaths, boolean generic) throws IOException {
    List<Finding.Interface> out = new ArrayList<>();
    for (String path : candidatePaths) {
      if (!b.changedPaths().contains(path) || !Outline.supports(path)) {
        continue;
      }
      Outline.Changed ours = changes.of(a, path);
      Outline.Changed theirs = changes.of(b, path);
      if ((ours.generic() || theirs.generic()) != generic) {
        continue;
      }
      Set<String> both = new TreeSet<>(ours.names());
      both.retainAll(theirs.names());
      // Both making the same change (stacked topics, a shared commit) agree: no clash to resolve.
      both.removeIf(name -> ours.now().containsKey(name) && ours.now().get(name).equals(theirs.now().get(name)));
      for (String name : both) {
        out.add(new Finding.Interface(path, name, b.branch(), ADVICE));
      }
    }
    return out;
  }
}
