package dev.junction.git;

import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;

/**
 * The answer of a dry-run merge.
 *
 * @param clean whether the merge has no conflict
 * @param tree the merged tree; with git, conflicted text files hold conflict markers in it; the
 *     JGit engine writes no tree for a conflicted merge (empty then)
 * @param conflicts every conflicted path with its kind, in path order
 * @param messages what the merge said, conflicts and information alike ({@code Auto-merging f})
 */
public record MergeResult(
    boolean clean, Optional<ObjectId> tree, List<Conflict> conflicts, List<Message> messages) {

  public MergeResult {
    conflicts = List.copyOf(conflicts);
    messages = List.copyOf(messages);
  }

  /** Conflicted paths, in order. */
  public List<String> paths() {
    return conflicts.stream().map(Conflict::path).toList();
  }

  /**
   * One conflicted path.
   *
   * @param related other paths the same conflict involves (the other side of a rename)
   * @param message the engine's sentence about it
   * @param stages the blobs of the three versions, as far as they exist
   */
  public record Conflict(
      String path, ConflictKind kind, List<String> related, String message, Stages stages) {
    public Conflict {
      related = List.copyOf(related);
    }
  }

  /** The base (stage 1), ours (2) and theirs (3) blobs of a conflicted path. */
  public record Stages(Optional<ObjectId> base, Optional<ObjectId> ours, Optional<ObjectId> theirs) {
    public static final Stages NONE = new Stages(Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** One message of the merge: the paths it is about, its type and its text. */
  public record Message(List<String> paths, String type, String text) {
    public Message {
      paths = List.copyOf(paths);
    }
  }
}
