package dev.junction.git;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/** The commits between two ids, as {@code git log OLD..NEW} lists them. */
public final class Ranges {
  private Ranges() {}

  /** A commit: its id and subject. */
  public record Logged(String id, String subject) {}

  /**
   * The commits {@code newId} reaches and {@code oldId} does not, newest first, at most
   * {@code limit}: none when {@code newId} is the zero id (a deletion) or an object the repository
   * no longer holds; every one {@code newId} reaches when {@code oldId} is the zero id (a creation).
   */
  public static List<Logged> between(Repository repo, String oldId, String newId, int limit) throws IOException {
    List<Logged> out = new ArrayList<>();
    ObjectId to = ObjectId.fromString(newId);
    ObjectId from = ObjectId.fromString(oldId);
    if (to.equals(ObjectId.zeroId())) {
      return out;
    }
    try (RevWalk walk = new RevWalk(repo)) {
      walk.markStart(walk.parseCommit(to));
      if (!from.equals(ObjectId.zeroId()) && repo.getObjectDatabase().has(from)) {
        walk.markUninteresting(walk.parseCommit(from));
      }
      for (RevCommit c : walk) {
        if (out.size() == limit) {
          break;
        }
        out.add(new Logged(c.name(), c.getShortMessage()));
      }
    } catch (MissingObjectException | org.eclipse.jgit.errors.IncorrectObjectTypeException gone) {
      return List.of();
    }
    return out;
  }
}
