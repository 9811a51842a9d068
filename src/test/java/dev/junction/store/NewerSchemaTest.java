package dev.junction.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store a newer Junction wrote is read, never written to. */
class NewerSchemaTest {
  @TempDir Path dir;

  /** Marks the store in {@code file} as migrated to a schema version this Junction does not know. */
  static void fromTheFuture(Path file, int version) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, "
          + "checksum, installed_by, installed_on, execution_time, success) VALUES (" + (1000 + version) + ", '"
          + version + "', 'future', 'SQL', 'V" + version + "__future.sql', 0, 'test', '2026-12-01 00:00:00', 1, 1)");
    }
  }

  @Test
  void aCurrentStoreTakesWrites() throws Exception {
    try (EventStore store = EventStore.sqlite(dir.resolve("junction.db"))) {
      assertThat(store.refusesWrites()).isEmpty();
      store.append(EventStoreTest.event("x"));
      assertThat(store.events("gate.run")).hasSize(1);
    }
  }

  @Test
  void aNewerStoreIsReadButRefusesEveryWriteNamingBothVersions() throws Exception {
    Path file = dir.resolve("junction.db");
    try (EventStore store = EventStore.sqlite(file)) {
      store.append(EventStoreTest.event("before"));
    }
    fromTheFuture(file, 99);
    int current = Dialect.SQLITE.schemaVersion();

    try (EventStore store = EventStore.sqlite(file)) {
      assertThat(store.refusesWrites()).hasValueSatisfying(why -> assertThat(why)
          .contains("schema version 99", "writes version " + current, file.toString()));
      assertThat(store.events("gate.run")).hasSize(1);
      assertThatThrownBy(() -> store.append(EventStoreTest.event("after"))).isInstanceOf(StoreException.class)
          .hasMessageContaining("schema version 99");
      assertThatThrownBy(() -> store.appendOnce(EventStoreTest.event("once"))).isInstanceOf(StoreException.class);
      assertThatThrownBy(store::rebuild).isInstanceOf(StoreException.class);
      assertThat(store.events("gate.run")).hasSize(1);
    }
  }
}
