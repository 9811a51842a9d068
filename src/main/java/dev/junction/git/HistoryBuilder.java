package dev.junction.git;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Writes history fluently, in the style of JGit's {@code TestRepository}, for the demo, the
 * benchmarks and the tests:
 * {@code history.branch("s1").commit().add("a.txt", "x").message("feat: a").create()}.
 *
 * <p>Commits are written in-core through one {@link ObjectInserter} and {@link Commits.Writer}
 * (no work tree, no index); branches move by compare-and-swap ({@link Refs#move}, which throws
 * when a ref did not move), and {@code --no-ff} merges are made by {@link Commits}. Every commit without an explicit author, and every ref move, takes the next
 * identity from the supplier the builder was given: a supplier that ticks a fixed clock makes
 * commit ids repeat from run to run. Not thread-safe.
 */
public final class HistoryBuilder implements AutoCloseable {
  private final Repository repo;
  private final Supplier<PersonIdent> who;
  private final String reflog;
  private final ObjectInserter inserter;
  private final ObjectReader reader;

  /**
   * @param who the identity of the next commit or ref move (called once for each)
   * @param reflog the reflog message of every ref this builder moves
   */
  public HistoryBuilder(Repository repo, Supplier<PersonIdent> who, String reflog) {
    this.repo = repo;
    this.who = who;
    this.reflog = reflog;
    this.inserter = repo.newObjectInserter();
    this.reader = inserter.newReader();
  }

  public Repository repository() {
    return repo;
  }

  /** A branch ({@code refs/heads/} is added to a short name); it need not exist yet. */
  public BranchBuilder branch(String name) {
    return new BranchBuilder(name.startsWith(Constants.R_REFS) ? name : Constants.R_HEADS + name);
  }

  /** A commit that no ref points at (a root commit unless parents are given). */
  public CommitBuilder commit() {
    return new CommitBuilder(null);
  }

  @Override
  public void close() {
    reader.close();
    inserter.close();
  }

  private void move(String ref, ObjectId from, ObjectId to) throws IOException {
    Refs.move(repo, ref, from == null ? ObjectId.zeroId() : from, to, who.get(), reflog);
  }

  /** A branch: commit on it, create it, or merge into it; each moves it by compare-and-swap. */
  public final class BranchBuilder {
    private final String ref;

    private BranchBuilder(String ref) {
      this.ref = ref;
    }

    /** The branch's tip, or null when it does not exist. */
    public ObjectId tip() throws IOException {
      return repo.resolve(ref);
    }

    /** A commit on the branch's tip (a root commit when the branch does not exist yet). */
    public CommitBuilder commit() throws IOException {
      CommitBuilder commit = new CommitBuilder(this);
      ObjectId tip = tip();
      if (tip != null) {
        commit.parent(tip);
      }
      return commit;
    }

    /** Creates the branch at {@code at}; it must not exist ({@link Refs.NotMoved} otherwise). */
    public ObjectId create(ObjectId at) throws IOException {
      move(ref, null, at);
      return at;
    }

    /** A {@code --no-ff} merge of {@code source} (a branch name or any revision) into this branch. */
    public MergeBuilder merge(String source) throws IOException {
      ObjectId id = repo.resolve(source.startsWith(Constants.R_REFS) ? source : Constants.R_HEADS + source);
      return merge(id == null ? repo.resolve(source) : id);
    }

    /** A {@code --no-ff} merge of {@code source} into this branch. */
    public MergeBuilder merge(ObjectId source) {
      return new MergeBuilder(this, source);
    }
  }

  /** One commit: parents, files added or replaced on the first parent's tree, a message. */
  public final class CommitBuilder {
    private final BranchBuilder branch;
    private final List<ObjectId> parents = new ArrayList<>();
    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private String message = "";
    private PersonIdent author;

    private CommitBuilder(BranchBuilder branch) {
      this.branch = branch;
    }

    /** Adds a parent; the first one's tree is the one the files change. */
    public CommitBuilder parent(ObjectId parent) {
      parents.add(parent);
      return this;
    }

    public CommitBuilder add(String path, String content) {
      return add(path, content.getBytes(UTF_8));
    }

    public CommitBuilder add(String path, byte[] content) {
      files.put(path, content);
      return this;
    }

    /** Adds every file of {@code content} (path to bytes), in its order. */
    public CommitBuilder add(Map<String, byte[]> content) {
      files.putAll(content);
      return this;
    }

    /** The message, as it is (a trailing newline is not added). */
    public CommitBuilder message(String message) {
      this.message = message;
      return this;
    }

    /** Author and committer; without one, the builder's next identity. */
    public CommitBuilder author(PersonIdent author) {
      this.author = author;
      return this;
    }

    /** Writes the commit and, on a branch, moves the branch from its parent to it. */
    public ObjectId create() throws IOException {
      PersonIdent ident = author != null ? author : who.get();
      DirCache index;
      if (parents.isEmpty()) {
        index = DirCache.newInCore();
      } else {
        try (RevWalk walk = new RevWalk(reader)) {
          index = DirCache.read(reader, walk.parseCommit(parents.get(0)).getTree());
        }
      }
      DirCacheEditor editor = index.editor();
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        ObjectId blob = inserter.insert(Constants.OBJ_BLOB, file.getValue());
        editor.add(new DirCacheEditor.PathEdit(file.getKey()) {
          @Override
          public void apply(DirCacheEntry entry) {
            entry.setFileMode(FileMode.REGULAR_FILE);
            entry.setObjectId(blob);
          }
        });
      }
      editor.finish();
      ObjectId id;
      try (Commits.Writer writer = Commits.writer(inserter)) {
        id = writer.commit(index.writeTree(inserter), parents, message, ident);
      }
      if (branch != null) {
        move(branch.ref, parents.isEmpty() ? null : parents.get(0), id);
      }
      return id;
    }
  }

  /** A {@code --no-ff} merge into a branch: first parent its tip, second the source. */
  public final class MergeBuilder {
    private final BranchBuilder branch;
    private final ObjectId source;
    private String message = "";
    private PersonIdent author;

    private MergeBuilder(BranchBuilder branch, ObjectId source) {
      this.branch = branch;
      this.source = source;
    }

    /** The message with any trailers, as it is. */
    public MergeBuilder message(String message) {
      this.message = message;
      return this;
    }

    /** Author and committer; without one, the builder's next identity. */
    public MergeBuilder author(PersonIdent author) {
      this.author = author;
      return this;
    }

    /**
     * Writes the merge commit and moves the branch to it.
     *
     * @throws IllegalStateException when the merge conflicts (nothing moves)
     */
    public ObjectId create() throws IOException {
      ObjectId target = branch.tip();
      Commits.Merge merge = Commits.mergeNoFastForward(repo, target, source, message, author != null ? author : who.get());
      if (!(merge instanceof Commits.Merged merged)) {
        throw new IllegalStateException("merge into " + branch.ref + " conflicted: " + merge);
      }
      move(branch.ref, target, merged.commit());
      return merged.commit();
    }
  }
}
