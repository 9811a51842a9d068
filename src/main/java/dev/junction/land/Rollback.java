package dev.junction.land;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.junction.gate.Verdict;
import dev.junction.git.PlanSource;
import dev.junction.git.Refs;
import dev.junction.git.Trailers;
import dev.junction.plan.Disposition;
import dev.junction.plan.Plan;
import dev.junction.plan.Task;
import dev.junction.store.EventStore;
import dev.junction.store.StoreEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Rollback (spec 3.2 type 4, section 8): a revert of the merge keeping its first parent, landed on
 * the target by compare-and-swap, a rollback event, and a root-cause document from the spec's
 * template (8.2 step 5) with what is known filled in.
 */
public final class Rollback {

  private Rollback() {}

  /** How a rollback ended. */
  public sealed interface Outcome {
    Disposition disposition();
  }

  /** The revert landed. */
  @JsonTypeName("done")
  public record Done(String revert, String merge, String reason, String rootCause) implements Outcome {
    @Override
    public Disposition disposition() {
      return Disposition.DONE;
    }
  }

  /**
   * It could not: the merge is not on the target, later work conflicts with the revert, or bad
   * input; {@code blocked} when only the target moving too often stood in the way.
   */
  @JsonTypeName("failed")
  public record Failed(String reason, boolean blocked) implements Outcome {
    Failed(String reason) {
      this(reason, false);
    }

    @Override
    public Disposition disposition() {
      return blocked ? Disposition.BLOCKED : Disposition.NO;
    }
  }

  public static Outcome revert(Repository repo, EventStore store, Plan plan, String targetName, ObjectId merge, String reason,
      List<Verdict> failed, PersonIdent who, Clock clock) throws IOException {
    return revert(repo, store, plan, targetName, List.of(merge), reason, failed, who, clock);
  }

  /**
   * Reverts a batch landed together with one commit: {@code merges} form a first-parent chain,
   * oldest first, and the revert brings the target back to the first one's first parent (as far as
   * later work allows). The rollback event and the root cause name the last merge and every task.
   *
   * <p>Journaled like a landing (subject a rollback id): {@code rollback.moving} with the revert
   * built, before each compare-and-swap; {@code rollback.retry} when the target moved;
   * {@code rollback.moved} once it points at the revert; then the root-cause document and the
   * {@code rollback} event naming the journal, which ends it ({@code rollback.aborted} ends one that
   * did not move the target). A crash anywhere is finished or undone by {@link Recovery#resume}.
   */
  public static Outcome revert(Repository repo, EventStore store, Plan plan, String targetName, List<ObjectId> merges,
      String reason, List<Verdict> failed, PersonIdent who, Clock clock) throws IOException {
    ObjectId merge = merges.get(merges.size() - 1);
    Journal journal = new Journal(store, Journal.newId(clock), clock, who.getEmailAddress());
    boolean journaled = false;
    for (int attempt = 0; attempt < Landing.ATTEMPTS; attempt++) {
      Optional<PlanSource.Tip> target = PlanSource.resolve(repo, targetName);
      if (target.isEmpty()) {
        return failed(journal, journaled, "no branch '" + targetName + "'");
      }
      List<RevCommit> chain = new ArrayList<>();
      try (RevWalk walk = new RevWalk(repo)) {
        for (ObjectId id : merges) {
          RevCommit m = walk.parseCommit(id);
          if (m.getParentCount() < 2) {
            return failed(journal, journaled, id.abbreviate(10).name() + " is not a merge commit");
          }
          if (!chain.isEmpty() && !m.getParent(0).getId().equals(chain.get(chain.size() - 1).getId())) {
            return failed(journal, journaled, id.abbreviate(10).name() + " does not follow "
                + chain.get(chain.size() - 1).abbreviate(10).name()
                + " as its first parent: a batch's merges are one first-parent chain");
          }
          chain.add(m);
        }
        if (!walk.isMergedInto(chain.get(chain.size() - 1), walk.parseCommit(target.get().id()))) {
          return failed(journal, journaled, merge.abbreviate(10).name() + " is not on " + targetName);
        }
      }
      if (!onFirstParentChain(repo, target.get().id(), merge)) {
        return failed(journal, journaled, merge.abbreviate(10).name() + " is not on " + targetName
            + "'s first-parent history: it came in with a branch that was landed, not as a landing of its own;"
            + " roll back the merge that landed that branch");
      }
      Optional<ObjectId> revert = Reverts.revert(repo, target.get().id(), merges, reason, who);
      if (revert.isEmpty()) {
        return failed(journal, journaled, "later work on " + targetName + " conflicts with reverting "
            + merge.abbreviate(10).name() + ": revert it by hand");
      }
      if (revert.get().equals(ObjectId.zeroId())) {
        return failed(journal, journaled, "nothing to revert: " + targetName + " holds nothing of "
            + merge.abbreviate(10).name() + " any more (reverted already?)");
      }
      StoreEvent.RollbackMoving intent = new StoreEvent.RollbackMoving(targetName, target.get().id().name(),
          revert.get().name(), merge.name(), merges.stream().map(ObjectId::name).toList(), reason,
          failed.stream().filter(v -> !v.passed()).map(Rollback::stored).toList(), ProcessHandle.current().pid());
      Instant at = journal.record(intent);
      journaled = true;
      Refs.Swap swap = Refs.compareAndSwap(repo, target.get().refName(), target.get().id(), revert.get(), who,
          "junction rollback of " + merge.abbreviate(10).name());
      if (swap.isMoved()) {
        journal.record(new StoreEvent.RollbackMoved(revert.get().name()));
        return document(repo, store, journal.id(), intent, at, Optional.of(plan), who, clock);
      }
      journal.record(new StoreEvent.RollbackRetry(swap.name()));
    }
    journal.record(new StoreEvent.RollbackAborted("the target moved " + Landing.ATTEMPTS + " times"));
    return new Failed("the target moved " + Landing.ATTEMPTS + " times while rolling back; try again", true);
  }

