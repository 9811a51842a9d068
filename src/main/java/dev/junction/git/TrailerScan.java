package dev.junction.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * The result of reading Junction trailers from a history, newest commit first: for each task the
 * merge that decides it, and the merges reverted so far. Walking only new commits on top of a
 * saved scan gives the same answer as walking everything: new commits are newer than all the
 * saved ones, so their decisions come first, and a new revert can still undo a saved decision.
 */
final class TrailerScan {
  private static final String FILE = "junction/cache/trailers";
  private final ObjectId tip;
  /** Task to the full id of the merge that decides it (the newest merge carrying it). */
  private final Map<String, String> deciding;
  private final Set<String> reverted;

  private TrailerScan(ObjectId tip, Map<String, String> deciding, Set<String> reverted) {
    this.tip = tip;
    this.deciding = deciding;
    this.reverted = reverted;
  }

  static TrailerScan empty() {
    return new TrailerScan(ObjectId.zeroId(), new LinkedHashMap<>(), new HashSet<>());
  }

  ObjectId tip() {
    return tip;
  }

  /** Walks {@code walk} (newest first, stopping where {@code base} was scanned) on top of {@code base}. */
  static TrailerScan walk(RevWalk walk, TrailerScan base, ObjectId tip) throws IOException {
    Map<String, String> fresh = new LinkedHashMap<>();
    Set<String> reverted = new HashSet<>(base.reverted);
    for (RevCommit c : walk) {
      String message = c.getFullMessage();
      if (c.getParentCount() < 2) {
        reverted.addAll(Trailers.values(message, Trailers.REVERT));
        continue;
      }
      for (String task : Trailers.values(message, Trailers.TASK)) {
        if (task.chars().noneMatch(Character::isWhitespace)) { // no task id has a space
          fresh.putIfAbsent(task, c.getName());
        }
      }
    }
    Map<String, String> deciding = new LinkedHashMap<>(fresh);
    base.deciding.forEach(deciding::putIfAbsent);
    return new TrailerScan(tip, deciding, reverted);
  }

  /** Merged tasks, each with the abbreviated id of its deciding merge. */
  Map<String, String> merged() {
    Map<String, String> out = new LinkedHashMap<>();
    deciding.forEach((task, merge) -> {
      if (!reverted.contains(merge)) {
        out.put(task, merge.substring(0, 10));
      }
    });
    return out;
  }

  static Optional<TrailerScan> load(Repository repo) {
    Path file = repo.getDirectory().toPath().resolve(FILE);
    try {
      if (!Files.isRegularFile(file)) {
        return Optional.empty();
      }
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      if (lines.isEmpty() || !lines.get(0).startsWith("tip ")) {
        return Optional.empty();
      }
      ObjectId tip = ObjectId.fromString(lines.get(0).substring(4));
      Map<String, String> deciding = new LinkedHashMap<>();
      Set<String> reverted = new HashSet<>();
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.split(" ");
        if (f[0].equals("task") && f.length == 3) {
          deciding.put(f[1], f[2]);
        } else if (f[0].equals("reverted") && f.length == 2) {
          reverted.add(f[1]);
        } else {
          return Optional.empty();
        }
      }
      return Optional.of(new TrailerScan(tip, deciding, reverted));
    } catch (IOException | IllegalArgumentException unreadable) {
      return Optional.empty(); // a damaged cache is only a slower scan
    }
  }

  /** Saves the scan, replacing the file atomically; a cache that cannot be written is skipped. */
  void save(Repository repo) {
    Path file = repo.getDirectory().toPath().resolve(FILE);
    List<String> lines = new ArrayList<>();
    lines.add("tip " + tip.name());
    deciding.forEach((task, merge) -> lines.add("task " + task + " " + merge));
    reverted.forEach(r -> lines.add("reverted " + r));
    try {
      Files.createDirectories(file.getParent());
      StringBuilder text = new StringBuilder();
      lines.forEach(line -> text.append(line).append(System.lineSeparator()));
      AtomicFile.write(file, text.toString(), AtomicFile.SHARED);
    } catch (IOException unwritable) {
      // read-only repository: every scan walks the whole history
    }
  }

}
