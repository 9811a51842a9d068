package dev.junction.git;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.ResolveMerger;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;

/**
 * The fallback engine: JGit's in-core recursive merger, used when no git 2.39 is on the PATH.
 * Its answers differ from git's in documented ways: no rename detection (a rename on one side and
 * an edit on the other is a modify/delete conflict on the old path), no tree for a conflicted
 * merge, and kinds read from the three versions of each unmerged path rather than from git's
 * messages.
 */
final class JGitMerge implements MergeEngine {
  private final Repository repo;

  JGitMerge(Repository repo) {
    this.repo = repo;
  }

  @Override
  public synchronized MergeResult merge(ObjectId ours, ObjectId theirs) throws IOException {
    ResolveMerger merger = (ResolveMerger) MergeStrategy.RECURSIVE.newMerger(repo, /* inCore= */ true);
    if (merger.merge(ours, theirs)) {
      return new MergeResult(true, Optional.of(merger.getResultTreeId()), List.of(), List.of());
    }
    List<MergeResult.Conflict> conflicts = new ArrayList<>();
    try (ObjectReader reader = repo.newObjectReader(); RevWalk walk = new RevWalk(reader)) {
      RevTree baseTree = baseTree(walk, merger.getBaseCommitId(), ours, theirs);
      RevTree ourTree = walk.parseCommit(ours).getTree();
      RevTree theirTree = walk.parseCommit(theirs).getTree();
      for (String path : merger.getUnmergedPaths().stream().sorted().toList()) {
        conflicts.add(classify(reader, path, baseTree, ourTree, theirTree));
      }
    }
    List<MergeResult.Message> messages = conflicts.stream()
        .map(c -> new MergeResult.Message(List.of(c.path()), "CONFLICT (" + c.kind() + ")", c.message()))
        .toList();
    return new MergeResult(false, Optional.empty(), conflicts, messages);
  }

  /**
   * The tree the merge started from. With several merge bases JGit merges them into a virtual
   * commit it keeps in memory; the first real merge base stands in for it when reading kinds.
   */
  private static RevTree baseTree(RevWalk walk, ObjectId base, ObjectId ours, ObjectId theirs) throws IOException {
    if (base == null) {
      return null;
    }
    try {
      return walk.parseCommit(base).getTree();
    } catch (MissingObjectException virtual) {
      walk.reset();
      walk.setRevFilter(RevFilter.MERGE_BASE);
      walk.markStart(walk.parseCommit(ours));
      walk.markStart(walk.parseCommit(theirs));
      RevCommit first = walk.next();
      walk.reset();
      walk.setRevFilter(RevFilter.ALL);
      return first == null ? null : walk.parseCommit(first).getTree();
    }
  }

  /** Reads the kind of an unmerged path from what base, ours and theirs hold there. */
  static MergeResult.Conflict classify(
      ObjectReader reader, String path, RevTree base, RevTree ours, RevTree theirs) throws IOException {
    Entry b = entry(reader, path, base);
    Entry o = entry(reader, path, ours);
    Entry t = entry(reader, path, theirs);
    ConflictKind kind;
    String message;
    if (o.isTree() || t.isTree() || o.underFile() || t.underFile()) {
      kind = ConflictKind.FILE_DIRECTORY;
      message = "CONFLICT (file/directory): " + path + " is a file on one side and a directory on the other";
    } else if (!b.exists()) {
      kind = isBinary(reader, o, t) ? ConflictKind.BINARY : ConflictKind.ADD_ADD;
      message = "CONFLICT (add/add): Merge conflict in " + path;
    } else if (!o.exists() || !t.exists()) {
      kind = ConflictKind.MODIFY_DELETE;
      message = "CONFLICT (modify/delete): " + path + " deleted on one side and modified on the other";
    } else if (o.mode() != t.mode() && o.mode() != b.mode() && t.mode() != b.mode()) {
      kind = ConflictKind.MODE;
      message = "CONFLICT (distinct modes): " + path + " has a different mode on each side";
    } else if (isBinary(reader, b, o, t)) {
      kind = ConflictKind.BINARY;
      message = "CONFLICT (binary): Cannot merge binary files: " + path;
    } else {
      kind = ConflictKind.CONTENT;
      message = "CONFLICT (content): Merge conflict in " + path;
    }
    MergeResult.Stages stages = new MergeResult.Stages(b.blob(), o.blob(), t.blob());
    return new MergeResult.Conflict(path, kind, List.of(), message, stages);
  }

  private static boolean isBinary(ObjectReader reader, Entry... entries) throws IOException {
    for (Entry e : entries) {
      if (e.exists() && !e.isTree() && RawText.isBinary(reader.open(e.id()).getCachedBytes(1 << 20))) {
        return true;
      }
    }
    return false;
  }

  private static Entry entry(ObjectReader reader, String path, RevTree tree) throws IOException {
    if (tree == null) {
      return Entry.NONE;
    }
    try (TreeWalk tw = new TreeWalk(reader)) {
      tw.addTree(tree);
      tw.setRecursive(false);
      tw.setFilter(PathFilter.create(path));
      while (tw.next()) {
        String at = tw.getPathString();
        int mode = tw.getRawMode(0);
        if (at.equals(path)) {
          return new Entry(true, mode, tw.getObjectId(0), false);
        }
        if (FileMode.TREE.equals(mode)) {
          tw.enterSubtree();
        } else {
          return new Entry(false, 0, ObjectId.zeroId(), true); // a file where path's folder should be
        }
      }
    }
    return Entry.NONE;
  }

  /** What one side holds at a path. */
  private record Entry(boolean exists, int mode, ObjectId id, boolean underFile) {
    static final Entry NONE = new Entry(false, 0, ObjectId.zeroId(), false);

    boolean isTree() {
      return exists && FileMode.TREE.equals(mode);
    }

    Optional<ObjectId> blob() {
      return exists && !isTree() ? Optional.of(id) : Optional.empty();
    }
  }

  @Override
  public String describe() {
    return "JGit in-core recursive merge (no rename detection: install git 2.39 or newer for merge-ort)";
  }

  @Override
  public boolean detectsRenames() {
    return false;
  }

  @Override
  public void close() {
    // nothing held between merges
  }
}
