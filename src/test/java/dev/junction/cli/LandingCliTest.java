package dev.junction.cli;

import static dev.junction.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.app.Workspace;
import dev.junction.store.EventStore;
import dev.junction.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The landing commands honour {@code --db}: the store they write is the one named. */
class LandingCliTest {
  @Test
  void landWritesTheStoreThatDbNames(@TempDir Path dir, @TempDir Path elsewhere) throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.commit("main", "chore: plan\n", "junction.yaml", """
          version: 1
          branches: {main: main, coordination: coordination}
          sessions: [{id: one, branch: s1}]
          phases: [{id: p, tasks: [{id: A, title: first, owner: one, deliverables: [a.txt]}]}]
          gates:
            - {name: check, command: "test -f a.txt", stages: [component]}
          """);
      repo.branch("coordination", "main");
      repo.branch("s1", "main");
      repo.commit("s1", "feat: a\n", "a.txt", "a\n");
      Path db = elsewhere.resolve("events.db");

      CliTest.Run landed = run("land", "A", "--into", "coordination", "--repo", dir.toString(), "--db", db.toString(), "--json");

      assertThat(landed.code()).as(landed.err()).isZero();
      JsonNode json = landed.json();
      assertThat(json.get("outcome").asText()).isEqualTo("landed");
      assertThat(Files.exists(dir.resolve(".git").resolve(Workspace.STORE))).isFalse();
      try (EventStore store = EventStore.sqlite(db)) {
        assertThat(store.events("land.done")).singleElement()
            .satisfies(e -> assertThat(e.payload()).contains(json.get("merge").asText()));
        assertThat(store.events("gate.run")).hasSize(1);
      }
      CliTest.Run doctor = run("doctor", "--repo", dir.toString(), "--db", db.toString(), "--json");
      JsonNode found = doctor.json();
      assertThat(found.get("landings")).isEmpty(); // the landing's journal is read from the store named
      assertThat(found.get("candidates")).isEmpty();
      assertThat(Files.exists(dir.resolve(".git").resolve(Workspace.STORE))).isFalse();
    }
  }
}
