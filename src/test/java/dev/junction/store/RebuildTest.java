package dev.junction.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The read tables are projections of the events: rebuilding them from the events changes nothing. */
@Tag("process")
class RebuildTest {
  @TempDir Path dir;

  @Test
  void rebuildingTheDemosStoreReproducesEveryReadTable() throws Exception {
    Path repo = dir.resolve("demo");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertThat(Main.run(new String[] {"demo", repo.toString(), "--json"}, new PrintWriter(out), new PrintWriter(err)))
        .as(err.toString()).isZero();
    Path file = repo.resolve(".git/junction/junction.db");
    Map<String, List<List<Object>>> before = snapshot(file);
    assertThat(before.get("requests")).isNotEmpty();
    assertThat(before.get("reviews")).isNotEmpty();
    assertThat(before.get("assignments")).isNotEmpty();
    assertThat(before.get("gate_runs")).isNotEmpty();

    try (EventStore store = EventStore.sqlite(file)) {
      store.rebuild();
    }

    assertThat(snapshot(file)).isEqualTo(before);
  }

  @Test
  void rebuildReplaysFindingsMovesAndEndings() throws Exception {
    Path file = dir.resolve("junction.db");
    java.time.Instant t = java.time.Instant.parse("2026-11-24T06:00:00Z");
    try (EventStore store = EventStore.sqlite(file)) {
      Reviews reviews = store.reviews();
      Reviews.Request r = reviews.open(new EventStore.Event(t, "request.opened", "new", java.util.Optional.of("a@x.org"),
          "{}"), new Reviews.Request(0, "s1", "coordination", java.util.Optional.of("T1"), "component", "feat: t",
          "body", "a@x.org", "session-1", 10, "small", java.util.Optional.empty(), "open", t,
          java.util.Optional.empty())).orElseThrow();
      reviews.assign(event(t, "request.assigned", r), r.number(), "b@x.org", "opened");
      reviews.review(event(t, "review.request-changes", r), new Reviews.Review(0, r.number(), "b@x.org", "session-2",
          "request-changes", t), List.of(
              new Reviews.Finding(0, 0, 0, "important", java.util.Optional.of("a.py"), java.util.Optional.of(3), "fix",
                  "", "open", java.util.Optional.empty(), java.util.Optional.empty()),
              new Reviews.Finding(0, 0, 0, "question", java.util.Optional.empty(), java.util.Optional.empty(), "why",
                  "", "open", java.util.Optional.empty(), java.util.Optional.empty())));
      long first = reviews.findings(r.number()).get(0).id();
      assertThat(reviews.moveFinding(event(t.plusSeconds(1), "finding.resolved", r), r.number(), first, "open",
          "resolved")).isTrue();
      assertThat(reviews.moveFinding(event(t.plusSeconds(2), "finding.accepted", r), r.number(), first, "resolved",
          "accepted")).isTrue();
      assertThat(reviews.end(event(t.plusSeconds(3), "request.closed", r), r.number(), "closed")).isTrue();
      assertThat(reviews.end(event(t.plusSeconds(4), "request.closed", r), r.number(), "closed")).isFalse();
      store.recordGateRun(new EventStore.Event(t, "gate.run", "c1", java.util.Optional.empty(), "{\"passed\":true}"),
          "c1", "unit", "h", "coordination", true, "{\"x\":1.0}", true);
    }
    Map<String, List<List<Object>>> before = snapshot(file);
    assertThat(before.get("findings")).hasSize(2);
    try (EventStore store = EventStore.sqlite(file)) {
      store.rebuild();
      assertThat(store.reviews().findings(1)).extracting(Reviews.Finding::state).containsExactly("accepted", "open");
    }
    assertThat(snapshot(file)).isEqualTo(before);
  }

