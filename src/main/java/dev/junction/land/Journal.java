package dev.junction.land;

import dev.junction.store.EventStore;
import dev.junction.store.StoreEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * The journal of one landing (or one rollback): an event per step, written before the step acts,
 * all with the landing's (rollback's) id as subject, so {@code resume} can tell how far a crashed
 * landing (rollback) got.
 */
final class Journal {
  /**
   * The crash-test seam: called with each event's kind right after the event is committed to the
   * store, so {@code CrashTest} can kill its lander process at every step the journal marks. A
   * no-op unless a test process sets it; production code never sets it.
   */
  static volatile Consumer<String> afterRecord = kind -> { };
  private final EventStore store;
  private final String id;
  private final Clock clock;
  private final String actor;

  Journal(EventStore store, String id, Clock clock, String actor) {
    this.store = store;
    this.id = id;
    this.clock = clock;
    this.actor = actor;
  }

  /** A landing id: time, then random digits, so ids sort by start and never collide in practice. */
  static String newId(Clock clock) {
    return clock.instant().toString().replaceAll("[^0-9]", "").substring(0, 14) + "-"
        + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
  }

  String id() {
    return id;
  }

  /** Appends one step of a landing. */
  void record(StoreEvent.LandStep step) {
    append(step);
  }

  /** Appends one step of a rollback, and answers the time it is recorded at. */
  Instant record(StoreEvent.RollbackStep step) {
    return append(step);
  }

  private Instant append(StoreEvent.Fact step) {
    Instant at = clock.instant();
    store.append(at, id, Optional.ofNullable(actor), step);
    afterRecord.accept(step.kind());
    return at;
  }

  /** Appends {@code land.aborted} for {@code reason}. */
  void aborted(String reason) {
    record(new StoreEvent.LandAborted(reason));
  }
}
