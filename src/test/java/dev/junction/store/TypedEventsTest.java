package dev.junction.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.store.EventStore.Stored;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One record per event kind: appended typed, read back typed, and earlier versions' payloads read too. */
class TypedEventsTest {
  static final Instant T = Instant.parse("2026-11-24T06:00:00Z");
  static final Optional<String> ACTOR = Optional.of("a@x.org");
  @TempDir Path dir;

  /** One of every fact, as this version writes it. */
  static final List<StoreEvent.Fact> FACTS = List.of(
      new StoreEvent.LandStarted(List.of("s1", "s2"), "coordination", "abc", "component", List.of("A", "B"), 335),
      new StoreEvent.LandCandidate("c2", "refs/junction/candidates/x", "abc", List.of("c1", "c2")),
      new StoreEvent.LandGated(true),
      new StoreEvent.LandMoving("abc", "c2"),
      new StoreEvent.LandRetry("LOST_RACE"),
      new StoreEvent.LandMoved("c2"),
      new StoreEvent.LandDone("c2", true),
      new StoreEvent.LandRolledBack("c2", false),
      new StoreEvent.LandAborted("gates failed"),
      new StoreEvent.RolledBack("coordination", "m2", List.of("m1", "m2"), "r", "red", "/tmp/doc.md", List.of("A", "B")),
      new StoreEvent.RollbackMoving("coordination", "abc", "r", "m2", List.of("m1", "m2"), "red",
          List.of(new StoreEvent.GateVerdict("post", "failed", List.of("1 test failed"), List.of(), Map.of(), "p.log",
              false, 40)), 335),
      new StoreEvent.RollbackRetry("LOST_RACE"),
      new StoreEvent.RollbackMoved("r"),
      new StoreEvent.RollbackAborted("the target moved 8 times"),
      new StoreEvent.OverrideGranted("down", T.plusSeconds(1800), T.plusSeconds(3600), "/tmp/record.md"),
      new StoreEvent.OverrideClosed(),
      new StoreEvent.OverrideReviewed(T, "fine", 7L),
      new StoreEvent.OverridePushed("refs/heads/main", "o", "n", "p@x.org"),
      new StoreEvent.EscalationReached("ping", "request #1", T, List.of("b@x.org", "c@x.org"), "ping them"),
      new StoreEvent.ConflictSeen("s1", "coordination", List.of(new StoreEvent.ConflictPath("a.py", "ownership",
          List.of("session-2")))),
      new StoreEvent.ConflictCleared("s1", "coordination", T, 40));

  @Test
  void everyFactComesBackAsTheRecordThatWasAppended() throws Exception {
    try (EventStore store = EventStore.sqlite(dir.resolve("junction.db"))) {
      for (StoreEvent.Fact f : FACTS) {
        store.append(T, "x", ACTOR, f);
      }
      assertThat(store.events(StoreEvent.class, "x")).extracting(Stored::event).containsExactlyElementsOf(FACTS);
      assertThat(store.events(StoreEvent.class, "x")).allSatisfy(s -> {
        assertThat(s.kind()).isEqualTo(s.event().kind());
        assertThat(s.actor()).isEqualTo(ACTOR);
        assertThat(s.at()).isEqualTo(T);
      });
      assertThat(store.events(StoreEvent.LandStep.class, "x")).hasSize(9);
      assertThat(store.events(StoreEvent.OverrideEvent.class)).hasSize(4);
      assertThat(store.events(StoreEvent.ConflictEvent.class, "y")).isEmpty();
      assertThat(store.events(StoreEvent.RolledBack.class)).singleElement()
          .satisfies(s -> assertThat(s.event().tasks()).containsExactly("A", "B"));
      assertThat(store.events(StoreEvent.RollbackStep.class, "x")).hasSize(4);
    }
  }