  @Test
  void aStoreWrittenBeforeTypedPayloadsIsMigratedAndRebuildsIdentically() throws Exception {
    Path file = dir.resolve("junction.db");
    org.sqlite.SQLiteDataSource source = new org.sqlite.SQLiteDataSource();
    source.setUrl("jdbc:sqlite:" + file);
    org.flywaydb.core.Flyway.configure().dataSource(source).locations("classpath:db/sqlite").target("4").load().migrate();
    try (Connection c = source.getConnection(); Statement s = c.createStatement()) {
      // rows as the version before typed payloads wrote them: thin payloads, the data in the tables
      s.execute("INSERT INTO events (id, at, kind, subject, actor, payload) VALUES "
          + "(1, '2026-11-24T06:00:00Z', 'request.opened', 'new', 'a@x.org', '{\"source\":\"s1\"}'), "
          + "(2, '2026-11-24T06:00:01Z', 'request.assigned', 'request:1', 'a@x.org', '{\"reviewer\":\"b@x.org\"}'), "
          + "(3, '2026-11-24T06:00:02Z', 'review.request-changes', 'request:1', 'b@x.org', '{\"findings\":\"1\"}'), "
          + "(4, '2026-11-24T06:00:03Z', 'finding.resolved', 'request:1', 'a@x.org', '{\"finding\":\"1\"}'), "
          + "(5, '2026-11-24T06:00:04Z', 'gate.run', 'c1', NULL, '{\"name\":\"unit\"}'), "
          + "(6, '2026-11-24T06:00:05Z', 'request.landed', 'request:1', 'a@x.org', '{\"merge\":\"m1\"}'), "
          + "(7, '2026-11-24T06:00:06Z', 'rollback', 'm1', 'a@x.org', '{\"reason\":\"red\"}')");
      s.execute("INSERT INTO requests VALUES (1, 1, 's1', 'coordination', NULL, 'component', 'feat: t', 'body', "
          + "'a@x.org', 'session-1', 10, 'small', NULL, 'landed', '2026-11-24T06:00:00Z', '2026-11-24T06:00:05Z')");
      s.execute("INSERT INTO assignments VALUES (1, 2, 1, 'b@x.org', 'opened', '2026-11-24T06:00:01Z')");
      s.execute("INSERT INTO reviews VALUES (1, 3, 1, 'b@x.org', 'session-2', 'request-changes', '2026-11-24T06:00:02Z')");
      s.execute("INSERT INTO findings VALUES (1, 3, 1, 1, 'important', 'a.py', 3, 'fix', 'b@x.org', 'resolved', "
          + "'2026-11-24T06:00:03Z', NULL)");
      s.execute("INSERT INTO gate_runs VALUES (1, 5, 'c1', 'unit', 'h', 'coordination', 1, '{}', '2026-11-24T06:00:04Z', 1)");
    }
    Map<String, List<List<Object>>> before = snapshot(file);
    try (EventStore store = EventStore.sqlite(file)) {
      assertThat(store.events("request.landed").get(0).payload()).contains("\"merge\":\"m1\"");
      assertThat(store.events("rollback").get(0).payload()).isEqualTo("{\"reason\":\"red\"}");
      store.rebuild();
    }
    // V6 added the reviewed commit; a review from before it has none, before and after the rebuild.
    Map<String, List<List<Object>>> after = snapshot(file);
    assertThat(after.get("reviews")).allSatisfy(row -> assertThat(row).contains("commit_id=null"));
    after.get("reviews").forEach(row -> row.remove("commit_id=null"));
    assertThat(after).isEqualTo(before);
  }

  private static EventStore.Event event(java.time.Instant at, String kind, Reviews.Request r) {
    return new EventStore.Event(at, kind, "request:" + r.number(), java.util.Optional.of("b@x.org"), "{}");
  }

  /** Every read table's rows, in id order, every column. */
  static Map<String, List<List<Object>>> snapshot(Path file) throws Exception {
    Map<String, List<List<Object>>> tables = new LinkedHashMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
      for (String table : List.of("requests", "reviews", "findings", "assignments", "gate_runs")) {
        List<List<Object>> rows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT * FROM " + table + " ORDER BY 1")) {
          ResultSetMetaData meta = rs.getMetaData();
          while (rs.next()) {
            List<Object> row = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
              row.add(meta.getColumnName(i) + "=" + rs.getObject(i));
            }
            rows.add(row);
          }
        }
        tables.put(table, rows);
      }
    }
    return tables;
  }
}
