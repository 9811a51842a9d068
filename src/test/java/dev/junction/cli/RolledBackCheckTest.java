package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.testing.Plans;
import dev.junction.testing.TestRepo;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #14, items 1 and 4: {@code check} of a branch whose task was rolled back says so and
 * checks it the way {@code junction land TASK} lands it again (on the target with the revert
 * taken out), agreeing with {@code land}: refused with nothing fixed since, clean once fixed.
 *
 * <pre>
 * coordination  o---M---R   (R: Junction's revert of M, post-merge validation failed)
 *                \ /
 * s1 (one: A)     a(racy, a_test)---f(atomic)
 * </pre>
 */
class RolledBackCheckTest {
  static final String PLAN = Plans.TWO_SESSIONS + """
      gates:
        - name: post
          command: "! grep -q racy a.txt"
          post_merge: true
      """;

  @TempDir Path dir;
  TestRepo repo;
  String revert;

  @BeforeEach
  void landAndRollBack() throws Exception {
    repo = TestRepo.init(dir);
    repo.commit("main", "chore: plan\n", "junction.yaml", PLAN, "other.txt", "one\n");
    repo.branch("coordination", "main");
    repo.branch("s1", "main");
    repo.branch("s2", "main");
    repo.commit("s1", "feat: a\n", "a.txt", "claim: racy\n", "a_test.txt", "test a\n");
    repo.git("checkout", "-q", "coordination");
    CliTest.Run landed = land();
    assertThat(landed.out()).contains("post-merge validation failed, reverted by");
    revert = repo.repo().resolve("refs/heads/coordination").name();
  }

  @AfterEach
  void tearDown() {
    repo.close();
  }

  CliTest.Run land() {
    return CliTest.run("land", "A", "--repo", dir.toString(), "--as", "one@example.org");
  }

  CliTest.Run check(String... more) {
    String[] args = new String[3 + more.length];
    args[0] = "check";
    args[1] = "s1";
    args[2] = "--repo=" + dir;
    System.arraycopy(more, 0, args, 3, more.length);
    return CliTest.run(args);
  }

  @Test
  void withNothingFixedCheckSaysRolledBackAndRefusedAsLandDoes() throws Exception {
    CliTest.Run text = check();
    assertThat(text.code()).as(text.out() + text.err()).isEqualTo(1);
    assertThat(text.out()).doesNotContain("Verdict: clean")
        .contains("Rolled back: A (merge ", "reverted by " + revert.substring(0, 10), "post-merge validation failed")
        .contains("Verdict: refused (land refuses it): A was rolled back (nothing fixed since rollback "
            + revert.substring(0, 10))
        .contains("commit the fix on s1, then `junction land A`");
    CliTest.Run json = check("--json");
    assertThat(json.code()).isEqualTo(1);
    JsonNode r = json.json();
    assertThat(r.get("verdict").asText()).isEqualTo("refused");
    assertThat(r.get("rolledBack").get("task").asText()).isEqualTo("A");
    assertThat(r.get("rolledBack").get("revert").asText()).isEqualTo(revert);
    assertThat(r.get("rolledBack").get("reason").asText()).startsWith("post-merge validation failed");
    assertThat(r.get("refused").asText()).contains("nothing fixed since rollback");
    // check and land agree: landing it again is refused too, exit 1, and the target does not move.
    CliTest.Run again = land();
    assertThat(again.code()).as(again.out() + again.err()).isEqualTo(1);
    assertThat(again.out() + again.err()).contains("nothing fixed since rollback");
    assertThat(repo.repo().resolve("refs/heads/coordination").name()).isEqualTo(revert);
  }

  @Test
  void onceFixedCheckMergesOnTheTargetWithTheRevertTakenOutAndLandLandsIt() throws Exception {
    repo.commit("s1", "fix: atomic claim\n", "a.txt", "claim: atomic\n");
    CliTest.Run json = check("--json");
    assertThat(json.code()).as(json.out() + json.err()).isZero();
    JsonNode r = json.json();
    assertThat(r.get("verdict").asText()).isEqualTo("clean");
    assertThat(r.get("rolledBack").get("restored").asBoolean()).isTrue();
    assertThat(r.get("rolledBack").get("next").asText()).contains("`junction land A` lands it again");
    // What landing it changes on the target: the reverted work back, with the fix (not the fix alone).
    assertThat(r.get("changedFiles")).extracting(JsonNode::asText).containsExactlyInAnyOrder("a.txt", "a_test.txt");
    assertThat(r.get("refused").isNull()).isTrue();
    CliTest.Run text = check();
    assertThat(text.out()).contains("Rolled back: A", "with the revert taken out", "Verdict: clean");

    CliTest.Run again = land();
    assertThat(again.code()).as(again.out() + again.err()).isZero();
    // Landed again: the task is no longer rolled back, and check says the branch is merged.
    CliTest.Run after = check("--json");
    assertThat(after.json().get("verdict").asText()).isEqualTo("merged");
    assertThat(after.json().get("rolledBack").isNull()).isTrue();
  }

  @Test
  void aBranchNeverRolledBackIsCheckedAgainstTheTargetAsItIs() throws Exception {
    repo.commit("s2", "feat: b\n", "b.txt", "b\n");
    CliTest.Run json = CliTest.run("check", "s2", "--repo=" + dir, "--json");
    assertThat(json.json().get("verdict").asText()).as(json.out() + json.err()).isIn("clean", "blocked");
    assertThat(json.json().get("rolledBack").isNull()).isTrue();
    assertThat(json.json().get("changedFiles")).extracting(JsonNode::asText).containsExactly("b.txt");
  }

  CliTest.Run radar() {
    return CliTest.run("radar", "--repo=" + dir, "--json");
  }

  JsonNode branch(JsonNode radar, String name) {
    for (JsonNode b : radar.get("branches")) {
      if (b.get("name").asText().equals(name)) {
        return b;
      }
    }
    throw new AssertionError(name + " not in " + radar);
  }

  @Test
  void theRadarLeavesARolledBackBranchWithNothingFixedOutOfEveryGroupAndSaysWhy() throws Exception {
    repo.commit("s2", "feat: b\n", "b.txt", "b\n");
    CliTest.Run run = radar();
    JsonNode r = run.json();
    assertThat(r.get("groups").toString()).as(run.out() + run.err()).doesNotContain("\"s1\"").contains("\"s2\"");
    assertThat(r.get("notes").toString()).contains("rolled back: s1's A was reverted by " + revert.substring(0, 10))
        .contains("nothing fixed since rollback", "it is in no group");
  }

  @Test
  void theRadarMeasuresAFixedRolledBackBranchAsLandingItAgainChangesTheTarget() throws Exception {
    repo.commit("s1", "fix: atomic claim\n", "a.txt", "claim: atomic\n");
    // s2 also writes a.txt: once s1 lands again (with its reverted work restored), the two conflict.
    repo.commit("s2", "feat: b\n", "a.txt", "claim: other\n");
    CliTest.Run run = radar();
    JsonNode r = run.json();
    assertThat(branch(r, "s1").get("changedFiles").asInt()).as(run.out()).isEqualTo(2);
    assertThat(r.get("notes").toString()).contains("measured as `junction land A` lands it again",
        "with the reverted work restored");
    boolean pairConflicts = false;
    for (JsonNode p : r.get("pairs")) {
      pairConflicts |= p.get("state").asText().equals("conflict");
    }
    assertThat(pairConflicts).as(r.toString()).isTrue();
  }
}
