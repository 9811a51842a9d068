package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.app.Workspace;
import dev.junction.store.EventStore;
import dev.junction.testing.TestRepo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The landing commands honour {@code --db}: the store they write is the one named. */
class LandingCliTest {
  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

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

      Run landed = run("land", "A", "--into", "coordination", "--repo", dir.toString(), "--db", db.toString(), "--json");

      assertThat(landed.code()).as(landed.err()).isZero();
      JsonNode json = new ObjectMapper().readTree(landed.out());
      assertThat(json.get("outcome").asText()).isEqualTo("landed");
      assertThat(Files.exists(dir.resolve(".git").resolve(Workspace.STORE))).isFalse();
      try (EventStore store = EventStore.sqlite(db)) {
        assertThat(store.events("land.done")).singleElement()
            .satisfies(e -> assertThat(e.payload()).contains(json.get("merge").asText()));
        assertThat(store.events("gate.run")).hasSize(1);
      }
      Run doctor = run("doctor", "--repo", dir.toString(), "--db", db.toString(), "--json");
      JsonNode found = new ObjectMapper().readTree(doctor.out());
      assertThat(found.get("landings")).isEmpty(); // the landing's journal is read from the store named
      assertThat(found.get("candidates")).isEmpty();
      assertThat(Files.exists(dir.resolve(".git").resolve(Workspace.STORE))).isFalse();
    }
  }
}