  /** Ends the journal, if one was begun, as {@code reason} ends the rollback, and answers that failure. */
  private static Failed failed(Journal journal, boolean journaled, String reason) {
    if (journaled) {
      journal.record(new StoreEvent.RollbackAborted(reason));
    }
    return new Failed(reason);
  }

  /**
   * The last step of a rollback whose revert is on the target: the root-cause document (named by
   * {@code at}, the time of the intent, so that writing it again after a crash replaces it) and the
   * {@code rollback} event that ends journal {@code id}. {@code plan} gives the tasks' titles.
   */
  static Done document(Repository repo, EventStore store, String id, StoreEvent.RollbackMoving intent, Instant at,
      Optional<Plan> plan, PersonIdent who, Clock clock) throws IOException {
    List<RevCommit> chain = new ArrayList<>();
    try (RevWalk walk = new RevWalk(repo)) {
      for (String m : intent.merges().isEmpty() ? List.of(intent.merge()) : intent.merges()) {
        chain.add(walk.parseCommit(ObjectId.fromString(m)));
      }
    }
    ObjectId revert = ObjectId.fromString(intent.revert());
    List<Verdict> failed = intent.failed().stream().map(Rollback::verdict).toList();
    // The incident's length on one clock: the landing's move and the rollback's, both from the store;
    // a merge the store never saw landing (made by hand) is timed by its commit and the revert's.
    Optional<Instant> movedAt = store.events(StoreEvent.LandMoved.class).stream()
        .filter(e -> intent.merge().equals(e.event().merge())).map(EventStore.Stored::at).reduce((a, b) -> b);
    Instant landed;
    Instant rolledAt;
    if (movedAt.isPresent()) {
      landed = movedAt.get();
      rolledAt = at;
    } else {
      try (RevWalk walk = new RevWalk(repo)) {
        landed = chain.get(chain.size() - 1).getCommitterIdent().getWhenAsInstant();
        rolledAt = walk.parseCommit(revert).getCommitterIdent().getWhenAsInstant();
      }
    }
    Path doc = rootCause(repo, plan, intent.target(), chain, revert, intent.reason(), failed, at,
        Duration.between(landed, rolledAt), landed);
    store.append(clock.instant(), intent.merge(), Optional.of(who.getEmailAddress()), new StoreEvent.RolledBack(
        intent.target(), intent.merge(), chain.size() > 1 ? intent.merges() : List.of(), intent.revert(),
        intent.reason(), doc.toString(), values(chain, Trailers.TASK), id));
    return new Done(intent.revert(), intent.merge(), intent.reason(), doc.toString());
  }

