package dev.junction.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The SQLite event store, the default backend.
 */
final class SqliteEventStore implements EventStore {
  private static final Dialect DIALECT = Dialect.SQLITE;
  private final Db db;
  private final Reviews reviews;
  private final Tokens tokens;
  private final Idempotency idempotency;

  private SqliteEventStore(Db db) {
    this.db = db;
    this.reviews = new Reviews(db, DIALECT);
    this.tokens = new Tokens(db, DIALECT);
    this.idempotency = new Idempotency(db, DIALECT);
  }

  /**
   * Opens (creating and migrating as needed) the SQLite store in {@code file}. WAL journal and a
   * busy timeout let several processes on one machine write to it one after the other; write
   * transactions take the write lock when they begin, so two never deadlock upgrading a read.
   * A store at the newest schema version opens with one small query and no migration run.
   */
  static SqliteEventStore open(Path file) throws IOException {
    Path absolute = file.toAbsolutePath();
    Files.createDirectories(absolute.getParent());
    SqliteNative.prepare();
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setBusyTimeout(30_000);
    config.enforceForeignKeys(true);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    String url = "jdbc:sqlite:" + absolute;
    Connection connection;
    try {
      connection = config.createConnection(url);
    } catch (SQLException e) {
      throw new IOException("cannot open the store " + url + ": " + e.getMessage(), e);
    }
    Db db = new Db(connection, url);
    try {
      int version = Migrations.version(db, DIALECT);
      if (version < DIALECT.schemaVersion()) {
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl(url);
        Migrations.migrate(source, DIALECT, absolute.resolveSibling(absolute.getFileName() + ".migrate.lock"));
      } else if (version > DIALECT.schemaVersion()) {
        db.refuseWrites("the store " + absolute + " is at schema version " + version + ", written by a newer "
            + "Junction; this one writes version " + DIALECT.schemaVersion() + " and only reads it: upgrade Junction");
      }
    } catch (IOException | RuntimeException e) {
      db.close();
      throw e;
    }
    return new SqliteEventStore(db);
  }

  @Override
  public Optional<String> refusesWrites() {
    return db.refusal();
  }

  /** Merge requests, reviews, findings and assignments. */
  @Override
  public Reviews reviews() {
    return reviews;
  }

  @Override
  public Tokens tokens() {
    return tokens;
  }

  @Override
  public Idempotency idempotency() {
    return idempotency;
  }

  @Override
  public long append(Instant at, String subject, Optional<String> actor, StoreEvent.Fact fact) {
    return append(new Event(at, fact.kind(), subject, actor, EventCodec.write("", fact)));
  }

  @Override
  public boolean appendOnce(Instant at, String subject, Optional<String> actor, StoreEvent.Fact fact) {
    return appendOnce(new Event(at, fact.kind(), subject, actor, EventCodec.write("", fact)));
  }

  @Override
  public long recordGateRun(Instant at, String commitId, String configHash, String target, boolean onTarget,
      StoreEvent.GateVerdict verdict) {
    return db.transaction(() -> append(db, DIALECT, new Event(at, "gate.run", commitId, Optional.empty(), ""),
        new StoreEvent.GateRunRecorded(Projections.next(db, "gate_runs", "id"), commitId, verdict.gate(), configHash,
            target, verdict.passed(), EventCodec.json(verdict.metrics()),
            onTarget, at, verdict)));
  }

  @Override
  public <T extends StoreEvent> List<Stored<T>> events(Class<T> type) {
    List<String> kinds = EventCodec.kinds(type);
    return typed(type, db.list("SELECT * FROM events WHERE kind IN (" + marks(kinds.size()) + ") ORDER BY id",
        SqliteEventStore::raw, kinds.toArray()));
  }

  @Override
  public long lastId() {
    return db.first("SELECT MAX(id) FROM events", rs -> rs.getLong(1)).orElse(0L);
  }

  @Override
  public <T extends StoreEvent> List<Stored<T>> eventsAfter(Class<T> type, long after, int limit) {
    List<String> kinds = EventCodec.kinds(type);
    List<Object> params = new java.util.ArrayList<>(kinds);
    params.add(after);
    params.add(limit);
    return typed(type, db.list("SELECT * FROM events WHERE kind IN (" + marks(kinds.size()) + ") AND id > ? "
        + "ORDER BY id LIMIT ?", SqliteEventStore::raw, params.toArray()));
  }

