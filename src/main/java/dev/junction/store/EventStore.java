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

  /** Merge requests, reviews, findings and assignments. */
  Reviews reviews();

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

  /** Where the store lives, for messages. */
  String url();

  /** Appends {@code event} and answers its id. */
  long append(Event event);

  /** Appends the event of a gate run and its read-table row in one transaction. */
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

  /** Every event of a kind, oldest first. */
  List<Event> events(String kind);

  /** Every event about a subject, oldest first. */
  List<Event> about(String subject);

  /** Events of a kind about a subject, oldest first. */
  List<Event> events(String kind, String subject);

  /**
   * Replays every event into empty read tables (requests, reviews, findings, assignments, gate
   * runs), in one transaction: the projections are a function of the events alone.
   */
  void rebuild();

  @Override
  void close();

  /** A fact to append. */
  record Event(Instant at, String kind, String subject, Optional<String> actor, String payload) {}

  /** A gate's run on a commit, as the read table holds it. */
  record GateRun(
      long id, String commitId, String gate, String configHash, String target, boolean passed,
      String metrics, Instant at) {}
}
