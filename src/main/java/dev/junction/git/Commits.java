package dev.junction.git;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.ResolveMerger;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Commits and {@code --no-ff} merges built in-core, without a work tree or an index. Every commit
 * Junction writes (merges, reverts, syncs, the radar's synthetic merges) goes through
 * {@link Writer}: author and committer are the same identity, and no ref moves.
 */
public final class Commits {
  private Commits() {}

  /** A writer over a new inserter of {@code repo}, closed (and flushed) with the writer. */
  public static Writer writer(Repository repo) {
    return new Writer(repo.newObjectInserter(), true);
  }

  /**
   * A writer over {@code inserter}, which already holds the tree to commit (a merger's); closing
   * the writer flushes the inserter but leaves it open.
   */
  public static Writer writer(ObjectInserter inserter) {
    return new Writer(inserter, false);
  }

  /** Writes commit objects; what it wrote is flushed when it closes. Moves no ref. */
  public static final class Writer implements AutoCloseable {
    private final ObjectInserter inserter;
    private final boolean owned;

    private Writer(ObjectInserter inserter, boolean owned) {
      this.inserter = inserter;
      this.owned = owned;
    }

    /** A commit of {@code tree} with these parents (none for a root commit), by {@code who}. */
    public ObjectId commit(ObjectId tree, List<? extends AnyObjectId> parents, String message, PersonIdent who)
        throws IOException {
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(tree);
      commit.setParentIds(parents);
      commit.setAuthor(who);
      commit.setCommitter(who);
      commit.setMessage(message);
      return inserter.insert(commit);
    }

    /** A commit of {@code tree} on top of {@code parent}, as a revert is. */
    public ObjectId commit(ObjectId tree, AnyObjectId parent, String message, PersonIdent who) throws IOException {
      return commit(tree, List.of(parent), message, who);
    }

    /** A {@code --no-ff} merge commit: first parent {@code target}, second {@code source}. */
    public ObjectId merge(ObjectId tree, AnyObjectId target, AnyObjectId source, String message, PersonIdent who)
        throws IOException {
      return commit(tree, List.of(target, source), message, who);
    }

    @Override
    public void close() throws IOException {
      try {
        inserter.flush();
      } finally {
        if (owned) {
          inserter.close();
        }
      }
    }
  }

  /** Outcome of an in-core merge. */
  public sealed interface Merge {}

  /** The merge commit was written (the target ref has not moved). */
  public record Merged(ObjectId commit) implements Merge {}

  /** The merge has conflicts; nothing was written. */
  public record Conflicted(List<String> paths) implements Merge {
    public Conflicted {
      paths = List.copyOf(paths);
    }
  }

  /**
   * Builds the {@code --no-ff} merge of {@code source} into {@code target} with JGit's in-core
   * recursive merger: first parent the target, second the source. Moves no ref.
   */
  public static Merge mergeNoFastForward(
      Repository repo, ObjectId target, ObjectId source, String message, PersonIdent who)
      throws IOException {
    try (ObjectInserter inserter = repo.newObjectInserter(); RevWalk walk = new RevWalk(repo)) {
      RevCommit ours = walk.parseCommit(target);
      RevCommit theirs = walk.parseCommit(source);
      ResolveMerger merger = (ResolveMerger) MergeStrategy.RECURSIVE.newMerger(inserter, repo.getConfig());
      if (!merger.merge(ours, theirs)) {
        java.util.SortedSet<String> paths = new java.util.TreeSet<>(merger.getUnmergedPaths());
        Optional.ofNullable(merger.getFailingPaths()).ifPresent(m -> paths.addAll(m.keySet()));
        return new Conflicted(List.copyOf(paths));
      }
      try (Writer writer = writer(inserter)) {
        return new Merged(writer.merge(merger.getResultTreeId(), ours, theirs, message, who));
      }
    }
  }
}