  @Test
  void aFactsPayloadHoldsItsFieldsAtTheTopUnderTheNamesEarlierVersionsWrote() throws Exception {
    try (EventStore store = EventStore.sqlite(dir.resolve("junction.db"))) {
      store.append(T, "main", ACTOR, new StoreEvent.OverridePushed("refs/heads/main", "o", "n", "p@x.org"));
      store.append(T, "l", ACTOR, new StoreEvent.LandDone("m", false));
      store.append(T, "m", ACTOR, new StoreEvent.RolledBack("coordination", "m", List.of(), "r", "red", "d", List.of("A")));
      JsonNode push = EventCodec.fields(store.events("override.push").get(0).payload());
      assertThat(push.path("old").asText()).isEqualTo("o");
      assertThat(push.path("new").asText()).isEqualTo("n");
      assertThat(push.path("v").asInt()).isEqualTo(EventCodec.VERSION);
      assertThat(push.has("row")).isFalse();
      // Fields earlier versions left out when they did not apply are still left out.
      assertThat(EventCodec.fields(store.events("land.done").get(0).payload()).has("resumed")).isFalse();
      JsonNode rollback = EventCodec.fields(store.events("rollback").get(0).payload());
      assertThat(rollback.has("merges")).isFalse();
      assertThat(rollback.path("tasks").isArray()).isTrue();
    }
  }

