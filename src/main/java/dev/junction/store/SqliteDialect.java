package dev.junction.store;

import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** The SQL of SQLite. */
final class SqliteDialect implements Dialect {
  @Override
  public String name() {
    return "sqlite";
  }

  @Override
  public int schemaVersion() {
    return 7;
  }

  @Override
  public String tableExists() {
    return "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?";
  }

  @Override
  public String insertEvent() {
    return "INSERT INTO events (at, kind, subject, actor, payload) VALUES (?, ?, ?, ?, ?) RETURNING id";
  }

  @Override
  public String insertOnceEvent() {
    return "INSERT INTO events (at, kind, subject, actor, payload, once_key) VALUES (?, ?, ?, ?, ?, ?) "
        + "ON CONFLICT (once_key) DO NOTHING RETURNING id";
  }

  /**
   * SQLite reports a unique or primary-key violation as the extended result codes
   * {@code SQLITE_CONSTRAINT_UNIQUE} and {@code SQLITE_CONSTRAINT_PRIMARYKEY}; the SQL state is not
   * set by the driver.
   */
  @Override
  public boolean isUniqueViolation(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLiteException s) {
        SQLiteErrorCode code = s.getResultCode();
        return code == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE || code == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY;
      }
      if (t instanceof SQLException s && "23505".equals(s.getSQLState())) {
        return true; // the standard's unique_violation, should a driver report it
      }
    }
    return false;
  }
}
