package dev.junction.git;

import java.io.IOException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;

/** Ref moves, every one a compare-and-swap. */
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

  /**
   * Moves {@code refName} from {@code expected} to {@code next}. {@code expected} is never null:
   * {@link ObjectId#zeroId()} means the ref must not exist yet.
   */
  public static Swap compareAndSwap(
      Repository repo, String refName, ObjectId expected, ObjectId next, PersonIdent who, String reason)
      throws IOException {
    RefUpdate update = repo.updateRef(refName);
    update.setExpectedOldObjectId(expected);
    update.setNewObjectId(next);
    update.setForceUpdate(true); // the expected id is the guard; history may be rewritten only by revert commits
    update.setRefLogIdent(who);
    update.setRefLogMessage(reason, false);
    RefUpdate.Result result = update.update();
    return swap(result);
  }

  /** Deletes {@code refName} if it still points at {@code expected}. */
  public static Swap compareAndDelete(Repository repo, String refName, ObjectId expected) throws IOException {
    RefUpdate update = repo.updateRef(refName);
    update.setExpectedOldObjectId(expected);
    update.setForceUpdate(true);
    return swap(update.delete());
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
