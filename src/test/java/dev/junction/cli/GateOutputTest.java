package dev.junction.cli;

import static dev.junction.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.testing.Plans;
import dev.junction.testing.TestRepo;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #14 item 6 through the command line: {@code gate --stage} of a stage without a gate says
 * no gate ran; a gate that failed without a report shows the last lines of its output under the
 * failure, in {@code gate} and {@code land}, text and JSON; one a report explains does not.
 */
class GateOutputTest {
  private static final String PLAN = Plans.ONE_SESSION + """
      gates:
        - name: build
          command: [sh, -c, "echo compiling; echo 'error: a.txt:1: not a program' >&2; exit 2"]
          stages: [component]
        - name: tests
          command: [sh, -c, "echo running; mkdir -p reports && printf '%s' \\"$REPORT\\" > reports/TEST-a.xml; exit 1"]
          env: {REPORT: "<testsuite name='a' tests='1' failures='1'><testcase classname='a' name='works'><failure message='no'/></testcase></testsuite>"}
          stages: [integration]
          reports: [{type: junit, path: "reports/TEST-*.xml"}]
      """;

  static TestRepo repo(Path dir) throws Exception {
    TestRepo repo = TestRepo.init(dir);
    repo.commit("main", "chore: plan\n", "junction.yaml", PLAN);
    repo.branch("coordination", "main");
    repo.branch("s1", "main");
    repo.commit("s1", "feat: a\n", "a.txt", "a\n");
    repo.git("checkout", "-q", "coordination");
    return repo;
  }

  @Test
  void aStageWithoutAGateSaysNoGateRanInTextAndJson(@TempDir Path dir) throws Exception {
    try (TestRepo repo = repo(dir)) {
      CliTest.Run text = run("gate", "--stage", "phase", "--on", "s1", "--repo", dir.toString());
      assertThat(text.code()).as(text.err()).isZero();
      assertThat(text.out()).contains("  no gate ran: the plan has no gate for stage phase")
          .doesNotContain("no gate selected");
      CliTest.Run json = run("gate", "--stage", "phase", "--on", "s1", "--repo", dir.toString(), "--json");
      assertThat(json.code()).as(json.err()).isZero();
      assertThat(json.json().get("verdicts")).isEmpty();
      assertThat(json.json().get("notes").get(0).asText()).isEqualTo("no gate ran: the plan has no gate for stage phase");
      // The legitimate case: a stage with its gate runs it and says nothing of the kind.
      CliTest.Run component = run("gate", "--stage", "component", "--on", "s1", "--repo", dir.toString(), "--json");
      assertThat(component.json().get("notes")).isEmpty();
      assertThat(component.json().get("verdicts").get(0).get("gate").asText()).isEqualTo("build");
    }
  }

  @Test
  void aFailedGateWithoutAReportShowsTheEndOfItsOutputInGateAndLand(@TempDir Path dir) throws Exception {
    try (TestRepo repo = repo(dir)) {
      CliTest.Run gate = run("gate", "build", "--on", "s1", "--repo", dir.toString());
      assertThat(gate.code()).as(gate.err()).isEqualTo(1);
      String nl = System.lineSeparator();
      assertThat(gate.out()).contains("  failed   build" + nl
          + "      - command exited with 2 (output in ")
          .contains("        output (last 2 lines):" + nl
          + "        | compiling" + nl
          + "        | error: a.txt:1: not a program" + nl);
      CliTest.Run json = run("gate", "build", "--on", "s1", "--repo", dir.toString(), "--rerun", "--json");
      assertThat(json.json().get("verdicts").get(0).get("logTail").toString())
          .isEqualTo("[\"compiling\",\"error: a.txt:1: not a program\"]");

      CliTest.Run land = run("land", "A", "--repo", dir.toString(), "--as", "one@example.org");
      assertThat(land.code()).as(land.err()).isEqualTo(1);
      assertThat(land.out()).contains("Gates failed on the candidate", "  gate failed   build",
          "        | error: a.txt:1: not a program");
      CliTest.Run landJson = run("land", "A", "--repo", dir.toString(), "--as", "one@example.org", "--json");
      assertThat(landJson.json().get("outcome").asText()).isEqualTo("gate-failed");
      assertThat(landJson.json().get("gates").get(0).get("logTail").get(1).asText())
          .isEqualTo("error: a.txt:1: not a program");
    }
  }

  @Test
  void aFailedGateAReportExplainsShowsNoOutput(@TempDir Path dir) throws Exception {
    try (TestRepo repo = repo(dir)) {
      CliTest.Run gate = run("gate", "tests", "--on", "s1", "--repo", dir.toString());
      assertThat(gate.code()).as(gate.err()).isEqualTo(1);
      assertThat(gate.out()).contains("      - 1 of 1 tests failed: a.works").doesNotContain("output (last", "| running");
      CliTest.Run json = run("gate", "tests", "--on", "s1", "--repo", dir.toString(), "--rerun", "--json");
      assertThat(json.json().get("verdicts").get(0).get("logTail")).isEmpty();
    }
  }
}
