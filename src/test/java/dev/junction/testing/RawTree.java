package dev.junction.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.junction.git.Refs;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;

/**
 * A tree written entry by entry, byte by byte, with none of the checks git, JGit's index and its
 * {@code TreeFormatter} make: entries named {@code ..} or {@code .git}, a symlink and a folder of the same
 * name, whatever a hand-made (hostile) tree can hold. Entries are written in git's order; two
 * entries of one name stay in the order they were added.
 *
 * <pre>{@code
 * RawTree.of().link("evil", "..").dir("evil", RawTree.of().dir("hooks", RawTree.of().file("post-receive", "x")))
 * }</pre>
 */
public final class RawTree {
  private record Entry(String name, FileMode mode, byte[] content, RawTree tree) {}

  private final List<Entry> entries = new ArrayList<>();

  private RawTree() {}

  public static RawTree of() {
    return new RawTree();
  }

  public RawTree file(String name, String content) {
    entries.add(new Entry(name, FileMode.REGULAR_FILE, content.getBytes(UTF_8), null));
    return this;
  }

  public RawTree executable(String name, String content) {
    entries.add(new Entry(name, FileMode.EXECUTABLE_FILE, content.getBytes(UTF_8), null));
    return this;
  }

  /** A symlink to {@code target}, as it is (absolute, through {@code ..}, anything). */
  public RawTree link(String name, String target) {
    entries.add(new Entry(name, FileMode.SYMLINK, target.getBytes(UTF_8), null));
    return this;
  }

  public RawTree dir(String name, RawTree tree) {
    entries.add(new Entry(name, FileMode.TREE, null, tree));
    return this;
  }

  /** Writes the blobs and trees; answers the root tree's id. */
  public ObjectId write(ObjectInserter inserter) throws IOException {
    List<Entry> sorted = new ArrayList<>(entries);
    // git's order: bytes of the name, a folder's name compared as if it ended with '/'
    sorted.sort(Comparator.comparing(e -> e.mode() == FileMode.TREE ? e.name() + "/" : e.name()));
    // By hand rather than through TreeFormatter, which refuses an empty name.
    java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
    for (Entry e : sorted) {
      ObjectId id = e.tree() != null ? e.tree().write(inserter) : inserter.insert(Constants.OBJ_BLOB, e.content());
      e.mode().copyTo(raw);
      raw.write(' ');
      raw.write(e.name().getBytes(UTF_8));
      raw.write(0);
      id.copyRawTo(raw);
    }
    return inserter.insert(Constants.OBJ_TREE, raw.toByteArray());
  }

  /**
   * Commits this tree on {@code branch} (its tip the parent, when it exists) and moves the branch
   * by compare-and-swap; answers the commit.
   */
  public ObjectId commit(Repository repo, String branch, String message, PersonIdent who) throws IOException {
    String ref = branch.startsWith(Constants.R_REFS) ? branch : Constants.R_HEADS + branch;
    ObjectId parent = repo.resolve(ref);
    ObjectId id;
    try (ObjectInserter inserter = repo.newObjectInserter()) {
      CommitBuilder c = new CommitBuilder();
      c.setTreeId(write(inserter));
      if (parent != null) {
        c.setParentId(parent);
      }
      c.setAuthor(who);
      c.setCommitter(who);
      c.setMessage(message);
      id = inserter.insert(c);
      inserter.flush();
    }
    Refs.move(repo, ref, parent == null ? ObjectId.zeroId() : parent, id, who, "test: raw tree");
    return id;
  }
}
