package dev.junction.git;

import java.io.IOException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/**
 * Dry-run merges: the result tree and the conflicts of merging one commit into another, without
 * touching a ref, an index or a work tree. Implementations own a resource (a process, a reader)
 * and serialize their use; open one per thread that merges.
 */
public interface MergeEngine extends AutoCloseable {

  /** Merges {@code theirs} into {@code ours}, ours being the first parent. */
  MergeResult merge(ObjectId ours, ObjectId theirs) throws IOException;

  /**
   * Asks for the merge of {@code theirs} into {@code ours} and returns before its answer: an
   * engine in another process works on it while the caller does something else. The answer is
   * the one {@link #merge} gives. A later call on this engine first takes in the answer still
   * awaited; closing the engine abandons it. In-process engines merge here, at once.
   */
  default Pending start(ObjectId ours, ObjectId theirs) throws IOException {
    MergeResult result = merge(ours, theirs);
    return () -> result;
  }

  /** A merge asked for by {@link #start}. */
  interface Pending {
    /** The merge's answer, waiting for it if need be; the same on every call. */
    MergeResult result() throws IOException;
  }

  /** A sentence naming the engine and what it can and cannot do, for output. */
  String describe();

  /** Whether renames are followed (git's merge-ort does; JGit's merger does not). */
  boolean detectsRenames();

  @Override
  void close();

  /**
   * The best engine available for {@code repo}: {@code git merge-tree --stdin} when git 2.39 or
   * newer is on the PATH, JGit's in-core merger otherwise.
   */
  static MergeEngine open(Repository repo) throws IOException {
    return GitVersion.detect().filter(GitVersion::hasMergeTreeStdin).isPresent()
        ? GitMergeTree.start(repo)
        : jgit(repo);
  }

  /** JGit's in-core merger, whatever git is installed (to compare, or where git must not run). */
  static MergeEngine jgit(Repository repo) {
    return new JGitMerge(repo);
  }
}
