package dev.junction.cli;

import static dev.junction.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.testing.Plans;
import dev.junction.testing.TestRepo;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A command that would write to a store a newer Junction wrote: exit 2, both versions named, nothing written. */
class NewerStoreCliTest {
  @Test
  void writingCommandsAreRefusedAndReadingOnesStillAnswer(@TempDir Path dir) throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.commit("main", "chore: plan\n", "junction.yaml", Plans.REVIEWS);
      repo.branch("coordination", "main");
      repo.branch("sa", "main");
      repo.commit("sa", "feat: store\n", "src/store.py", "x = 1\n");
      String r = dir.toString();
      assertThat(run("mr", "open", "T1", "--repo", r, "--as", "a@x.org").code()).isZero();
      Path db = dir.resolve(".git/junction/junction.db");
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
        s.executeUpdate("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, "
            + "checksum, installed_by, installed_on, execution_time, success) VALUES (1099, '99', 'future', 'SQL', "
            + "'V99__future.sql', 0, 'test', '2026-12-01 00:00:00', 1, 1)");
      }
      long before = events(db);

      CliTest.Run review = run("review", "1", "--approve", "--repo", r, "--as", "b@x.org");
      CliTest.Run close = run("mr", "close", "1", "--repo", r, "--as", "a@x.org", "--json");

      assertThat(review.code()).isEqualTo(2);
      assertThat(review.err()).contains("--db: the store ", "schema version 99", "upgrade Junction");
      assertThat(close.code()).isEqualTo(2);
      assertThat(close.out()).contains("schema version 99");
      assertThat(events(db)).isEqualTo(before);
      CliTest.Run list = run("mr", "list", "--repo", r);
      assertThat(list.code()).as(list.err()).isZero();
      assertThat(list.out()).contains("#1    open");
    }
  }

  private static long events(Path db) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM events")) {
      return rs.getLong(1);
    }
  }
}
