package dev.junction.cli;

import static dev.junction.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.testing.Plans;
import dev.junction.testing.TestRepo;
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
}
