package dev.junction.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * The trust rule for landed work, read from one branch tip's <em>first-parent chain</em> (the tip,
 * its first parent, that one's first parent, and so on): the commits the branch itself was made
 * of, one after the other, each with the branch's previous tip as its first parent. On a protected
 * branch only Junction writes that chain (its landings by compare-and-swap; the push guard refuses
 * any other push, and an override push that would put a commit carrying Junction's trailers on it),
 * so what the chain says is what Junction did:
 *
 * <ul>
 *   <li>a merge commit on the chain carrying {@code Junction-Task: <id>} merged that task (the
 *       newest such merge decides it);
 *   <li>a commit on the chain that is not a merge, carrying {@code Junction-Revert: <merge>}, took
 *       that merge out again: its tasks count no longer, they are rolled back (a later re-merge
 *       counts again);
 *   <li>a merge on the chain carrying {@code Junction-Stage: phase} (a phase landing) brings the
 *       tasks merged into its second parent (the coordination branch it took, read by this same
 *       rule); the newest phase merge not reverted counts, as coordination only grows.
 * </ul>
 *
 * <p>Every other commit is data, never state: whatever a landed branch brings along (its own merges,
 * its ordinary commits, their trailers) sits on a second-parent side and is never read.
 *
 * <p>Scans are kept in {@code <git dir>/junction/cache/landed}, one entry per tip scanned lately. A
 * scan depends only on its tip's (immutable) history, so an entry never goes stale; a new scan
 * walks the chain only down to the first commit that has an entry, and adds its own decisions on
 * top (newer commits decide first; a newer revert still undoes an older decision). Only a commit
 * on the chain is ever used as such a base: an entry for a commit that is merely reachable (a
 * landed branch's tip, on a second-parent side) is never combined, since its chain is not the
 * target's.
 */
final class TrailerScan {
  static final String FILE = "junction/cache/landed";
  /** The cache written by earlier builds, which counted every reachable merge: never read, removed. */
  static final String LEGACY = "junction/cache/trailers";
  static final String HEADER = "junction landed-scan 3";
  /** Tips kept in the cache: the coordination branch, main, and the coordination tips phases took. */
  static final int ENTRIES = 16;

  /** A phase merge on the chain and its second parent. */
  record Phase(String merge, String from) {}

  private final ObjectId tip;
  /** Task to the full id of the merge that decides it (the newest merge on the chain carrying it). */
  private final Map<String, String> deciding;
  /** Full ids of the merges the chain's reverts name, each with the full id of the (newest) revert naming it. */
  private final Map<String, String> reverted;
  /** The chain's phase merges, newest first. */
  private final List<Phase> phases;

  private TrailerScan(ObjectId tip, Map<String, String> deciding, Map<String, String> reverted, List<Phase> phases) {
    this.tip = tip;
    this.deciding = deciding;
    this.reverted = reverted;
    this.phases = phases;
  }

  ObjectId tip() {
    return tip;
  }

  List<Phase> phases() {
    return phases;
  }

  Set<String> reverted() {
    return reverted.keySet();
  }

  /**
   * Whether the rule reads state from {@code commit} when it is on a branch's first-parent chain:
   * a merge carrying {@code Junction-Task} or {@code Junction-Stage: phase}, or a non-merge
   * carrying {@code Junction-Revert}. The push guard refuses a push that would put one there.
   */
  static boolean readsState(RevCommit commit) {
    String message = commit.getFullMessage();
    if (commit.getParentCount() < 2) {
      return !Trailers.values(message, Trailers.REVERT).isEmpty();
    }
    return !Trailers.values(message, Trailers.TASK).isEmpty() || isPhase(message);
  }

  private static boolean isPhase(String message) {
    return Trailers.values(message, Trailers.STAGE).stream().anyMatch("phase"::equalsIgnoreCase);
  }

  /**
   * Scans the first-parent chain of {@code tip}, down to the root or to the first commit that
   * {@code known} holds a scan of, whose scan it extends.
   */
  static TrailerScan walk(RevWalk walk, ObjectId tip, Map<ObjectId, TrailerScan> known) throws IOException {
    Map<String, String> fresh = new LinkedHashMap<>();
    Map<String, String> reverted = new LinkedHashMap<>();
    List<Phase> phases = new ArrayList<>();
    TrailerScan base = null;
    for (RevCommit c = walk.parseCommit(tip); c != null; c = c.getParentCount() == 0 ? null : walk.parseCommit(c.getParent(0))) {
      base = known.get(c);
      if (base != null) {
        break;
      }
      String message = c.getFullMessage();
      if (c.getParentCount() < 2) {
        String revert = c.getName();
        Trailers.values(message, Trailers.REVERT).stream().filter(ObjectId::isId)
            .forEach(id -> reverted.putIfAbsent(ObjectId.fromString(id).name(), revert));
        continue;
      }
      for (String task : Trailers.values(message, Trailers.TASK)) {
        if (task.chars().noneMatch(Character::isWhitespace)) { // no task id has a space
          fresh.putIfAbsent(task, c.getName());
        }
      }
      if (isPhase(message)) {
        phases.add(new Phase(c.getName(), c.getParent(1).getName()));
      }
    }
    if (base != null) {
      base.deciding.forEach(fresh::putIfAbsent);
      base.reverted.forEach(reverted::putIfAbsent);
      phases.addAll(base.phases);
    }
    return new TrailerScan(tip.copy(), fresh, reverted, phases);
  }

  /** Tasks merged directly on the chain (not through a phase), each with the abbreviated id of its deciding merge. */
  Map<String, String> direct() {
    Map<String, String> out = new LinkedHashMap<>();
    deciding.forEach((task, merge) -> {
      if (!reverted.containsKey(merge)) {
        out.put(task, merge.substring(0, 10));
      }
    });
    return out;
  }

  /**
   * Tasks whose deciding merge on the chain (not through a phase) a revert on the chain took out,
   * each with the full ids of that merge and of the revert: rolled back, and not landed again.
   */
  Map<String, History.Reverted> rolledBack() {
    Map<String, History.Reverted> out = new LinkedHashMap<>();
    deciding.forEach((task, merge) -> {
      String revert = reverted.get(merge);
      if (revert != null) {
        out.put(task, new History.Reverted(merge, revert));
      }
    });
    return out;
  }

  /** The cached scans, most recently used first; none when the file is missing, of another format or damaged. */
  static Map<ObjectId, TrailerScan> load(Repository repo) {
    Map<ObjectId, TrailerScan> out = new LinkedHashMap<>();
    Path file = repo.getDirectory().toPath().resolve(FILE);
    try {
      if (!Files.isRegularFile(file)) {
        return out;
      }
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
        return out;
      }
      ObjectId tip = null;
      Map<String, String> deciding = null;
      Map<String, String> reverted = null;
      List<Phase> phases = null;
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.split(" ");
        if (f[0].equals("tip") && f.length == 2) {
          tip = ObjectId.fromString(f[1]);
          deciding = new LinkedHashMap<>();
          reverted = new LinkedHashMap<>();
          phases = new ArrayList<>();
          out.put(tip, new TrailerScan(tip, deciding, reverted, phases));
        } else if (tip == null) {
          return new LinkedHashMap<>();
        } else if (f[0].equals("task") && f.length == 3) {
          deciding.put(f[1], ObjectId.fromString(f[2]).name());
        } else if (f[0].equals("reverted") && f.length == 3) {
          reverted.put(ObjectId.fromString(f[1]).name(), ObjectId.fromString(f[2]).name());
        } else if (f[0].equals("phase") && f.length == 3) {
          phases.add(new Phase(ObjectId.fromString(f[1]).name(), ObjectId.fromString(f[2]).name()));
        } else {
          return new LinkedHashMap<>();
        }
      }
      return out;
    } catch (IOException | IllegalArgumentException unreadable) {
      return new LinkedHashMap<>(); // a damaged cache is only a slower scan
    }
  }

  /**
   * Saves {@code scans} (most recently used first, the first {@link #ENTRIES} kept), replacing the
   * file atomically; a cache that cannot be written is skipped. The legacy cache is removed.
   */
  static void save(Repository repo, Map<ObjectId, TrailerScan> scans) {
    Path dir = repo.getDirectory().toPath();
    Path file = dir.resolve(FILE);
    List<String> lines = new ArrayList<>();
    lines.add(HEADER);
    scans.values().stream().limit(ENTRIES).forEach(s -> {
      lines.add("tip " + s.tip.name());
      s.deciding.forEach((task, merge) -> lines.add("task " + task + " " + merge));
      s.reverted.forEach((merge, revert) -> lines.add("reverted " + merge + " " + revert));
      s.phases.forEach(p -> lines.add("phase " + p.merge() + " " + p.from()));
    });
    try {
      Files.createDirectories(file.getParent());
      StringBuilder text = new StringBuilder();
      lines.forEach(line -> text.append(line).append(System.lineSeparator()));
      AtomicFile.write(file, text.toString(), AtomicFile.SHARED);
      Files.deleteIfExists(dir.resolve(LEGACY));
    } catch (IOException unwritable) {
      // read-only repository: every scan walks the whole chain
    }
  }
}
