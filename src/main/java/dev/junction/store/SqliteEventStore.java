package dev.junction.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The SQLite event store, the default backend.
 */
final class SqliteEventStore implements EventStore {
  private static final Dialect DIALECT = Dialect.SQLITE;
  private final Jdbi jdbi;
  private final String url;

  private SqliteEventStore(Jdbi jdbi, String url) {
    this.jdbi = jdbi;
    this.url = url;
  }

  /**
   * Opens (creating and migrating as needed) the SQLite store in {@code file}. WAL journal and a
   * busy timeout let several processes on one machine write to it one after the other.
   */
  static SqliteEventStore open(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setBusyTimeout(30_000);
    config.enforceForeignKeys(true);
    SQLiteDataSource source = new SQLiteDataSource(config);
    String url = "jdbc:sqlite:" + file.toAbsolutePath();
    source.setUrl(url);
    // Processes that open a new store at once must not migrate it at once: one at a time.
    Path lockFile = file.toAbsolutePath().resolveSibling(file.getFileName() + ".migrate.lock");
    try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(lockFile,
            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
        java.nio.channels.FileLock lock = channel.lock()) {
      Flyway.configure(SqliteEventStore.class.getClassLoader())
          .dataSource(source)
          .locations(DIALECT.migrations())
          .load()
          .migrate();
    }
    return new SqliteEventStore(Jdbi.create(source), url);
  }

  /** Merge requests, reviews, findings and assignments. */
  @Override
  public Reviews reviews() {
    return new Reviews(jdbi, DIALECT);
  }

  /**
   * Appends {@code event} unless an event of its kind about its subject exists already: for facts
   * that happen once, such as an escalation reaching a level. Answers whether it was appended.
   */
  @Override
  public boolean appendOnce(Event event) {
    return jdbi.inTransaction(h -> insertOnce(h, DIALECT, event, event.kind() + " " + event.subject())).isPresent();
  }

  /** Where the store lives, for messages. */
  @Override
  public String url() {
    return url;
  }

  /** Appends {@code event} and answers its id. */
  @Override
  public long append(Event event) {
    return jdbi.inTransaction(h -> insert(h, DIALECT, event));
  }

  /** Appends the event of a gate run and its read-table row in one transaction. */
  @Override
  public long recordGateRun(Event event, String commitId, String gate, String configHash, String target,
      boolean passed, String metrics, boolean onTarget) {
    return jdbi.inTransaction(h -> {
      long id = insert(h, DIALECT, event);
      h.createUpdate("INSERT INTO gate_runs (event_id, commit_id, gate, config_hash, target, passed, metrics, at, on_target) "
              + "VALUES (:event, :commit, :gate, :hash, :target, :passed, :metrics, :at, :onTarget)")
          .bind("event", id).bind("commit", commitId).bind("gate", gate).bind("hash", configHash)
          .bind("target", target).bind("passed", passed ? 1 : 0).bind("metrics", metrics)
          .bind("at", event.at().toString()).bind("onTarget", onTarget ? 1 : 0)
          .execute();
      return id;
    });
  }

  /** The latest passing run of {@code gate} on {@code commitId} under the same configuration. */
  @Override
  public Optional<GateRun> passedRun(String commitId, String gate, String configHash) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM gate_runs WHERE commit_id = :commit AND gate = :gate "
            + "AND config_hash = :hash AND passed = 1 ORDER BY id DESC LIMIT 1")
        .bind("commit", commitId).bind("gate", gate).bind("hash", configHash)
        .map((rs, ctx) -> row(rs)).findFirst());
  }

  /**
   * The latest passing run of {@code gate} on a tip of {@code target} itself (not on a branch
   * judged for it): the benchmark baseline.
   */
  @Override
  public Optional<GateRun> lastPassed(String target, String gate) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM gate_runs WHERE target = :target AND gate = :gate "
            + "AND passed = 1 AND on_target = 1 ORDER BY id DESC LIMIT 1")
        .bind("target", target).bind("gate", gate)
        .map((rs, ctx) -> row(rs)).findFirst());
  }

  /** Every gate run on a commit, oldest first. */
  @Override
  public List<GateRun> gateRuns(String commitId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM gate_runs WHERE commit_id = :commit ORDER BY id")
        .bind("commit", commitId).map((rs, ctx) -> row(rs)).list());
  }

  /** Every event of a kind, oldest first. */
  @Override
  public List<Event> events(String kind) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM events WHERE kind = :kind ORDER BY id")
        .bind("kind", kind).map((rs, ctx) -> event(rs)).list());
  }

  /** Every event about a subject, oldest first. */
  @Override
  public List<Event> about(String subject) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM events WHERE subject = :subject ORDER BY id")
        .bind("subject", subject).map((rs, ctx) -> event(rs)).list());
  }

  private static Event event(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new Event(Instant.parse(rs.getString("at")), rs.getString("kind"), rs.getString("subject"),
        Optional.ofNullable(rs.getString("actor")), rs.getString("payload"));
  }

  /** Events of a kind about a subject, oldest first. */
  @Override
  public List<Event> events(String kind, String subject) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM events WHERE kind = :kind AND subject = :subject ORDER BY id")
        .bind("kind", kind).bind("subject", subject)
        .map((rs, ctx) -> event(rs))
        .list());
  }

  static long insert(org.jdbi.v3.core.Handle h, Dialect dialect, Event event) {
    return h.createQuery(dialect.insertEvent())
        .bind(0, event.at().toString()).bind(1, event.kind()).bind(2, event.subject())
        .bind(3, event.actor().orElse(null)).bind(4, event.payload())
        .mapTo(Long.class).one();
  }

  /**
   * Appends {@code event} unless an event with {@code onceKey} exists (the events_once unique key);
   * answers the new event's id, or empty when it was there already.
   */
  static Optional<Long> insertOnce(org.jdbi.v3.core.Handle h, Dialect dialect, Event event, String onceKey) {
    return h.createQuery(dialect.insertOnceEvent())
        .bind(0, event.at().toString()).bind(1, event.kind()).bind(2, event.subject())
        .bind(3, event.actor().orElse(null)).bind(4, event.payload()).bind(5, onceKey)
        .mapTo(Long.class).findOne();
  }

  private static GateRun row(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new GateRun(rs.getLong("id"), rs.getString("commit_id"), rs.getString("gate"), rs.getString("config_hash"),
        rs.getString("target"), rs.getInt("passed") == 1, rs.getString("metrics"), Instant.parse(rs.getString("at")));
  }

  @Override
  public void close() {
    // connections are opened per call by the data source; nothing is held
  }
}
