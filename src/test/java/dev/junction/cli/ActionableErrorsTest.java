package dev.junction.cli;

import static dev.junction.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.testing.Plans;
import dev.junction.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Errors a person can act on (issue 14, item 6), through the command line against real
 * repositories: one line naming the field or file, the valid values, and the way out.
 */
class ActionableErrorsTest {

  /** {@code main} holds {@code plan}; {@code coordination}, {@code s1} and {@code s2} start there. */
  static TestRepo planned(Path dir, String plan) throws Exception {
    TestRepo repo = TestRepo.init(dir);
    repo.commit("main", "chore: plan\n", "junction.yaml", plan);
    repo.branch("coordination", "main");
    repo.branch("s1", "main");
    repo.branch("s2", "main");
    repo.commit("s1", "feat: a [A]\n", "a.txt", "a\n");
    return repo;
  }

  @Test
  void aBadBranchGlobIsOneLineOfBadInputNotAStackTrace(@TempDir Path dir) throws Exception {
    try (TestRepo repo = planned(dir, Plans.TWO_SESSIONS)) {
      CliTest.Run check = run("check", "s1", "--repo", dir.toString(), "--branches", "work/[ab");
      CliTest.Run radar = run("radar", "--repo", dir.toString(), "--branches", "work/[ab");

      for (CliTest.Run r : new CliTest.Run[] {check, radar}) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("--branches: bad pattern 'work/[ab': missing ']'" + System.lineSeparator());
      }
    }
  }

  @Test
  void aGoodBranchGlobStillNamesTheBranchesItMatches(@TempDir Path dir) throws Exception {
    try (TestRepo repo = planned(dir, Plans.TWO_SESSIONS)) {
      repo.branch("work/a", "main");
      repo.commit("work/a", "feat: w\n", "w.txt", "w\n");

      CliTest.Run radar = run("radar", "--repo", dir.toString(), "--branches", "work/[ab]", "--json");

      assertThat(radar.code()).as(radar.err()).isZero();
      assertThat(radar.out()).contains("work/a");
    }
  }

  @Test
  void unknownTaskBranchAndSessionIdsSayWhatWasMeantAndWhatIsValid(@TempDir Path dir) throws Exception {
    try (TestRepo repo = planned(dir, Plans.THREE_SESSIONS)) {
      String d = dir.toString();
      String[][] cases = {
          {"land", "a", "--repo", d},
          {"SOURCE: no branch or task 'a'; did you mean A? valid: A, B, C, coordination, main, s1, s2"},
          {"check", "s1", "--task", "a", "--repo", d},
          {"--task: no task 'a' in coordination:junction.yaml; did you mean A? valid: A, B, C"},
          {"check", "s11", "--repo", d},
          {"SOURCE: no branch 's11' in this repository; did you mean s1? valid: coordination, main, s1, s2"},
          {"check", "s1", "--into", "coordinaton", "--repo", d},
          {"--into: no branch 'coordinaton' in this repository; did you mean coordination? valid: coordination, main, s1, s2"},
          {"status", "tow", "--repo", d},
          {"SESSION: no session 'tow' in coordination:junction.yaml; did you mean two? valid: lead, one, two, three"},
          {"sync", "tow", "--repo", d, "--as", "two@example.org"},
          {"SESSION: no session 'tow' with an existing branch in coordination:junction.yaml; did you mean two? valid: one, two, three"},
          {"mr", "open", "a", "--repo", d, "--as", "one@example.org"},
          {"SOURCE: no branch or task 'a'; did you mean A? valid: A, B, C, coordination, main, s1, s2"}};
      for (int i = 0; i < cases.length; i += 2) {
        CliTest.Run r = run(cases[i]);
        assertThat(r.code()).as(String.join(" ", cases[i]) + ": " + r.err()).isEqualTo(2);
        assertThat(r.err().lines().toList()).as(String.join(" ", cases[i])).containsExactly(cases[i + 1][0]);
      }
      // The names it proposes are the ones that work.
      assertThat(run("status", "two", "--repo", d).code()).isZero();
      assertThat(run("check", "s1", "--task", "A", "--repo", d).code()).isZero();
    }
  }

  @Test
  void aListOfValidNamesStopsAtTenAndSaysHowManyMore(@TempDir Path dir) throws Exception {
    try (TestRepo repo = planned(dir, Plans.THREE_SESSIONS)) {
      for (int i = 0; i < 12; i++) {
        repo.branch("topic/t" + i, "main");
      }
      CliTest.Run r = run("check", "nope", "--repo", dir.toString());

      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err()).contains("; valid: coordination, main, s1, s2, topic/t0, topic/t1, topic/t10, topic/t11,"
          + " topic/t2, topic/t3 (and 6 more)").doesNotContain("did you mean");
    }
  }

  @Test
  void aTypoInTheCoordinationBranchIsReportedAgainstThePlansLine(@TempDir Path dir) throws Exception {
    try (TestRepo repo = planned(dir, Plans.THREE_SESSIONS)) {
      Files.writeString(dir.resolve("junction.yaml"),
          Plans.THREE_SESSIONS.replace("coordination: coordination", "coordination: coordinaton"));
      String expected = "junction.yaml:2: branches.coordination: the coordination branch 'coordinaton' does not exist;"
          + " correct it or name a target with --into; did you mean coordination? valid: coordination, main, s1, s2";

      for (String[] args : new String[][] {{"plan"}, {"check", "s1"}, {"status", "one"}, {"escalations"}}) {
        String[] full = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
            java.util.stream.Stream.of("--repo", dir.toString())).toArray(String[]::new);
        CliTest.Run r = run(full);
        assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
        assertThat(r.err().lines().toList()).as(String.join(" ", args)).containsExactly(expected);
      }
      // Naming the target works around the plan's typo.
      assertThat(run("check", "s1", "--into", "coordination", "--repo", dir.toString()).code()).isZero();
    }
  }
}
