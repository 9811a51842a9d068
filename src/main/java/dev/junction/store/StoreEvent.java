package dev.junction.store;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One record type per event kind: every event Junction appends is one of these, and the store's
 * typed reads ({@link EventStore#events(Class)}) answer them decoded, so no reader walks a payload.
 *
 * <p>Two sorts, told apart by the codec ({@link EventCodec}):
 * <ul>
 *   <li>the events behind the read tables (requests, reviews, findings, assignments, gate runs):
 *       each holds everything its rows hold (ids included), so that {@link EventStore#rebuild()}
 *       replays the events into identical tables. The codec writes one under the key {@code row}
 *       of its event's payload, beside the fields the caller gave (a gate run: its verdict);
 *   <li>the other facts (a {@link Fact}: the landing journal, rollbacks, overrides and pushes under
 *       them, escalations, conflicts), which project nothing: the codec writes their fields at the
 *       top of the payload, under the names earlier versions wrote, and reads those versions' payloads
 *       too (no schema version, lists as comma-joined strings, numbers and booleans as strings).
 * </ul>
 */
public sealed interface StoreEvent {
  /** The event kind it is stored under. */
  String kind();

  /** An event that feeds no read table: its fields are its payload's. */
  sealed interface Fact extends StoreEvent {}

  /** A list as given, without nulls, or empty when absent (an old payload may lack it). */
  private static <T> List<T> list(List<T> values) {
    return values == null ? List.of() : List.copyOf(values);
  }

  /** A merge request opened ({@code requests} row). */
  record RequestOpened(long number, String source, String target, String task, String type, String title, String body,
      String author, String session, int lines, String size, String justification, Instant openedAt)
      implements StoreEvent {
    @Override
    public String kind() {
      return "request.opened";
    }
  }

  /** A request ended as {@code closed} or {@code landed}. */
  record RequestEnded(long number, String state, Instant at) implements StoreEvent {
    @Override
    public String kind() {
      return "request." + state;
    }
  }

  /**
   * A review ({@code reviews} row) and the findings it raised ({@code findings} rows, open).
   * {@code commit} is the source tip it reviewed; null in events written before reviews recorded
   * it (their payloads have no such field), and such a review counts for no commit.
   */
  record ReviewGiven(long id, long request, String reviewer, String session, String verdict, Instant at,
      List<FindingRaised> findings, String commit) implements StoreEvent {
    public ReviewGiven {
      findings = List.copyOf(findings);
    }

    @Override
    public String kind() {
      return "review." + verdict;
    }
  }

  /** One finding of a review as raised. */
  record FindingRaised(long id, String severity, String path, Integer line, String text) {}

  /** A finding moved to {@code to} ({@code open}, {@code resolved}, {@code accepted}). */
  record FindingMoved(long request, long finding, String to, Instant at) implements StoreEvent {
    @Override
    public String kind() {
      return "finding." + to;
    }
  }

  /** A reviewer asked to review ({@code assignments} row). */
  record ReviewerAssigned(long id, long request, String reviewer, String reason, Instant at) implements StoreEvent {
    @Override
    public String kind() {
      return "request.assigned";
    }
  }

  /**
   * A bearer token issued ({@code tokens} row) to plan member {@code member} with {@code role}
   * ({@code coordinator} or {@code member}) by {@code by}, valid until {@code expires}; {@code hash}
   * is the SHA-256 of the whole token (hex), never the token.
   */
  record TokenIssued(String id, String member, String name, String role, String hash, String by, Instant at,
      Instant expires) implements StoreEvent {
    @Override
    public String kind() {
      return "token.issued";
    }
  }

  /** A token revoked by {@code by}: it authenticates no one from {@code at} on. Once per token. */
  record TokenRevoked(String id, String by, Instant at) implements StoreEvent {
    @Override
    public String kind() {
      return "token.revoked";
    }
  }

  /**
   * A gate's run on a commit ({@code gate_runs} row; {@code metrics} is a JSON object) with its
   * verdict, which the codec writes at the top of the payload (the row is under {@code row}); the
   * verdict is null for runs recorded with a caller's own payload.
   */
  record GateRunRecorded(long id, String commitId, String gate, String configHash, String target, boolean passed,
      String metrics, boolean onTarget, Instant at, @JsonIgnore GateVerdict verdict) implements StoreEvent {
    @Override
    public String kind() {
      return "gate.run";
    }

    /** The same run with {@code verdict}. */
    GateRunRecorded with(GateVerdict verdict) {
      return new GateRunRecorded(id, commitId, gate, configHash, target, passed, metrics, onTarget, at, verdict);
    }
  }

  /**
   * A gate's verdict as {@code junction gate --json} lists it: {@code status} {@code passed} or
   * {@code failed}, the reasons it failed, notes, the benchmark figures, the log file, whether it
   * was reused from an earlier run and how long it took.
   */
  record GateVerdict(String gate, String status, List<String> reasons, List<String> notes, Map<String, Double> metrics,
      String log, boolean reused, long millis) {
    public GateVerdict {
      reasons = list(reasons);
      notes = list(notes);
      metrics = Collections.unmodifiableMap(new TreeMap<>(metrics == null ? Map.of() : metrics));
    }

    @JsonIgnore
    public boolean passed() {
      return "passed".equals(status);
    }
  }

  // The landing journal: one event per step, subject the landing id, actor the lander.

  /** A step of a landing's journal, about its landing id. */
  sealed interface LandStep extends Fact {}

  /** A landing began (first attempt only): its sources, target and tip, stage, tasks and process. */
  record LandStarted(List<String> source, String target, String targetTip, String stage, List<String> tasks, long pid)
      implements LandStep {
    public LandStarted {
      source = list(source);
      tasks = list(tasks);
    }

    @Override
    public String kind() {
      return "land.started";
    }
  }

  /** The candidate merge is built: the last merge, its ref, the tip it is built on, every merge of the chain. */
  record LandCandidate(String candidate, String ref, String base, List<String> merges) implements LandStep {
    public LandCandidate {
      merges = list(merges);
    }

    @Override
    public String kind() {
      return "land.candidate";
    }
  }

  /** The stage's gates ran on the candidate. */
  record LandGated(boolean passed) implements LandStep {
    @Override
    public String kind() {
      return "land.gated";
    }
  }

  /** The target is about to move by compare-and-swap. */
  record LandMoving(String from, String to) implements LandStep {
    @Override
    public String kind() {
      return "land.moving";
    }
  }

  /** The target did not move ({@code swap}: {@code LOST_RACE} or {@code REFUSED}); the landing tries again. */
  record LandRetry(String swap) implements LandStep {
    @Override
    public String kind() {
      return "land.retry";
    }
  }

  /** The target moved to the merge. */
  record LandMoved(String merge) implements LandStep {
    @Override
    public String kind() {
      return "land.moved";
    }
  }

  /** The landing ended landed ({@code resumed}: completed by {@code junction resume}). */
  record LandDone(String merge, @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean resumed) implements LandStep {
    @Override
    public String kind() {
      return "land.done";
    }
  }

  /** The landing ended with its merge reverted: post-merge validation failed. */
  record LandRolledBack(String merge, @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean resumed)
      implements LandStep {
    @Override
    public String kind() {
      return "land.rolled-back";
    }
  }

  /** The landing ended without landing, for {@code reason}. */
  record LandAborted(String reason) implements LandStep {
    @Override
    public String kind() {
      return "land.aborted";
    }
  }

  /**
   * A merge (a batch: its last merge, and all of them in {@code merges}) was reverted on
   * {@code target}, subject the merge: the revert, the reason, the root-cause document, the tasks
   * the merges carried, and the id of the rollback's journal it ends (absent in events written
   * before rollbacks were journaled).
   */
  record RolledBack(String target, String merge, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> merges,
      String revert, String reason, String rootCause, List<String> tasks,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) String journal) implements Fact {
    public RolledBack {
      merges = list(merges);
      tasks = list(tasks);
    }

    /** A rollback outside any journal. */
    public RolledBack(String target, String merge, List<String> merges, String revert, String reason, String rootCause,
        List<String> tasks) {
      this(target, merge, merges, revert, reason, rootCause, tasks, null);
    }

    @Override
    public String kind() {
      return "rollback";
    }
  }

  // A rollback's journal, like a landing's: subject the rollback id, actor who rolls back. It ends
  // with the RolledBack event naming the id (the revert moved the target and is documented) or with
  // rollback.aborted.

  /** A step of a rollback's journal, about its rollback id. */
  sealed interface RollbackStep extends Fact {}

  /**
   * The intent, written before each compare-and-swap: {@code target} moves from {@code from} to
   * {@code revert} (built, not yet on the target), which reverts {@code merges} (oldest first; the
   * last is {@code merge}) for {@code reason}; {@code failed}, the gates whose failure caused it;
   * {@code pid}, the process rolling back.
   */
  record RollbackMoving(String target, String from, String revert, String merge, List<String> merges, String reason,
      List<GateVerdict> failed, long pid) implements RollbackStep {
    public RollbackMoving {
      merges = list(merges);
      failed = list(failed);
    }

    @Override
    public String kind() {
      return "rollback.moving";
    }
  }

  /** The target did not move ({@code swap}: {@code LOST_RACE} or {@code REFUSED}); the rollback tries again. */
  record RollbackRetry(String swap) implements RollbackStep {
    @Override
    public String kind() {
      return "rollback.retry";
    }
  }

  /** The target moved to the revert; the document and the {@link RolledBack} event come next. */
  record RollbackMoved(String revert) implements RollbackStep {
    @Override
    public String kind() {
      return "rollback.moved";
    }
  }

  /** The rollback ended without moving the target, for {@code reason}. */
  record RollbackAborted(String reason) implements RollbackStep {
    @Override
    public String kind() {
      return "rollback.aborted";
    }
  }

  // Emergency overrides (spec 5.4), subject the branch.

  /** An event of an emergency override, about its branch. */
  sealed interface OverrideEvent extends Fact {}

  /** A coordinator (the actor) granted an override until {@code until}; its review is due at {@code reviewDue}. */
  record OverrideGranted(String reason, Instant until, Instant reviewDue, String record) implements OverrideEvent {
    @Override
    public String kind() {
      return "override.granted";
    }
  }

  /** A coordinator ended the branch's override. */
  record OverrideClosed() implements OverrideEvent {
    @Override
    public String kind() {
      return "override.closed";
    }
  }

  /**
   * The override granted at {@code grantedAt} was reviewed: the one whose {@code override.granted}
   * event has the id {@code grant} (null in reviews written before it was recorded, which name
   * their grant by branch and time alone).
   */
  record OverrideReviewed(Instant grantedAt, String notes, Long grant) implements OverrideEvent {
    @Override
    public String kind() {
      return "override.reviewed";
    }
  }

  /** An update the push guard let through under an override: the ref, its old and new ids, who pushed. */
  record OverridePushed(String ref, @JsonProperty("old") String oldId, @JsonProperty("new") String newId, String pusher)
      implements OverrideEvent {
    @Override
    public String kind() {
      return "override.push";
    }
  }

  /**
   * A branch the hub took a push to, as its post-receive hook saw it after the push was accepted:
   * the ref, its old and new ids (all zeros for a created or deleted ref), and who pushed as the
   * transport says (empty when it says no one). Subscribers learn from it that a branch moved.
   */
  record BranchMoved(String ref, @JsonProperty("old") String oldId, @JsonProperty("new") String newId, String pusher)
      implements Fact {
    @Override
    public String kind() {
      return "branch.moved";
    }
  }

  /**
   * An escalation level reached (spec 3.3, 7.4), once per subject: what it is about, since when,
   * who acts and what they do.
   */
  record EscalationReached(String level, String about, Instant since, List<String> who, String action) implements Fact {
    public EscalationReached {
      who = list(who);
    }

    @Override
    public String kind() {
      return "escalation";
    }
  }

  // The conflict clock (spec 3.3), subject {@code <source> -> <target>}.

  /** An event of a pair's conflict clock. */
  sealed interface ConflictEvent extends Fact {}

  /** A conflict of {@code source} with {@code target} first seen, with each path in conflict. */
  record ConflictSeen(String source, String target, List<ConflictPath> paths) implements ConflictEvent {
    public ConflictSeen {
      paths = list(paths);
    }

    @Override
    public String kind() {
      return "conflict.seen";
    }
  }

  /** One path of a conflict: its kind and the other parties. */
  record ConflictPath(String path, String kind, List<String> parties) {
    public ConflictPath {
      parties = list(parties);
    }
  }

  /** The pair's conflict, open since {@code since}, cleared after {@code minutes}. */
  record ConflictCleared(String source, String target, Instant since, long minutes) implements ConflictEvent {
    @Override
    public String kind() {
      return "conflict.cleared";
    }
  }

  /**
   * A coordinator (the actor) acted on behalf of {@code member} through the server, with token
   * {@code token}: {@code operation} names what was done (method and path); subject the member.
   */
  record ActedOnBehalf(String member, String token, String operation) implements Fact {
    @Override
    public String kind() {
      return "token.on-behalf";
    }
  }

  // Interface clashes (spec 3.2, type 2), subject {@code clash: <a> x <b>: <path>: <declaration>} (a, b sorted).

  /** An event of an interface clash between two open branches. */
  sealed interface ClashEvent extends Fact {}

  /**
   * Two open branches both change {@code declaration} in {@code path}, seen against {@code target}
   * by {@code by} (check, radar, land); recorded once per subject: both tasks freeze until it is resolved.
   */
  record ClashSeen(String a, String b, String path, String declaration, String target, String by)
      implements ClashEvent {
    @Override
    public String kind() {
      return "clash.seen";
    }
  }

  /** The coordinator (the actor) recorded what the sessions agreed on; once per subject. */
  record ClashResolved(long clash, String agreed) implements ClashEvent {
    @Override
    public String kind() {
      return "clash.resolved";
    }
  }
}
