package dev.junction.git;

import java.io.IOException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;

/**
 * Ref moves, every one a compare-and-swap whose result is checked: {@link #compareAndSwap} answers
 * how it ended for callers that start again when they lose a race; every other move throws
 * {@link NotMoved} when the ref did not move as asked.
 */
public final class Refs {
  private Refs() {}

  /** How a compare-and-swap ended. */
  public enum Swap {
    /** The ref now points at the new id. */
    MOVED,
    /** The ref was not at the expected id (someone moved it), or its lock was held: nothing changed. */
    LOST_RACE,
    /** Git refused the update for another reason: nothing changed. */
    REFUSED;

    public boolean isMoved() {
      return this == MOVED;
    }
  }

  /** A ref that did not move as asked; nothing changed. */
  public static final class NotMoved extends IOException {
    private static final long serialVersionUID = 1L;

    private final String refName;
    private final transient RefUpdate.Result result;

    NotMoved(String refName, String asked, RefUpdate.Result result) {
      super(refName + " was not " + asked + ": " + result);
      this.refName = refName;
      this.result = result;
    }

    public String refName() {
      return refName;
    }

    /** What git answered. */
    public RefUpdate.Result result() {
      return result;
    }

    /** The answer as a swap: a lost race or a refusal. */
    public Swap swap() {
      return Refs.swap(result);
    }
  }

  /**
   * Moves {@code refName} from {@code expected} to {@code next}. {@code expected} is never null:
   * {@link ObjectId#zeroId()} means the ref must not exist yet.
   */
  public static Swap compareAndSwap(
      Repository repo, String refName, ObjectId expected, ObjectId next, PersonIdent who, String reason)
      throws IOException {
    return swap(update(repo, refName, expected, next, who, reason));
  }

  /** Moves {@code refName} from {@code expected} to {@code next}, or throws: see {@link #compareAndSwap}. */
  public static void move(
      Repository repo, String refName, ObjectId expected, ObjectId next, PersonIdent who, String reason)
      throws NotMoved, IOException {
    RefUpdate.Result result = update(repo, refName, expected, next, who, reason);
    if (!swap(result).isMoved()) {
      throw new NotMoved(refName, "moved to " + next.name(), result);
    }
  }

  /** Deletes {@code refName} if it still points at {@code expected}, or throws. */
  public static void delete(Repository repo, String refName, ObjectId expected) throws NotMoved, IOException {
    RefUpdate update = repo.updateRef(refName);
    update.setExpectedOldObjectId(expected);
    update.setForceUpdate(true);
    RefUpdate.Result result = update.delete();
    if (!swap(result).isMoved()) {
      throw new NotMoved(refName, "deleted", result);
    }
  }

  /**
   * Points the symbolic ref {@code name} ({@code HEAD} of a work tree) at {@code target}, without
   * a reflog entry, or throws.
   */
  public static void link(Repository repo, String name, String target) throws NotMoved, IOException {
    RefUpdate update = repo.updateRef(name);
    update.disableRefLog();
    RefUpdate.Result result = update.link(target);
    if (result != RefUpdate.Result.NO_CHANGE && !swap(result).isMoved()) {
      throw new NotMoved(name, "linked to " + target, result);
    }
  }

  /**
   * Creates {@code refName} at {@code id} (it must not exist), held until the returned handle
   * closes, which deletes it: a candidate merge's ref for the span of its gates.
   */
  public static Held hold(Repository repo, String refName, ObjectId id, PersonIdent who, String reason)
      throws NotMoved, IOException {
    // Other landings delete their candidates beside this one, and git removes the folder with the
    // last of them: creating the folder can lose that race ("Creating directories ... failed").
    // The ref is new, so while it does not exist trying again is safe; a ref that exists is an answer.
    for (int attempt = 1; ; attempt++) {
      try {
        move(repo, refName, ObjectId.zeroId(), id, who, reason);
        return new Held(repo, refName, id);
      } catch (NotMoved e) {
        throw e;
      } catch (IOException e) {
        if (attempt == HOLD_ATTEMPTS || repo.exactRef(refName) != null) {
          throw e;
        }
      }
    }
  }

  private static final int HOLD_ATTEMPTS = 3;

  /** A ref created by {@link #hold}; closing deletes it, and throws when it no longer points where it was put. */
  public static final class Held implements AutoCloseable {
    private final Repository repo;
    private final String refName;
    private final ObjectId id;

    private Held(Repository repo, String refName, ObjectId id) {
      this.repo = repo;
      this.refName = refName;
      this.id = id;
    }

    public String refName() {
      return refName;
    }

    @Override
    public void close() throws IOException {
      delete(repo, refName, id);
    }
  }

  private static RefUpdate.Result update(
      Repository repo, String refName, ObjectId expected, ObjectId next, PersonIdent who, String reason)
      throws IOException {
    RefUpdate update = repo.updateRef(refName);
    update.setExpectedOldObjectId(expected);
    update.setNewObjectId(next);
    update.setForceUpdate(true); // the expected id is the guard; history may be rewritten only by revert commits
    update.setRefLogIdent(who);
    update.setRefLogMessage(reason, false);
    return update.update();
  }

  private static Swap swap(RefUpdate.Result result) {
    return switch (result) {
      case NEW, FORCED, FAST_FORWARD -> Swap.MOVED;
      case LOCK_FAILURE -> Swap.LOST_RACE;
      case NO_CHANGE, NOT_ATTEMPTED, IO_FAILURE, REJECTED, REJECTED_CURRENT_BRANCH,
          REJECTED_MISSING_OBJECT, REJECTED_OTHER_REASON, RENAMED -> Swap.REFUSED;
    };
  }
}