  @Override
  public <T extends StoreEvent> List<Stored<T>> events(Class<T> type, String subject) {
    List<String> kinds = EventCodec.kinds(type);
    List<Object> params = new java.util.ArrayList<>(kinds);
    params.add(subject);
    return typed(type, db.list("SELECT * FROM events WHERE kind IN (" + marks(kinds.size()) + ") AND subject = ? "
        + "ORDER BY id", SqliteEventStore::raw, params.toArray()));
  }

  private static String marks(int n) {
    return n == 0 ? "NULL" : String.join(", ", java.util.Collections.nCopies(n, "?"));
  }

  private <T extends StoreEvent> List<Stored<T>> typed(Class<T> type, List<Raw> rows) {
    List<Stored<T>> out = new java.util.ArrayList<>();
    for (Raw r : rows) {
      Optional<StoreEvent> event;
      try {
        event = EventCodec.read(r.kind(), r.payload());
      } catch (StoreException e) {
        throw new StoreException("event " + r.id() + " of " + url() + ": " + e.getMessage(), e);
      }
      event.ifPresent(e -> out.add(new Stored<>(r.id(), r.at(), r.kind(), r.subject(), r.actor(), type.cast(e))));
    }
    return out;
  }

  private record Raw(long id, Instant at, String kind, String subject, Optional<String> actor, String payload) {}

  private static Raw raw(ResultSet rs) throws SQLException {
    return new Raw(rs.getLong("id"), Instant.parse(rs.getString("at")), rs.getString("kind"), rs.getString("subject"),
        Optional.ofNullable(rs.getString("actor")), rs.getString("payload"));
  }

  @Override
  public boolean appendOnce(Event event) {
    return db.transaction(() -> insertOnce(db, DIALECT, event, event.kind() + " " + event.subject())).isPresent();
  }

  /** Where the store lives, for messages. */
  @Override
  public String url() {
    return db.url();
  }

  /** Appends {@code event} and answers its id. */
  @Override
  public long append(Event event) {
    return db.transaction(() -> insert(db, DIALECT, event));
  }

  /** Appends the event of a gate run and its read-table row in one transaction. */
  @Override
  public long recordGateRun(Event event, String commitId, String gate, String configHash, String target,
      boolean passed, String metrics, boolean onTarget) {
    return db.transaction(() -> append(db, DIALECT, event, new StoreEvent.GateRunRecorded(
        Projections.next(db, "gate_runs", "id"), commitId, gate, configHash, target, passed, metrics, onTarget,
        event.at(), null)));
  }

  /**
   * Empties the read tables and replays every event into them, oldest first, in one transaction:
   * the tables come out as the appends left them.
   */
  @Override
  public void rebuild() {
    db.transaction(() -> {
      for (String table : Projections.TABLES) {
        db.update("DELETE FROM " + table);
      }
      for (Raw e : db.list("SELECT * FROM events ORDER BY id", SqliteEventStore::raw)) {
        if (EventCodec.projected(e.kind())) {
          EventCodec.read(e.kind(), e.payload()).ifPresent(typed -> Projections.apply(db, e.id(), typed));
        }
      }
      return null;
    });
  }

  /** The latest passing run of {@code gate} on {@code commitId} under the same configuration. */
  @Override
  public Optional<GateRun> passedRun(String commitId, String gate, String configHash) {
    return db.first("SELECT * FROM gate_runs WHERE commit_id = ? AND gate = ? AND config_hash = ? AND passed = 1 "
        + "ORDER BY id DESC LIMIT 1", SqliteEventStore::row, commitId, gate, configHash);
  }

  /**
   * The latest passing run of {@code gate} on a tip of {@code target} itself (not on a branch
   * judged for it): the benchmark baseline.
   */
  @Override
  public Optional<GateRun> lastPassed(String target, String gate) {
    return db.first("SELECT * FROM gate_runs WHERE target = ? AND gate = ? AND passed = 1 AND on_target = 1 "
        + "ORDER BY id DESC LIMIT 1", SqliteEventStore::row, target, gate);
  }

