package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.testing.TestRepo;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue #14 item 6: a landing where no gate ran for its stage says so; one whose stage has a gate does not. */
class NoGateNoteTest {
  private static final String PLAN = """
      version: 1
      branches: {main: main, coordination: coordination}
      sessions: [{id: one, branch: s1}, {id: two, branch: s2}]
      phases:
        - id: p
          tasks:
            - {id: A, title: first, owner: one, deliverables: [a.txt]}
            - {id: B, title: second, owner: two, deliverables: [b.txt]}
      gates:
        - {name: check, command: "true", stages: [integration]}
      """;

  @Test
  void aComponentLandingWithoutAComponentGateSaysNoGateRan(@TempDir Path dir) throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.commit("main", "chore: plan\n", "junction.yaml", PLAN);
      repo.branch("coordination", "main");
      repo.branch("s1", "main");
      repo.branch("s2", "main");
      repo.commit("s1", "feat: a\n", "a.txt", "a\n");
      repo.commit("s2", "feat: b\n", "b.txt", "b\n");
      repo.git("checkout", "-q", "coordination");
      CliTest.Run dry = CliTest.run("land", "A", "--repo", dir.toString(), "--dry-run", "--json");
      assertThat(dry.code()).as(dry.err()).isZero();
      assertThat(dry.json().get("notes").get(0).asText()).isEqualTo("no gate ran: the plan has no gate for stage component");
      CliTest.Run landed = CliTest.run("land", "A", "--repo", dir.toString(), "--as", "one@example.org");
      assertThat(landed.code()).as(landed.err()).isZero();
      assertThat(landed.out()).contains("no gate ran: the plan has no gate for stage component");
      // The legitimate case: an integration landing runs the plan's integration gate, and says nothing of the kind.
      CliTest.Run batch = CliTest.run("land", "--stage", "integration", "s2", "--repo", dir.toString(),
          "--as", "two@example.org", "--json");
      assertThat(batch.code()).as(batch.out() + batch.err()).isZero();
      assertThat(batch.json().get("notes")).isEmpty();
      assertThat(batch.json().get("gates").get(0).get("gate").asText()).isEqualTo("check");
    }
  }
}
