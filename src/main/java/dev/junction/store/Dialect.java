package dev.junction.store;

/**
 * What differs between the SQL databases the store runs on: where the migrations live, the
 * statements whose syntax is not shared, and how a unique-key violation is recognised (by SQL
 * state or the driver's result code, never by the message text). SQLite is the one dialect today;
 * PostgreSQL adds a second implementation and a {@code db/postgresql} migration folder.
 */
public interface Dialect {
  /** SQLite (3.35 or later), the default backend. */
  Dialect SQLITE = new SqliteDialect();

  /** The dialect's name, also its migration folder under {@code db/}. */
  String name();

  /** Flyway's location of this dialect's migrations. */
  default String migrations() {
    return "classpath:db/" + name();
  }

  /**
   * Appends one event; parameters in order: at, kind, subject, actor, payload. A query whose one
   * row is the new event's id.
   */
  String insertEvent();

  /**
   * Appends one event that happens once, unless an event with the same once key exists: parameters
   * at, kind, subject, actor, payload, once key. A query with the new event's id as its one row, or
   * no row when the key was taken (by this process or any other; the database decides, atomically).
   */
  String insertOnceEvent();

  /**
   * Whether {@code failure} (or one of its causes) is the database refusing a row because a unique
   * key or primary key holds it already.
   */
  boolean isUniqueViolation(Throwable failure);
}