  @Test
  void payloadsOfThePreviousVersionAreReadAsRecords() throws Exception {
    Path file = dir.resolve("junction.db");
    try (EventStore store = EventStore.sqlite(file)) {
      // As earlier versions wrote them: no "v", lists comma-joined, numbers and booleans as strings.
      raw(store, "land.started", "l1", "{\"pid\":\"335\",\"source\":\"s1,s2\",\"stage\":\"component\","
          + "\"target\":\"coordination\",\"targetTip\":\"abc\",\"tasks\":\"A, B\"}");
      raw(store, "land.candidate", "l1", "{\"candidate\":\"c2\",\"merges\":\"c1,c2\",\"ref\":\"refs/junction/candidates/l1\"}");
      raw(store, "land.gated", "l1", "{\"passed\":\"true\"}");
      raw(store, "land.done", "l1", "{\"merge\":\"c2\",\"resumed\":\"true\"}");
      raw(store, "rollback", "m2", "{\"target\":\"coordination\",\"merge\":\"m2\",\"merges\":\"m1,m2\",\"revert\":\"r\","
          + "\"reason\":\"red\",\"rootCause\":\"d.md\",\"tasks\":\"A,B\"}");
      raw(store, "rollback", "m3", "{\"reason\":\"by hand\"}");
      raw(store, "override.granted", "main", "{\"reason\":\"down\",\"until\":\"2026-11-24T06:30:00Z\","
          + "\"reviewDue\":\"2026-11-24T07:00:00Z\",\"record\":\"r.md\"}");
      raw(store, "override.closed", "main", "{}");
      raw(store, "override.reviewed", "main", "{\"grantedAt\":\"2026-11-24T06:00:00Z\",\"notes\":\"fine\"}");
      raw(store, "override.push", "main", "{\"ref\":\"refs/heads/main\",\"old\":\"o\",\"new\":\"n\",\"pusher\":\"p@x.org\"}");
      raw(store, "escalation", "request:1:ping", "{\"level\":\"ping\",\"about\":\"request #1\","
          + "\"since\":\"2026-11-24T05:00:00Z\",\"who\":\"b@x.org,c@x.org\",\"action\":\"ping\"}");
      raw(store, "conflict.seen", "s1 -> coordination", "{\"source\":\"s1\",\"target\":\"coordination\",\"paths\":"
          + "[{\"path\":\"a.py\",\"kind\":\"ownership\",\"parties\":\"session-2,session-3\"}]}");
      raw(store, "conflict.cleared", "s1 -> coordination", "{\"source\":\"s1\",\"target\":\"coordination\","
          + "\"since\":\"2026-11-24T05:00:00Z\",\"minutes\":\"60\"}");
      raw(store, "gate.run", "c1", "{\"gate\":\"unit\",\"status\":\"passed\",\"reasons\":[],\"notes\":[],"
          + "\"metrics\":{\"x\":1.5},\"log\":\"l.log\",\"reused\":false,\"millis\":12,\"v\":1,\"row\":{\"id\":1,"
          + "\"commitId\":\"c1\",\"gate\":\"unit\",\"configHash\":\"h\",\"target\":\"coordination\",\"passed\":true,"
          + "\"metrics\":\"{\\\"x\\\":1.5}\",\"onTarget\":false,\"at\":\"2026-11-24T06:00:00Z\"}}");
      raw(store, "request.opened", "s1 -> coordination", "{\"source\":\"s1\"}"); // before rows: no row, not typed
      raw(store, "land.unknown", "l1", "{}"); // a kind no record types
    }
    try (EventStore store = EventStore.sqlite(file)) {
      assertThat(store.events(StoreEvent.LandStep.class, "l1")).extracting(Stored::event).containsExactly(
          new StoreEvent.LandStarted(List.of("s1", "s2"), "coordination", "abc", "component", List.of("A", "B"), 335),
          new StoreEvent.LandCandidate("c2", "refs/junction/candidates/l1", null, List.of("c1", "c2")),
          new StoreEvent.LandGated(true),
          new StoreEvent.LandDone("c2", true));
      assertThat(store.events(StoreEvent.RolledBack.class)).extracting(Stored::event).containsExactly(
          new StoreEvent.RolledBack("coordination", "m2", List.of("m1", "m2"), "r", "red", "d.md", List.of("A", "B")),
          new StoreEvent.RolledBack(null, null, List.of(), null, "by hand", null, List.of()));
      assertThat(store.events(StoreEvent.OverrideEvent.class, "main")).extracting(Stored::event).containsExactly(
          new StoreEvent.OverrideGranted("down", Instant.parse("2026-11-24T06:30:00Z"),
              Instant.parse("2026-11-24T07:00:00Z"), "r.md"),
          new StoreEvent.OverrideClosed(),
          new StoreEvent.OverrideReviewed(T, "fine", null),
          new StoreEvent.OverridePushed("refs/heads/main", "o", "n", "p@x.org"));
      assertThat(store.events(StoreEvent.EscalationReached.class)).extracting(Stored::event).containsExactly(
          new StoreEvent.EscalationReached("ping", "request #1", Instant.parse("2026-11-24T05:00:00Z"),
              List.of("b@x.org", "c@x.org"), "ping"));
      assertThat(store.events(StoreEvent.ConflictEvent.class, "s1 -> coordination")).extracting(Stored::event)
          .containsExactly(
              new StoreEvent.ConflictSeen("s1", "coordination", List.of(new StoreEvent.ConflictPath("a.py", "ownership",
                  List.of("session-2", "session-3")))),
              new StoreEvent.ConflictCleared("s1", "coordination", Instant.parse("2026-11-24T05:00:00Z"), 60));
      assertThat(store.events(StoreEvent.GateRunRecorded.class)).singleElement().satisfies(s -> {
        assertThat(s.event().passed()).isTrue();
        assertThat(s.event().metrics()).isEqualTo("{\"x\":1.5}");
        assertThat(s.event().verdict()).isEqualTo(new StoreEvent.GateVerdict("unit", "passed", List.of(), List.of(),
            Map.of("x", 1.5), "l.log", false, 12));
      });
      assertThat(store.events(StoreEvent.RequestOpened.class)).isEmpty();
      assertThat(store.events(StoreEvent.class, "l1")).hasSize(4); // land.unknown is not typed, so not there
    }
  }

