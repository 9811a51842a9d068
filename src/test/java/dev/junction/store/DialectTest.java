package dev.junction.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DialectTest {
  @TempDir Path dir;

  @Test
  void sqliteRecognisesUniqueAndPrimaryKeyViolationsByResultCodeOnly() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"));
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT NOT NULL UNIQUE)");
      s.execute("INSERT INTO t VALUES (1, 'a')");
      Throwable unique = catchThrowable(() -> s.execute("INSERT INTO t VALUES (2, 'a')"));
      Throwable primary = catchThrowable(() -> s.execute("INSERT INTO t VALUES (1, 'b')"));
      Throwable notNull = catchThrowable(() -> s.execute("INSERT INTO t VALUES (3, NULL)"));
      Throwable syntax = catchThrowable(() -> s.execute("INSERT INTO nowhere VALUES ('UNIQUE constraint failed')"));

      assertThat(Dialect.SQLITE.isUniqueViolation(unique)).isTrue();
      assertThat(Dialect.SQLITE.isUniqueViolation(new IllegalStateException("wrapped", primary))).isTrue();
      assertThat(Dialect.SQLITE.isUniqueViolation(notNull)).isFalse();
      assertThat(Dialect.SQLITE.isUniqueViolation(syntax)).isFalse();
      assertThat(Dialect.SQLITE.isUniqueViolation(new RuntimeException("UNIQUE constraint failed: t.k"))).isFalse();
    }
  }
}
