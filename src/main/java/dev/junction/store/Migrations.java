package dev.junction.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Brings a store's schema to its dialect's newest version with Flyway. Only a store that is behind
 * gets here (a new one, or one written by an earlier Junction): opening a current store loads no
 * Flyway class at all.
 */
final class Migrations {
  private Migrations() {}

  /** The version a store's history says it is at: 0 for a new store. */
  static int version(Db db, Dialect dialect) {
    if (db.first(dialect.tableExists(), rs -> 1, "flyway_schema_history").isEmpty()) {
      return 0;
    }
    return db.list("SELECT version FROM flyway_schema_history WHERE success = 1 AND version IS NOT NULL",
            rs -> rs.getString(1)).stream()
        .mapToInt(v -> Integer.parseInt(v.contains(".") ? v.substring(0, v.indexOf('.')) : v))
        .max().orElse(0);
  }

  /**
   * Migrates the store behind {@code source}, holding {@code lockFile} so that processes opening a
   * new store at once migrate it one after the other. Threads of one process take turns first: a
   * second file lock taken by the same process is refused at once (OverlappingFileLockException)
   * instead of waiting, as two requests to the server opening a new store would.
   */
  static synchronized void migrate(DataSource source, Dialect dialect, Path lockFile) throws IOException {
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.lock()) {
      Flyway.configure(Migrations.class.getClassLoader())
          .dataSource(source)
          .locations(dialect.migrations())
          .load()
          .migrate();
    }
  }
}