  /** A duration in human units: {@code 0 s}, {@code 42 s}, {@code 4 min 12 s}, {@code 2 h 5 min}, {@code 3 d 4 h}. */
  static String human(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
    }
    if (s < 86400) {
      return s / 3600 + " h" + (s % 3600 / 60 == 0 ? "" : " " + s % 3600 / 60 + " min");
    }
    return s / 86400 + " d" + (s % 86400 / 3600 == 0 ? "" : " " + s % 86400 / 3600 + " h");
  }

  /** Whether {@code commit} is {@code tip} or one of its first parents, back to the root. */
  static boolean onFirstParentChain(Repository repo, ObjectId tip, ObjectId commit) throws IOException {
    try (RevWalk walk = new RevWalk(repo)) {
      walk.setFirstParent(true);
      walk.markStart(walk.parseCommit(tip));
      for (RevCommit c : walk) {
        if (c.getId().equals(commit)) {
          return true;
        }
      }
      return false;
    }
  }

  private static StoreEvent.GateVerdict stored(Verdict v) {
    return new StoreEvent.GateVerdict(v.gate(), v.status().toString(), v.reasons(), v.notes(), v.metrics(), v.log(),
        v.reused(), v.millis());
  }

  private static Verdict verdict(StoreEvent.GateVerdict v) {
    Verdict.Status status = v.passed() ? Verdict.Status.PASSED
        : Verdict.Status.SKIPPED.toString().equals(v.status()) ? Verdict.Status.SKIPPED : Verdict.Status.FAILED;
    return new Verdict(v.gate(), status, v.reasons(), v.notes(),
        v.metrics(), v.log() == null ? "" : v.log(), v.reused(), v.millis());
  }

  /** The values of a trailer over a chain of merges, in order, each once. */
  private static List<String> values(List<RevCommit> chain, String key) {
    return chain.stream().flatMap(c -> Trailers.values(c.getFullMessage(), key).stream()).distinct().toList();
  }

  /** Writes {@code ROLLBACK-ANALYSIS-<timestamp>.md} under the git directory's junction folder. */
  static Path rootCause(Repository repo, Optional<Plan> plan, String target, List<RevCommit> chain, ObjectId revert, String reason,
      List<Verdict> failed, Instant now, Duration incident, Instant landed) throws IOException {
    RevCommit merge = chain.get(chain.size() - 1);
    List<String> tasks = values(chain, Trailers.TASK);
    List<String> sessions = values(chain, Trailers.SESSION);
    String title = tasks.stream().map(id -> id + " " + plan.flatMap(p -> p.task(id)).map(Task::title).orElse("")).findFirst()
        .orElse(merge.getShortMessage());
    StringBuilder d = new StringBuilder();
    d.append("# Rollback Analysis: ").append(title).append("\n\n");
    d.append("**Commit:** ").append(merge.getName()).append("  \n");
    if (chain.size() > 1) {
      d.append("**Batch:** ").append(String.join(", ", chain.stream().map(RevCommit::getName).toList()))
          .append(" (landed together, reverted together)  \n");
    }
    d.append("**Target:** ").append(target).append("  \n");
    d.append("**Reverted by:** ").append(revert.getName()).append("  \n");
    d.append("**Rolled Back:** ").append(now).append("  \n");
    d.append("**Duration of Incident:** ").append(human(incident)).append(" (landed ").append(landed).append(")  \n");
    d.append("**Tasks:** ").append(tasks.isEmpty() ? "none" : String.join(", ", tasks)).append("  \n");
    d.append("**Affected sessions:** ").append(sessions.isEmpty() ? "unknown" : String.join(", ", sessions)).append("\n\n");
    d.append("### Root Cause\n").append("To be completed by ").append(sessions.isEmpty() ? "the author" : String.join(", ", sessions))
        .append(". Known so far: ").append(reason).append("\n\n");
    d.append("### Detection\n");
    if (failed.isEmpty()) {
      d.append("Rolled back by hand.\n");
    }
    for (Verdict v : failed) {
      if (!v.passed()) {
        d.append("- Gate `").append(v.gate()).append("` failed after the merge");
        d.append(v.log().isEmpty() ? "" : " (log: " + v.log() + ")").append(":\n");
        v.reasons().forEach(r -> d.append("  - ").append(r).append('\n'));
      }
    }
    d.append("\n### Resolution\n1. Rolled back ").append(chain.size() > 1 ? "the batch ending in merge " : "merge ")
        .append(merge.abbreviate(10).name()).append(" with revert ")
        .append(revert.abbreviate(10).name()).append(" (first parent kept)\n")
        .append("2. The session fixes the failure on its branch and lands again\n\n");
    d.append("### Prevention\n- To be completed\n\n### Lessons Learned\n- To be completed\n");
    Path dir = repo.getDirectory().toPath().resolve("junction/rollbacks");
    Files.createDirectories(dir);
    Path file = dir.resolve("ROLLBACK-ANALYSIS-" + now.toString().replaceAll("[^0-9TZ]", "") + "-"
        + merge.abbreviate(7).name() + ".md");
    Files.writeString(file, d.toString());
    return file;
  }
}