  /** Every gate run on a commit, oldest first. */
  @Override
  public List<GateRun> gateRuns(String commitId) {
    return db.list("SELECT * FROM gate_runs WHERE commit_id = ? ORDER BY id", SqliteEventStore::row, commitId);
  }

  /** How long the latest run of {@code gate} under a configuration took, read from its event's verdict. */
  @Override
  public java.util.OptionalLong lastMillis(String gate, String configPrefix) {
    Optional<String> payload = db.first("SELECT e.payload FROM gate_runs g JOIN events e ON e.id = g.event_id"
        + " WHERE g.gate = ? AND substr(g.config_hash, 1, length(?)) = ? ORDER BY g.id DESC LIMIT 1",
        rs -> rs.getString(1), gate, configPrefix, configPrefix);
    if (payload.isEmpty()) {
      return java.util.OptionalLong.empty();
    }
    // The verdict sits at the top of the payload; one written before verdicts had durations has no millis.
    com.fasterxml.jackson.databind.JsonNode millis = EventCodec.fields(payload.get()).get("millis");
    return millis != null && millis.canConvertToLong() && millis.asLong() >= 0
        ? java.util.OptionalLong.of(millis.asLong()) : java.util.OptionalLong.empty();
  }

  /** Every event of a kind, oldest first. */
  @Override
  public List<Event> events(String kind) {
    return db.list("SELECT * FROM events WHERE kind = ? ORDER BY id", SqliteEventStore::event, kind);
  }

  /** Every event about a subject, oldest first. */
  @Override
  public List<Event> about(String subject) {
    return db.list("SELECT * FROM events WHERE subject = ? ORDER BY id", SqliteEventStore::event, subject);
  }

  /** Events of a kind about a subject, oldest first. */
  @Override
  public List<Event> events(String kind, String subject) {
    return db.list("SELECT * FROM events WHERE kind = ? AND subject = ? ORDER BY id", SqliteEventStore::event,
        kind, subject);
  }

  private static Event event(ResultSet rs) throws SQLException {
    return new Event(Instant.parse(rs.getString("at")), rs.getString("kind"), rs.getString("subject"),
        Optional.ofNullable(rs.getString("actor")), rs.getString("payload"));
  }

  static long insert(Db db, Dialect dialect, Event event) {
    return db.first(dialect.insertEvent(), rs -> rs.getLong(1),
        event.at().toString(), event.kind(), event.subject(), event.actor().orElse(null), event.payload()).orElseThrow();
  }

  /**
   * Appends {@code event} with {@code typed} in its payload and writes the rows {@code typed}
   * projects, in the caller's transaction; answers the event's id.
   */
  static long append(Db db, Dialect dialect, Event event, StoreEvent typed) {
    long id = insert(db, dialect, withRow(event, typed));
    Projections.apply(db, id, typed);
    return id;
  }

  /** {@link #append(Db, Dialect, Event, StoreEvent)} unless an event with {@code onceKey} exists. */
  static Optional<Long> appendOnce(Db db, Dialect dialect, Event event, StoreEvent typed, String onceKey) {
    Optional<Long> id = insertOnce(db, dialect, withRow(event, typed), onceKey);
    id.ifPresent(i -> Projections.apply(db, i, typed));
    return id;
  }

  private static Event withRow(Event event, StoreEvent typed) {
    return new Event(event.at(), event.kind(), event.subject(), event.actor(), EventCodec.write(event.payload(), typed));
  }

  /**
   * Appends {@code event} unless an event with {@code onceKey} exists (the events_once unique key);
   * answers the new event's id, or empty when it was there already.
   */
  static Optional<Long> insertOnce(Db db, Dialect dialect, Event event, String onceKey) {
    return db.first(dialect.insertOnceEvent(), rs -> rs.getLong(1),
        event.at().toString(), event.kind(), event.subject(), event.actor().orElse(null), event.payload(), onceKey);
  }

  private static GateRun row(ResultSet rs) throws SQLException {
    return new GateRun(rs.getLong("id"), rs.getString("commit_id"), rs.getString("gate"), rs.getString("config_hash"),
        rs.getString("target"), rs.getInt("passed") == 1, rs.getString("metrics"), Instant.parse(rs.getString("at")));
  }

  @Override
  public void close() {
    db.close();
  }
}