  @Test
  void aGateRunIsRecordedWithItsVerdictAndItsRow() throws Exception {
    try (EventStore store = EventStore.sqlite(dir.resolve("junction.db"))) {
      StoreEvent.GateVerdict failed = new StoreEvent.GateVerdict("bench", "failed", List.of("slower"), List.of("n"),
          Map.of("b", 2.0, "a", 1.0), "", false, 7);
      store.recordGateRun(T, "c1", "h", "coordination", true, failed);
      assertThat(store.gateRuns("c1")).singleElement().satisfies(r -> {
        assertThat(r.passed()).isFalse();
        assertThat(r.gate()).isEqualTo("bench");
        assertThat(r.metrics()).isEqualTo("{\"a\":1.0,\"b\":2.0}");
        assertThat(r.at()).isEqualTo(T);
      });
      assertThat(store.lastPassed("coordination", "bench")).isEmpty();
      assertThat(store.events(StoreEvent.GateRunRecorded.class, "c1")).singleElement()
          .satisfies(s -> assertThat(s.event().verdict()).isEqualTo(failed));
      // The verdict is the payload, as junction gate --json lists it; the row is beside it.
      JsonNode p = EventCodec.fields(store.events("gate.run").get(0).payload());
      assertThat(p.path("status").asText()).isEqualTo("failed");
      assertThat(p.path("reasons").get(0).asText()).isEqualTo("slower");
      assertThat(p.path("row").path("configHash").asText()).isEqualTo("h");
      assertThat(p.path("row").has("verdict")).isFalse();
      store.rebuild();
      assertThat(store.gateRuns("c1")).hasSize(1);
    }
  }

  @Test
  void theReadTablesEventsAreTypedReadsToo() throws Exception {
    try (EventStore store = EventStore.sqlite(dir.resolve("junction.db"))) {
      Reviews.Request r = store.reviews().open(new EventStore.Event(T, "request.opened", "s1 -> coordination", ACTOR,
          "{}"), new Reviews.Request(0, "s1", "coordination", Optional.empty(), "component", "feat: t", "", "a@x.org",
          "session-1", 1, "small", Optional.empty(), "open", T, Optional.empty())).orElseThrow();
      store.reviews().end(new EventStore.Event(T, "request.landed", "request:" + r.number(), ACTOR, "{}"), r.number(),
          "landed");
      assertThat(store.events(StoreEvent.RequestOpened.class)).singleElement()
          .satisfies(s -> assertThat(s.event().number()).isEqualTo(r.number()));
      assertThat(store.events(StoreEvent.RequestEnded.class, "request:" + r.number())).singleElement()
          .satisfies(s -> assertThat(s.event().state()).isEqualTo("landed"));
    }
  }

  @Test
  void aTypedOnceEventIsRecordedOncePerKindAndSubject() throws Exception {
    try (EventStore store = EventStore.sqlite(dir.resolve("junction.db"))) {
      StoreEvent.EscalationReached e = new StoreEvent.EscalationReached("ping", "request #1", T, List.of(), "ping");
      assertThat(store.appendOnce(T, "request:1:ping", Optional.empty(), e)).isTrue();
      assertThat(store.appendOnce(T.plusSeconds(60), "request:1:ping", Optional.empty(), e)).isFalse();
      assertThat(store.appendOnce(T, "request:2:ping", Optional.empty(), e)).isTrue();
      assertThat(store.events(StoreEvent.EscalationReached.class)).extracting(Stored::subject)
          .containsExactly("request:1:ping", "request:2:ping");
    }
  }

  @Test
  void aPayloadThatIsNotItsKindsRecordIsAnErrorNamingTheEvent() throws Exception {
    try (EventStore store = EventStore.sqlite(dir.resolve("junction.db"))) {
      long id = raw(store, "land.started", "l1", "{\"pid\":\"not a number\"}");
      assertThatThrownBy(() -> store.events(StoreEvent.LandStarted.class))
          .isInstanceOf(StoreException.class).hasMessageContaining("event " + id).hasMessageContaining("land.started");
      assertThat(store.events("land.started")).hasSize(1); // as stored, still there
    }
  }

  private static long raw(EventStore store, String kind, String subject, String payload) {
    return store.append(new EventStore.Event(T, kind, subject, ACTOR, payload));
  }
}
