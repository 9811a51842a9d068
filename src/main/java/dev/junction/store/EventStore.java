package dev.junction.store;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The event store. Events are only ever appended; a read table row is written in the same
 * transaction as the event it comes from, so the two never disagree, whatever crashes when.
 * Implementations are thread-safe; open one per process and repository.
 */
public interface EventStore extends AutoCloseable {

  /**
   * Opens (creating and migrating as needed) the SQLite store in {@code file}, the default
   * backend. WAL journal and a busy timeout let several processes on one machine write to it one
   * after the other.
   */
  static EventStore sqlite(Path file) throws IOException {
    return SqliteEventStore.open(file);
  }

  /** Where the store lives, for messages. */
  String url();

  /** Merge requests, reviews, findings and assignments. */
  Reviews reviews();

  /** The server's bearer tokens, hashed. */
  Tokens tokens();

  /** The idempotency keys of writes and the responses they answered. */
  Idempotency idempotency();

  // Typed events: what Junction writes and reads. The read tables' events go through reviews() and
  // recordGateRun, which give them their ids; every other kind is a StoreEvent.Fact.

  /** Appends {@code fact} about {@code subject}, by {@code actor} when known, and answers its id. */
  long append(Instant at, String subject, Optional<String> actor, StoreEvent.Fact fact);

  /**
   * Appends {@code fact} unless an event of its kind about {@code subject} exists already: for
   * facts that happen once, such as an escalation reaching a level. A unique key decides, so two
   * processes sharing the store record it once between them. Answers whether it was appended.
   */
  boolean appendOnce(Instant at, String subject, Optional<String> actor, StoreEvent.Fact fact);

  /**
   * Appends a gate's run on a commit (its verdict, judged under {@code configHash} for
   * {@code target}) and its {@code gate_runs} row in one transaction; {@code onTarget} when the
   * commit is the target's tip itself. Answers the event's id.
   */
  long recordGateRun(Instant at, String commitId, String configHash, String target, boolean onTarget,
      StoreEvent.GateVerdict verdict);

  /**
   * Every event of {@code type} (a record of {@link StoreEvent}, or a family of them such as
   * {@link StoreEvent.LandStep}; {@code StoreEvent.class} for all), decoded, oldest first. Events
   * of earlier versions decode too; a read-table event written before events were typed, which
   * carries no row, is left out.
   *
   * @throws StoreException when a payload does not decode to its kind's record
   */
  <T extends StoreEvent> List<Stored<T>> events(Class<T> type);

  /**
   * At most {@code limit} events of {@code type} whose id is greater than {@code after}, oldest
   * first: for readers that follow the store as it grows (the server's event stream).
   */
  <T extends StoreEvent> List<Stored<T>> eventsAfter(Class<T> type, long after, int limit);

  /** The id of the newest event, of any kind; 0 when there is none. */
  long lastId();

  /** {@link #events(Class)} about one subject. */
  <T extends StoreEvent> List<Stored<T>> events(Class<T> type, String subject);

  // Events as stored (kind and payload text): for tools, tests, and the read-table events' callers,
  // who give the request events a payload of their own beside the row.

  /**
   * Why this store takes no writes, when it takes none: its schema is newer than this version
   * writes (a newer Junction wrote it). Reads still work; every write throws this reason.
   */
  Optional<String> refusesWrites();

  /**
   * Appends {@code event} unless an event of its kind about its subject exists already: for facts
   * that happen once, such as an escalation reaching a level. A unique key decides, so two
   * processes sharing the store record it once between them. Answers whether it was appended.
   */
  boolean appendOnce(Event event);

  /** Appends {@code event} and answers its id. */
  long append(Event event);

  /**
   * Appends the event of a gate run, with the caller's payload instead of a verdict, and its
   * read-table row in one transaction.
   */
  long recordGateRun(Event event, String commitId, String gate, String configHash, String target,
      boolean passed, String metrics, boolean onTarget);

  /** The latest passing run of {@code gate} on {@code commitId} under the same configuration. */
  Optional<GateRun> passedRun(String commitId, String gate, String configHash);

  /**
   * The latest passing run of {@code gate} on a tip of {@code target} itself (not on a branch
   * judged for it): the benchmark baseline.
   */
  Optional<GateRun> lastPassed(String target, String gate);

  /** Every gate run on a commit, oldest first. */
  List<GateRun> gateRuns(String commitId);

  /**
   * How long the latest recorded run of {@code gate} took, in milliseconds, among the runs whose
   * configuration hash starts with {@code configPrefix} (the same gate configuration, on any
   * commit, for any target): the gate's measured cost. Empty when no such run recorded a
   * duration (runs recorded before verdicts carried one, runs with a caller's own payload).
   */
  java.util.OptionalLong lastMillis(String gate, String configPrefix);

  /** Every event of a kind as stored, oldest first. */
  List<Event> events(String kind);

  /** Every event about a subject as stored, oldest first. */
  List<Event> about(String subject);

  /** Events of a kind about a subject as stored, oldest first. */
  List<Event> events(String kind, String subject);

  /**
   * Replays every event into empty read tables (requests, reviews, findings, assignments, gate
   * runs), in one transaction: the projections are a function of the events alone.
   */
  void rebuild();

  @Override
  void close();

  /** An event as stored: its kind and its payload's JSON text. */
  record Event(Instant at, String kind, String subject, Optional<String> actor, String payload) {}

  /** A typed event as read back: its id, time, kind, subject and actor, and the decoded record. */
  record Stored<T extends StoreEvent>(long id, Instant at, String kind, String subject, Optional<String> actor,
      T event) {}

  /** A gate's run on a commit, as the read table holds it. */
  record GateRun(
      long id, String commitId, String gate, String configHash, String target, boolean passed,
      String metrics, Instant at) {}
}
