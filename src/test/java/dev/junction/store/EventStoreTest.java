package dev.junction.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventStoreTest {
  @TempDir Path dir;

  static EventStore.Event event(String subject) {
    return new EventStore.Event(Instant.parse("2026-11-24T06:00:00Z"), "gate.run", subject, Optional.of("s@example.org"), "{}");
  }

  @Test
  void gateRunsAreFoundByCommitGateAndConfiguration() throws Exception {
    try (EventStore store = EventStore.sqlite(dir.resolve("junction.db"))) {
      store.recordGateRun(event("c1"), "c1", "unit", "h1", "coordination", true, "{}", false);
      store.recordGateRun(event("c1"), "c1", "unit", "h2", "coordination", false, "{}", false);
      assertThat(store.passedRun("c1", "unit", "h1")).isPresent();
      assertThat(store.passedRun("c1", "unit", "h2")).isEmpty();
      assertThat(store.passedRun("c2", "unit", "h1")).isEmpty();
      assertThat(store.events("gate.run", "c1")).hasSize(2);
    }
  }

  @Test
  void baselineIsTheTargetsLatestPassingRun() throws Exception {
    try (EventStore store = EventStore.sqlite(dir.resolve("junction.db"))) {
      store.recordGateRun(event("a"), "a", "bench", "h", "coordination", true, "{\"x\":1.0}", true);
      store.recordGateRun(event("b"), "b", "bench", "h", "coordination", true, "{\"x\":2.0}", true);
      store.recordGateRun(event("c"), "c", "bench", "h", "coordination", false, "{\"x\":9.0}", true);
      store.recordGateRun(event("e"), "e", "bench", "h", "coordination", true, "{\"x\":7.0}", false);
      store.recordGateRun(event("d"), "d", "bench", "h", "main", true, "{\"x\":5.0}", true);
      assertThat(store.lastPassed("coordination", "bench")).map(EventStore.GateRun::metrics).contains("{\"x\":2.0}");
    }
  }

  @Test
  void eventsAfterAnIdComeInOrderAPageAtATime() throws Exception {
    try (EventStore store = EventStore.sqlite(dir.resolve("junction.db"))) {
      assertThat(store.lastId()).isZero();
      Instant at = Instant.parse("2026-11-24T06:00:00Z");
      long[] ids = new long[5];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = store.append(at, "request:" + i, Optional.empty(),
            new StoreEvent.EscalationReached("ping", "r" + i, at, List.of(), "ping"));
      }
      assertThat(store.eventsAfter(StoreEvent.class, ids[1], 2)).extracting(EventStore.Stored::id)
          .containsExactly(ids[2], ids[3]);
      assertThat(store.eventsAfter(StoreEvent.class, ids[4], 10)).isEmpty();
      assertThat(store.eventsAfter(StoreEvent.EscalationReached.class, 0, 10)).hasSize(5);
      assertThat(store.lastId()).isEqualTo(ids[4]);
    }
  }

  @Test
  void reopeningKeepsWhatWasWritten() throws Exception {
    Path file = dir.resolve("nested/junction.db");
    try (EventStore store = EventStore.sqlite(file)) {
      store.append(event("x"));
    }
    try (EventStore store = EventStore.sqlite(file)) {
      assertThat(store.events("gate.run", "x")).singleElement()
          .satisfies(e -> assertThat(e.actor()).contains("s@example.org"));
      assertThat(store.url()).endsWith("junction.db");
    }
  }

  @Test
  void onceEventsAreRecordedOncePerKindAndSubject() throws Exception {
    try (EventStore store = EventStore.sqlite(dir.resolve("junction.db"))) {
      EventStore.Event e = new EventStore.Event(Instant.parse("2026-11-24T06:00:00Z"), "escalation", "request:1",
          Optional.empty(), "{}");
      assertThat(store.appendOnce(e)).isTrue();
      assertThat(store.appendOnce(e)).isFalse();
      assertThat(store.appendOnce(new EventStore.Event(e.at(), "escalation", "request:2", Optional.empty(), "{}"))).isTrue();
      store.append(e); // a plain append is never "once"
      assertThat(store.events("escalation", "request:1")).hasSize(2);
      assertThat(store.events("escalation", "request:2")).hasSize(1);
    }
  }

  @Test
  void aStoreAtTheVersionBeforeOnceKeysIsMigratedWithItsEvents() throws Exception {
    Path file = dir.resolve("junction.db");
    org.sqlite.SQLiteDataSource source = new org.sqlite.SQLiteDataSource();
    source.setUrl("jdbc:sqlite:" + file);
    org.flywaydb.core.Flyway.configure().dataSource(source).locations("classpath:db/sqlite").target("3").load().migrate();
    try (java.sql.Connection c = source.getConnection(); java.sql.Statement s = c.createStatement()) {
      // an escalation recorded twice by the check-then-insert race of earlier versions, and a reviewer asked once
      s.execute("INSERT INTO events (at, kind, subject, actor, payload) VALUES "
          + "('2026-11-24T06:00:00Z', 'escalation', 'request:1', NULL, '{}'), "
          + "('2026-11-24T06:00:01Z', 'escalation', 'request:1', NULL, '{}'), "
          + "('2026-11-24T06:00:02Z', 'request.assigned', 'request:1', NULL, '{\"reviewer\":\"r@x.org\"}')");
    }
    try (EventStore store = EventStore.sqlite(file)) {
      assertThat(store.events("escalation", "request:1")).hasSize(2);
      assertThat(store.appendOnce(new EventStore.Event(Instant.parse("2026-11-24T07:00:00Z"), "escalation", "request:1",
          Optional.empty(), "{}"))).isFalse();
      assertThat(store.appendOnce(new EventStore.Event(Instant.parse("2026-11-24T07:00:00Z"), "escalation", "request:2",
          Optional.empty(), "{}"))).isTrue();
    }
  }

  @Test
  void openingACurrentStoreRunsNoMigration() throws Exception {
    Path file = dir.resolve("junction.db");
    Path lock = dir.resolve("junction.db.migrate.lock");
    try (EventStore store = EventStore.sqlite(file)) {
      store.append(event("x"));
    }
    assertThat(lock).exists(); // the new store was migrated, under the lock
    java.nio.file.Files.delete(lock);
    try (EventStore store = EventStore.sqlite(file)) {
      assertThat(store.events("gate.run", "x")).hasSize(1);
    }
    assertThat(lock).doesNotExist(); // current: no migration, not even its lock
  }

  @Test
  void theCodecWritesItsSchemaVersionAndListsAsArraysAndStillReadsCommaJoinedOnes() {
    com.fasterxml.jackson.databind.JsonNode p = EventCodec.fields(EventCodec.write(
        java.util.Map.of("tasks", java.util.List.of("A", "B"))));
    assertThat(p.path("v").asInt()).isEqualTo(EventCodec.VERSION);
    assertThat(p.path("tasks").isArray()).isTrue();
    assertThat(EventCodec.strings(p.path("tasks"))).containsExactly("A", "B");
    assertThat(EventCodec.strings(EventCodec.fields("{\"tasks\":\"A, B,\"}").path("tasks"))).containsExactly("A", "B");
    assertThat(EventCodec.strings(EventCodec.fields("{}").path("tasks"))).isEmpty();
  }

  /**
   * A review keeps the commit it reviewed through a rebuild; a review event written before reviews
   * recorded one (no {@code commit} in its row) reads as a review of no commit.
   */
  @Test
  void aReviewKeepsItsCommitAndOldReviewEventsReadAsOfNoCommit() throws Exception {
    java.time.Instant t = java.time.Instant.parse("2026-11-24T09:00:00Z");
    try (EventStore store = EventStore.sqlite(dir.resolve("junction.db"))) {
      Reviews.Request r = store.reviews().open(new EventStore.Event(t, "request.opened", "new", Optional.empty(), "{}"),
          new Reviews.Request(0, "s1", "coordination", Optional.of("A"), "component", "feat(a): A [A]", "", "a@x.org", "a",
              1, "small", Optional.empty(), "open", t, Optional.empty())).orElseThrow();
      String commit = "0123456789012345678901234567890123456789";
      store.reviews().review(new EventStore.Event(t, "review.approve", "request:" + r.number(), Optional.empty(), "{}"),
          new Reviews.Review(0, r.number(), "b@x.org", "b", "approve", t, Optional.of(commit)), List.of());
      store.rebuild();
      assertThat(store.reviews().reviews(r.number())).extracting(Reviews.Review::commit)
          .containsExactly(Optional.of(commit));
    }
    String old = "{\"v\":1,\"row\":{\"id\":1,\"request\":1,\"reviewer\":\"b@x.org\",\"session\":\"b\","
        + "\"verdict\":\"approve\",\"at\":\"2026-11-24T09:00:00Z\",\"findings\":[]}}";
    StoreEvent.ReviewGiven given = (StoreEvent.ReviewGiven) EventCodec.read("review.approve", old).orElseThrow();
    assertThat(given.commit()).isNull();
    assertThat(given.reviewer()).isEqualTo("b@x.org");
  }
}
