package dev.junction.store;

import java.time.Instant;
import java.util.List;

/**
 * The typed facts behind the read tables: each one holds everything its rows hold (ids included),
 * so that {@link EventStore#rebuild()} replays the events into identical tables. The codec writes
 * one under the key {@code row} of its event's payload, beside the fields the caller gave.
 */
public sealed interface StoreEvent {
  /** The event kind it is stored under. */
  String kind();

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

  /** A gate's run on a commit ({@code gate_runs} row); {@code metrics} is a JSON object. */
  record GateRunRecorded(long id, String commitId, String gate, String configHash, String target, boolean passed,
      String metrics, boolean onTarget, Instant at) implements StoreEvent {
    @Override
    public String kind() {
      return "gate.run";
    }
  }
}
