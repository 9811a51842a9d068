package dev.junction.git;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/** What a pushed ref update brings into a hub, read before the hub accepts it (pre-receive). */
public final class PushScan {
  /** Commits looked at per update at most; the guard refuses an update that brings more. */
  public static final int LIMIT = 10_000;

  private PushScan() {}

  /**
   * The facts.
   *
   * @param fastForward whether the new tip descends from the old one (true for a creation or deletion)
   * @param commits the commits the update brings to the ref, newest first: reachable from the new
   *     tip, not from the ref's old tip nor from a protected branch (which only Junction moves),
   *     whatever other branch or tag reaches them already
   * @param foreign commits the update brings that another session's branch holds and the
   *     coordination branch does not
   * @param beyondLimit whether the update brings more than {@value #LIMIT} commits, so that
   *     {@code commits} does not hold them all
   */
  public record Facts(boolean fastForward, List<Commit> commits, List<Foreign> foreign, boolean beyondLimit) {
    public Facts {
      commits = List.copyOf(commits);
      foreign = List.copyOf(foreign);
    }

    /** Facts of an update within the limit. */
    public Facts(boolean fastForward, List<Commit> commits, List<Foreign> foreign) {
      this(fastForward, commits, foreign, false);
    }

    public static Facts none() {
      return new Facts(true, List.of(), List.of());
    }
  }

  /** A commit of the push: its id, subject, whether it is a merge, whether it carries a signature. */
  public record Commit(String id, String subject, boolean merge, boolean signed) {}

  /** A commit that another session's branch holds and coordination does not. */
  public record Foreign(String commit, String branch) {}

  /**
   * Reads the facts of moving {@code ref} from {@code oldId} to {@code newId}.
   *
   * @param coordination the coordination branch's name, whose commits anyone may bring
   * @param otherSessions the other sessions' branch names, whose own commits may not come along
   * @param protectedBranches the branches only Junction moves (coordination and main): their
   *     commits were judged when they got there, so they are not judged again
   */
  public static Facts scan(Repository repo, String ref, ObjectId oldId, ObjectId newId, String coordination,
      List<String> otherSessions, List<String> protectedBranches) throws IOException {
    if (newId.equals(ObjectId.zeroId())) {
      return Facts.none();
    }
    try (RevWalk walk = new RevWalk(repo)) {
      RevCommit tip = walk.parseCommit(newId);
      boolean fastForward = oldId.equals(ObjectId.zeroId()) || walk.isMergedInto(walk.parseCommit(oldId), tip);
      walk.reset();
      // New to this ref: reachable from the new tip, not from its old tip nor from a protected branch.
      // A tag or another work branch reaching a commit does not spare it: what a ref takes is judged there.
      List<Commit> commits = new ArrayList<>();
      walk.markStart(tip);
      if (!oldId.equals(ObjectId.zeroId())) {
        markUninteresting(walk, oldId);
      }
      for (String p : protectedBranches) {
        Ref r = repo.exactRef(Constants.R_HEADS + p);
        if (r != null && !r.getName().equals(ref)) {
          markUninteresting(walk, r.getObjectId());
        }
      }
      boolean beyond = false;
      for (RevCommit c = walk.next(); c != null; c = walk.next()) {
        if (commits.size() == LIMIT) {
          beyond = true;
          break;
        }
        commits.add(new Commit(c.getName(), c.getShortMessage(), c.getParentCount() > 1, c.getRawGpgSignature() != null));
      }
      // Brought to the ref: reachable from the new tip, not from the old one nor from coordination.
      walk.reset();
      Set<ObjectId> brought = new HashSet<>();
      walk.markStart(walk.parseCommit(newId));
      if (!oldId.equals(ObjectId.zeroId())) {
        markUninteresting(walk, oldId);
      }
      Optional<ObjectId> coord = Optional.ofNullable(repo.exactRef(Constants.R_HEADS + coordination)).map(Ref::getObjectId);
      coord.ifPresent(id -> markUninteresting(walk, id));
      for (RevCommit c = walk.next(); c != null && brought.size() < LIMIT; c = walk.next()) {
        brought.add(c.getId());
      }
      List<Foreign> foreign = new ArrayList<>();
      for (String other : otherSessions) {
        Ref r = repo.exactRef(Constants.R_HEADS + other);
        if (r == null || brought.isEmpty()) {
          continue;
        }
        walk.reset();
        walk.markStart(walk.parseCommit(r.getObjectId()));
        coord.ifPresent(id -> markUninteresting(walk, id));
        if (!oldId.equals(ObjectId.zeroId())) {
          markUninteresting(walk, oldId);
        }
        int seen = 0;
        for (RevCommit c = walk.next(); c != null && seen++ < LIMIT; c = walk.next()) {
          if (brought.contains(c.getId())) {
            foreign.add(new Foreign(c.getName(), other));
          }
        }
      }
      return new Facts(fastForward, commits, foreign, beyond);
    }
  }

  private static void markUninteresting(RevWalk walk, ObjectId id) {
    try {
      walk.markUninteresting(walk.parseCommit(id));
    } catch (IOException e) {
      // not a commit (a tag of a tree or blob): it hides nothing
    }
  }
}
