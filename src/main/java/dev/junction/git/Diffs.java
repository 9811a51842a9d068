package dev.junction.git;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.util.io.DisabledOutputStream;

/** The lines a change adds: what new-line coverage and the self-review lint look at. */
public final class Diffs {
  private static final int MAX_BYTES = 8 << 20;

  private Diffs() {}

  /** One added (or replaced) line: its path and 1-based number in the new version, and its text. */
  public record Added(String path, int line, String text) {}

  /**
   * Lines added between {@code base} and {@code tip}, renames followed; binary files and
   * deletions add nothing.
   */
  public static List<Added> added(Repository repo, ObjectId base, ObjectId tip) throws IOException {
    List<Added> out = new ArrayList<>();
    try (ObjectReader reader = repo.newObjectReader(); RevWalk walk = new RevWalk(reader);
        DiffFormatter formatter = new DiffFormatter(DisabledOutputStream.INSTANCE)) {
      formatter.setRepository(repo);
      formatter.setDetectRenames(true);
      for (DiffEntry entry : formatter.scan(walk.parseCommit(base).getTree(), walk.parseCommit(tip).getTree())) {
        if (entry.getChangeType() == DiffEntry.ChangeType.DELETE
            || entry.getNewMode().getObjectType() != org.eclipse.jgit.lib.Constants.OBJ_BLOB) {
          continue;
        }
        byte[] bytes = reader.open(entry.getNewId().toObjectId()).getCachedBytes(MAX_BYTES);
        if (RawText.isBinary(bytes)) {
          continue;
        }
        RawText text = new RawText(bytes);
        for (Edit edit : formatter.toFileHeader(entry).toEditList()) {
          for (int i = edit.getBeginB(); i < edit.getEndB(); i++) {
            out.add(new Added(entry.getNewPath(), i + 1, text.getString(i)));
          }
        }
      }
    }
    return out;
  }

  /**
   * Lines added and deleted in one file, as {@code git diff --numstat} counts them; binary files
   * count none. {@code oldPath} is where a renamed file came from, else {@code path}.
   */
  public record Stat(String path, int added, int deleted, boolean binary, String oldPath) {
    /** A file that was not renamed. */
    public Stat(String path, int added, int deleted, boolean binary) {
      this(path, added, deleted, binary, path);
    }

    public int changed() {
      return added + deleted;
    }

    /** The paths the change touches: {@code path}, and for a rename the path it came from too. */
    public List<String> paths() {
      return oldPath.equals(path) ? List.of(path) : List.of(oldPath, path);
    }
  }

  /**
   * Added and deleted lines per file between {@code base} and {@code tip}, renames followed (a
   * rename counts its edits only), like {@code git diff --numstat -M base tip}.
   */
  public static List<Stat> stat(Repository repo, ObjectId base, ObjectId tip) throws IOException {
    List<Stat> out = new ArrayList<>();
    try (ObjectReader reader = repo.newObjectReader(); RevWalk walk = new RevWalk(reader);
        DiffFormatter formatter = new DiffFormatter(DisabledOutputStream.INSTANCE)) {
      formatter.setRepository(repo);
      formatter.setDetectRenames(true);
      for (DiffEntry entry : formatter.scan(walk.parseCommit(base).getTree(), walk.parseCommit(tip).getTree())) {
        String path = entry.getChangeType() == DiffEntry.ChangeType.DELETE ? entry.getOldPath() : entry.getNewPath();
        String from = entry.getChangeType() == DiffEntry.ChangeType.RENAME ? entry.getOldPath() : path;
        if (isBinary(reader, entry.getOldId().toObjectId(), entry.getOldMode())
            || isBinary(reader, entry.getNewId().toObjectId(), entry.getNewMode())) {
          out.add(new Stat(path, 0, 0, true, from));
          continue;
        }
        int added = 0;
        int deleted = 0;
        for (Edit edit : formatter.toFileHeader(entry).toEditList()) {
          added += edit.getLengthB();
          deleted += edit.getLengthA();
        }
        out.add(new Stat(path, added, deleted, false, from));
      }
    }
    return out;
  }

  private static boolean isBinary(ObjectReader reader, ObjectId id, org.eclipse.jgit.lib.FileMode mode) throws IOException {
    if (id.equals(ObjectId.zeroId()) || mode.getObjectType() != org.eclipse.jgit.lib.Constants.OBJ_BLOB) {
      return false;
    }
    return RawText.isBinary(reader.open(id).getCachedBytes(MAX_BYTES));
  }

  /** Added line numbers per path. */
  public static Map<String, SortedSet<Integer>> byPath(List<Added> added) {
    Map<String, SortedSet<Integer>> out = new TreeMap<>();
    added.forEach(a -> out.computeIfAbsent(a.path(), k -> new TreeSet<>()).add(a.line()));
    return out;
  }
}
