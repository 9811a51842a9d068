package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.testing.TestRepo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line, run in-process against real repositories. */
class CliTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path shared;
  static Path demo;
  static Run built;

  record Run(int code, String out, String err) {
    JsonNode json() throws Exception {
      return JSON.readTree(out);
    }
  }

  static Run run(String... args) {
    return run(Clock.systemUTC(), args);
  }

  /** Runs a command line in this process with every command reading the time from {@code clock}. */
  static Run run(Clock clock, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err), clock);
    return new Run(code, out.toString(), err.toString());
  }

  @BeforeAll
  static void buildDemo() {
    demo = shared.resolve("demo");
    built = run("demo", demo.toString());
    assertThat(built.code()).as(built.err()).isZero();
  }

  @Test
  void demoPrintsPlanAndBoard() {
    Run again = built;
    assertThat(again.out()).contains("Built a demo repository", "Critical path:", "# InfraFabric task board",
        "## junction check", "ownership", "## junction radar",
        "$ junction land P0.1.2", "post-merge validation failed, reverted by",
        "FullCoordinatorTest.test_concurrent_cas_claim", "- event: ROLLBACK", "$ junction land P0.4.4", "Blocked:",
        "P0.1.2 rolled-back: landed in", "landed again with the fix: the work rollback", "Junction-Reland: ",
        "Rolled back, fixed, landed again (spec 8.2)",
        "$ git commit -m \"feat(coordinator): Claim tasks with an atomic compare-and-swap [P0.1.2]\"", "Committed ");
    assertThat(again.err()).contains("demo: landing P0.1.3", "cross-session: failed",
        "demo: landing P0.1.2 (CAS operations) again with the fix", "landing it again with the fix");
  }

  @Test
  void demoLandsTheReadyTasksInOrderRollsOneBackAndRefusesOneOutOfOrder() throws Exception {
    JsonNode json = demoJson();
    List<String> landed = new ArrayList<>();
    Map<String, List<String>> outcomes = new HashMap<>();
    for (JsonNode step : json.get("story")) {
      String command = step.get("command").asText();
      if (command.startsWith("junction land ")) {
        String task = command.substring("junction land ".length());
        outcomes.computeIfAbsent(task, t -> new ArrayList<>()).add(step.get("result").get("outcome").asText());
        if (step.get("result").get("outcome").asText().equals("landed")) {
          landed.add(task);
          assertThat(step.get("result").get("validation").get(0).get("gate").asText()).isEqualTo("cross-session");
        }
      }
    }
    // Window 2 in merge order, the flawed CAS kept for last, and landed again after its fix.
    assertThat(landed).containsExactly("P0.1.3", "P0.2.2", "P0.2.4", "P0.3.2", "P0.3.3", "P0.4.2", "P0.4.3", "P0.1.2");
    assertThat(outcomes).containsEntry("P0.1.2", List.of("rolled-back", "landed"))
        .containsEntry("P0.4.4", List.of("blocked"));
    JsonNode rolled = null;
    for (JsonNode step : json.get("story")) {
      if (rolled == null && step.get("command").asText().equals("junction land P0.1.2")) {
        rolled = step.get("result");
      }
    }
    assertThat(rolled.get("validation").get(0).get("reasons").toString()).contains("test_concurrent_cas_claim");
    assertThat(Path.of(rolled.get("rollback").get("rootCause").asText())).exists()
        .content().contains("P0.1.2", "test_concurrent_cas_claim");
    assertThat(json.get("board").asText()).contains("event: ROLLBACK", "tasks: P0.1.2");
    // After the fix: coordination holds pub/sub and the atomic claim, not the racy one.
    Path repo = Path.of(json.get("repository").asText());
    assertThat(repo.resolve("infrafabric/coordinator.py")).content().contains("def publish", "def claim",
        "return self.bus.compare_and_swap(").doesNotContain("self.bus.put(key, owner)");
    Run plan = run("plan", "--repo", repo.toString(), "--json");
    Map<String, String> states = new HashMap<>();
    plan.json().get("tasks").forEach(t -> states.put(t.get("id").asText(), t.get("state").asText()));
    assertThat(states).containsEntry("P0.1.2", "merged").containsEntry("P0.1.3", "merged")
        .containsEntry("P0.4.4", "in-progress").containsEntry("P0.1.4", "ready");
    // The story shows the rolled-back state with its revert, reason and the way back.
    JsonNode shown = null;
    for (JsonNode step : json.get("story")) {
      if (step.get("command").asText().equals("junction plan")) {
        shown = step.get("result");
      }
    }
    assertThat(shown.get("state").asText()).isEqualTo("rolled-back");
    assertThat(shown.get("rollback").get("reason").asText()).contains("test_concurrent_cas_claim");
    assertThat(shown.get("rollback").get("next").asText()).contains("junction land P0.1.2");
  }

  /**
   * Spec 8.2's timeline in the demo: P0.1.2 lands, is rolled back (the plan shows it), is fixed,
   * approved again and lands again, as a merge on coordination after its revert that carries
   * {@code Junction-Reland} naming the revert, with every gate run and passing.
   */
  @Test
  void demoLandsP012AgainAfterItsFixAsAReLandingMergeAfterTheRevert() throws Exception {
    JsonNode json = demoJson();
    List<String> commands = new ArrayList<>();
    json.get("story").forEach(s -> commands.add(s.get("command").asText()));
    int first = commands.indexOf("junction land P0.1.2");
    int shown = commands.indexOf("junction plan");
    int again = commands.lastIndexOf("junction land P0.1.2");
    assertThat(first).isNotNegative().isLessThan(shown);
    assertThat(shown).isLessThan(again);
    assertThat(commands.subList(shown, again)).contains("junction review 8 --approve --as session-4@infrafabric.example",
        "git commit -m \"feat(coordinator): Claim tasks with an atomic compare-and-swap [P0.1.2]\"");
    JsonNode fix = json.get("story").get(commands.indexOf(
        "git commit -m \"feat(coordinator): Claim tasks with an atomic compare-and-swap [P0.1.2]\""));
    assertThat(fix.get("result").get("outcome").asText()).isEqualTo("committed");
    assertThat(fix.get("result").get("files").toString()).contains("infrafabric/coordinator.py", "tests/test_coordinator_cas.py");
    assertThat(json.get("story").get(shown).get("result").get("state").asText()).isEqualTo("rolled-back");
    JsonNode rolledBack = json.get("story").get(first).get("result");
    JsonNode relanded = json.get("story").get(again).get("result");
    assertThat(rolledBack.get("outcome").asText()).isEqualTo("rolled-back");
    assertThat(relanded.get("outcome").asText()).isEqualTo("landed");
    String revert = rolledBack.get("rollback").get("revert").asText();
    assertThat(relanded.get("message").asText()).contains("Junction-Task: P0.1.2", "Junction-Reland: " + revert);
    List<String> gates = new ArrayList<>();
    relanded.get("gates").forEach(g -> {
      gates.add(g.get("gate").asText());
      assertThat(g.get("status").asText()).isEqualTo("passed");
    });
    assertThat(gates).containsExactly("self-review", "unit", "integration");
    assertThat(relanded.get("validation")).singleElement().satisfies(v -> {
      assertThat(v.get("gate").asText()).isEqualTo("cross-session");
      assertThat(v.get("status").asText()).isEqualTo("passed");
    });
    Path dir = Path.of(json.get("repository").asText());
    try (TestRepo repo = TestRepo.open(dir); RevWalk walk = new RevWalk(repo.repo())) {
      RevCommit tip = walk.parseCommit(repo.repo().resolve("claude/debug-session-freezing-011CV2mM1FVCwsC8GoBR2aQy"));
      assertThat(tip.getName()).isEqualTo(relanded.get("merge").asText());
      assertThat(tip.getParentCount()).isEqualTo(2);
      assertThat(tip.getParent(0).getName()).isEqualTo(revert);
      assertThat(tip.getFullMessage()).contains("Junction-Reland: " + revert);
      RevCommit reverted = walk.parseCommit(tip.getParent(0));
      assertThat(reverted.getShortMessage()).startsWith("Revert ");
      assertThat(walk.parseCommit(reverted.getParent(0)).getName()).isEqualTo(rolledBack.get("merge").asText());
    }
    Run plan = run("plan", "--repo", dir.toString(), "--json");
    JsonNode row = null;
    for (JsonNode t : plan.json().get("tasks")) {
      if (t.get("id").asText().equals("P0.1.2")) {
        row = t;
      }
    }
    assertThat(row.get("state").asText()).isEqualTo("merged");
    // Its request, open again after the rollback, is landed by the re-landing.
    Run list = run("mr", "list", "--repo", dir.toString(), "--state", "all", "--json");
    assertThat(list.code()).as(list.err()).isZero();
    Map<Integer, String> requests = new HashMap<>();
    list.json().get("requests").forEach(q -> requests.put(q.get("number").asInt(), q.get("state").asText()));
    assertThat(requests).containsEntry(8, "landed").containsEntry(9, "open");
  }

  private static JsonNode demoJson;

  /** The demo as {@code --json} prints it, built once. */
  private static synchronized JsonNode demoJson() throws Exception {
    if (demoJson == null) {
      Run r = run("demo", shared.resolve("demo-json").toString(), "--json");
      assertThat(r.code()).as(r.err()).isZero();
      demoJson = r.json();
    }
    return demoJson;
  }

  @Test
  void demoActsAsItsMembersByNameAndEmailOnItsOwnClock() throws Exception {
    try (TestRepo repo = TestRepo.open(demo); RevWalk walk = new RevWalk(repo.repo())) {
      // Syncs go through the landing service as the session's member: name and e-mail both.
      RevCommit sync = walk.parseCommit(
          repo.repo().resolve("claude/if-bus-sip-adapters-011CV2ifBusS1pAd4pt07~1"));
      assertThat(sync.getShortMessage()).startsWith("chore(sync): Merge");
      assertThat(sync.getAuthorIdent().getName()).isEqualTo("Session 7 lead");
      assertThat(sync.getAuthorIdent().getEmailAddress()).isEqualTo("session-7@infrafabric.example");
      // The rollback reads the demo's clock, not the wall's: the revert is dated as the merge it reverts.
      // Coordination's tip is P0.1.2 landed again; its first parent is the revert.
      RevCommit revert = walk.parseCommit(
          repo.repo().resolve("claude/debug-session-freezing-011CV2mM1FVCwsC8GoBR2aQy^1"));
      assertThat(revert.getShortMessage()).startsWith("Revert ");
      assertThat(revert.getAuthorIdent().getWhenAsInstant()).isEqualTo(Instant.parse("2025-11-12T17:03:00Z"))
          .isEqualTo(walk.parseCommit(revert.getParent(0)).getCommitterIdent().getWhenAsInstant());
    }
    assertThat(demo.resolve(".git/junction/rollbacks/ROLLBACK-ANALYSIS-20251112T170300Z-76e3912.md")).exists()
        .content().contains("**Duration of Incident:** 0 s");
  }

  @Test
  void planJsonFollowsTheContract() throws Exception {
    Run r = run("plan", "--repo", demo.toString(), "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode json = r.json();
    List<String> keys = new ArrayList<>();
    json.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactly("target", "tasks", "windows", "order", "criticalPath", "notes");
    List<String> taskKeys = new ArrayList<>();
    json.get("tasks").get(0).fieldNames().forEachRemaining(taskKeys::add);
    assertThat(taskKeys).startsWith("id", "title", "owner", "type", "dependsOn", "blocks", "window", "state", "missing");
    assertThat(json.get("target").asText()).isEqualTo("claude/debug-session-freezing-011CV2mM1FVCwsC8GoBR2aQy");
  }

  @Test
  void planJsonRespectsEveryDependencyEdge() throws Exception {
    JsonNode json = run("plan", "--repo", demo.toString(), "--json").json();
    Map<String, Integer> position = new HashMap<>();
    for (int i = 0; i < json.get("order").size(); i++) {
      position.put(json.get("order").get(i).asText(), i);
    }
    assertThat(position).hasSize(26);
    for (JsonNode task : json.get("tasks")) {
      for (JsonNode dep : task.get("dependsOn")) {
        assertThat(position.get(dep.asText())).isLessThan(position.get(task.get("id").asText()));
      }
    }
  }

  @Test
  void demoStatesComeFromTrailersNotSubjects() throws Exception {
    JsonNode json = run("plan", "--repo", demo.toString(), "--json").json();
    Map<String, String> states = new HashMap<>();
    json.get("tasks").forEach(t -> states.put(t.get("id").asText(), t.get("state").asText()));
    // P0.1.2 is merged by its re-landing's Junction-Task trailer, P0.4.4 is not merged although its
    // branch carries "chore(status): P0.1.2 merged, CAS verified [P0.1.2]".
    assertThat(states).containsEntry("P0.1.1", "merged").containsEntry("P0.4.1", "merged")
        .containsEntry("P0.1.2", "merged").containsEntry("P0.2.2", "merged").containsEntry("P0.3.4", "ready")
        .containsEntry("P0.1.4", "ready").containsEntry("P0.4.4", "in-progress");
    // While P0.1.2 was rolled back, that subject did not let P0.4.4 land.
    assertThat(built.out()).contains("P0.4.4 depends on P0.1.2, not merged into", "never from commit subjects");
  }

  /**
   * Session 5 changes session 7's coordinator.py: advice beside the verdict, not a conflict. With
   * P0.1.2 landed again and the merge clean, the verdict is clean (exit 0) and the advice stays.
   */
  @Test
  void checkKeepsOwnershipAsAdviceAndExitsZeroOnACleanMerge() throws Exception {
    Run r = run("check", "claude/cli-witness-optimise-011CV2cL1W1tn3ss0pt05", "--repo", demo.toString(), "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode json = r.json();
    assertThat(json.get("verdict").asText()).isEqualTo("clean");
    assertThat(json.get("findings")).isEmpty();
    assertThat(json.get("changedFiles").toString()).contains("infrafabric/coordinator.py");
    assertThat(json.get("ownership")).singleElement().satisfies(o -> {
      assertThat(o.get("type").asText()).isEqualTo("ownership");
      assertThat(o.get("path").asText()).isEqualTo("infrafabric/coordinator.py");
      assertThat(o.get("owners").get(0).asText()).isEqualTo("session-7");
    });
    Run text = run("check", "claude/cli-witness-optimise-011CV2cL1W1tn3ss0pt05", "--repo", demo.toString());
    assertThat(text.out()).contains("Merge: clean", "Note: ownership: infrafabric/coordinator.py owned by session-7",
        "defer to the owner, notify them", "Verdict: clean");
  }

  /** A session branch still at the plan commit has nothing to merge: exit 0, no findings. */
  @Test
  void checkOfABranchTheTargetHoldsSaysAlreadyMergedAndExitsZero() throws Exception {
    Run r = run("check", "claude/ndi-witness-streaming-011CV2nDw1tStr3am1ng0001", "--repo", demo.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("Verdict: already merged (in ", "it has no work beyond");
    Run json = run("check", "claude/ndi-witness-streaming-011CV2nDw1tStr3am1ng0001", "--repo", demo.toString(), "--json");
    assertThat(json.json().get("verdict").asText()).isEqualTo("merged");
    assertThat(json.json().get("findings")).isEmpty();
    assertThat(json.json().get("mergedIn").asText()).isEqualTo(json.json().get("sourceTip").asText());
  }

  @Test
  void checkExitsThreeWhenOnlyADependencyIsMissing(@TempDir Path dir) throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.commit("main", "chore: plan\n", "junction.yaml", """
          version: 1
          branches: {main: main, coordination: coordination}
          sessions: [{id: one, branch: s1}]
          phases:
            - id: p
              tasks:
                - {id: A, title: a, owner: one, deliverables: [a.txt]}
                - {id: B, title: b, owner: one, deliverables: [b.txt], depends_on: [A]}
          """);
      repo.branch("coordination", "main");
      repo.branch("s1", "main");
      repo.commit("s1", "feat: b\n", "b.txt", "b\n");
      Run r = run("check", "s1", "--repo", dir.toString(), "--into", "coordination");
      assertThat(r.code()).isEqualTo(3);
      assertThat(r.out()).contains("dependency  B waits for A", "Verdict: blocked");
    }
  }

  @Test
  void checkOfAnUnknownBranchExitsTwo() {
    Run r = run("check", "nope", "--repo", demo.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("no branch 'nope'");
  }

  /** After P0.1.2 landed again, session 5's spawn_claims and session 7's claim merge clean: one group. */
  @Test
  void radarShowsOneGroupAndTheOwnershipNoteOnceP012LandedAgain() throws Exception {
    Run text = run("radar", "--repo", demo.toString());
    assertThat(text.code()).as(text.err()).isZero();
    assertThat(text.out()).contains("Independent groups", "Note: ownership: claude/cli-witness-optimise-011CV2cL1W1tn3ss0pt05"
        + " changes infrafabric/coordinator.py, owned by session-7").doesNotContain("Conflicting pairs:");
    JsonNode json = run("radar", "--repo", demo.toString(), "--json").json();
    assertThat(json.get("groups")).hasSize(1);
    assertThat(json.get("groups").get(0)).hasSize(6);
    assertThat(json.get("pairs")).hasSize(15);
    json.get("pairs").forEach(p -> assertThat(p.get("state").asText()).isNotEqualTo("conflict"));
  }

  @Test
  void gateRunsTheTargetsLintOnABranchAndStoresTheVerdict() throws Exception {
    Run r = run("gate", "self-review", "--on", "claude/cli-witness-optimise-011CV2cL1W1tn3ss0pt05",
        "--repo", demo.toString(), "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode verdict = r.json().get("verdicts").get(0);
    assertThat(verdict.get("gate").asText()).isEqualTo("self-review");
    assertThat(verdict.get("status").asText()).isEqualTo("passed");
    assertThat(demo.resolve(".git/junction/junction.db")).exists();
    Run again = run("gate", "self-review", "--on", "claude/cli-witness-optimise-011CV2cL1W1tn3ss0pt05", "--repo", demo.toString());
    assertThat(again.out()).contains("passed   self-review (already passed on this commit)");
  }

  @Test
  void landRollbackAndSyncOnASmallRepository(@TempDir Path dir) throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.commit("main", "chore: plan\n", "junction.yaml", """
          version: 1
          branches: {main: main, coordination: coordination}
          sessions: [{id: one, branch: s1}, {id: two, branch: s2}]
          phases:
            - id: p
              tasks:
                - {id: A, title: first, owner: one, deliverables: [a.txt]}
                - {id: B, title: second, owner: two, deliverables: [b.txt], depends_on: [A]}
          gates:
            - {name: check, command: "test -f a.txt", stages: [component]}
          """);
      repo.branch("coordination", "main");
      repo.branch("s1", "main");
      repo.branch("s2", "main");
      repo.commit("s1", "feat: a\n", "a.txt", "a\n");
      repo.commit("s2", "feat: b\n", "b.txt", "b\n");
      repo.git("checkout", "-q", "coordination");
      Run early = run("land", "B", "--repo", dir.toString());
      assertThat(early.code()).isEqualTo(3);
      assertThat(early.out()).contains("B depends on A");
      Run landed = run("land", "A", "--repo", dir.toString(), "--as", "one@example.org", "--json");
      assertThat(landed.code()).as(landed.err()).isZero();
      assertThat(landed.json().get("outcome").asText()).isEqualTo("landed");
      String merge = landed.json().get("merge").asText();
      Run synced = run("sync", "two", "--repo", dir.toString());
      assertThat(synced.code()).isZero();
      assertThat(synced.out()).contains("Synced s2");
      Run rolled = run("rollback", merge, "--reason", "trying it", "--repo", dir.toString());
      assertThat(rolled.code()).as(rolled.err()).isZero();
      assertThat(rolled.out()).contains("Reverted " + merge.substring(0, 10));
      Run board = run("board", "--repo", dir.toString(), "--into", "coordination");
      assertThat(board.out()).contains("## Events", "- event: ROLLBACK", "  commit: " + merge, "  tasks: A",
          "  reason: \"trying it\"", "ROLLBACK-ANALYSIS-");
      Run again = run("rollback", merge, "--reason", "twice", "--repo", dir.toString(), "--json");
      assertThat(again.code()).isEqualTo(1);
      assertThat(run("land", "nope", "--repo", dir.toString()).code()).isEqualTo(2);
      assertThat(run("sync", "nobody", "--repo", dir.toString()).code()).isEqualTo(2);
    }
  }

  @Test
  void landsAnIntegrationBatchThenThePhaseShowingEachCriterion(@TempDir Path dir) throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.commit("main", "chore: plan\n", "junction.yaml", """
          version: 1
          branches: {main: main, coordination: coordination}
          sessions: [{id: one, branch: s1}, {id: two, branch: s2}, {id: three, branch: s3}]
          phases:
            - id: p
              criteria:
                - {text: Both merged, tasks: [A, B]}
                - {text: Runbook written, files: [docs/runbook.md]}
                - Everyone is happy
              tasks:
                - {id: A, title: first, owner: one, deliverables: [a.txt]}
                - {id: B, title: second, owner: two, deliverables: [b.txt], depends_on: [A]}
                - {id: C, title: third, owner: three, deliverables: [a.txt]}
          gates:
            - {name: check, command: "test -f a.txt", stages: [integration, phase]}
          """);
      repo.branch("coordination", "main");
      repo.branch("s1", "main");
      repo.branch("s2", "main");
      repo.branch("s3", "main");
      repo.commit("s1", "feat: a\n", "a.txt", "a\n");
      repo.commit("s2", "feat: b\n", "b.txt", "b\n");
      repo.commit("s3", "feat: c\n", "a.txt", "not a\n");
      repo.git("checkout", "-q", "coordination");
      Run unstaged = run("land", "s1", "s2", "--repo", dir.toString());
      assertThat(unstaged.code()).isEqualTo(2);
      assertThat(unstaged.err()).contains("--stage", "add --stage integration");
      Run wrongOrder = run("land", "--stage", "integration", "s2", "s1", "--repo", dir.toString());
      assertThat(wrongOrder.code()).isEqualTo(1);
      assertThat(wrongOrder.out()).contains("B depends on A, which s1 delivers later in this batch: land them in the order s1 s2");
      Run conflict = run("land", "--stage", "integration", "s1", "s3", "--repo", dir.toString());
      assertThat(conflict.code()).isEqualTo(1);
      assertThat(conflict.out()).contains("Conflicts merging s3 after s1; nothing moved", "a.txt");
      Run dry = run("land", "--stage", "integration", "s1", "s2", "--dry-run", "--repo", dir.toString());
      assertThat(dry.code()).as(dry.err()).isZero();
      assertThat(dry.out()).contains("Would land on coordination (dry run;", "feat(b): Merge second [B]", "passed   check");
      Run batch = run("land", "--stage", "integration", "s1", "s2", "--repo", dir.toString());
      assertThat(batch.code()).as(batch.err()).isZero();
      assertThat(batch.out()).contains("Landed an integration batch of 2 merges on coordination", "(tasks A, B)");
      Run phase = run("land", "coordination", "--into", "main", "--repo", dir.toString());
      assertThat(phase.code()).isEqualTo(3);
      assertThat(phase.out()).contains("Blocked:", "  Phase criteria:", "    met: Both merged",
          "    NOT met: Runbook written (missing from coordination: docs/runbook.md)",
          "    NOT met: Everyone is happy (no evidence configured: give it tasks, gates or files)");
      Run json = run("land", "coordination", "--into", "main", "--repo", dir.toString(), "--json");
      assertThat(json.json().get("criteria")).hasSize(4);
    }
  }

  @Test
  void gateRejectsAnUnknownStage() {
    Run r = run("gate", "--stage", "nightly", "--repo", demo.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--stage", "nightly", "COMPONENT, INTEGRATION, PHASE");
  }

  @Test
  void benchRadarAgreesWithGitOnAGeneratedRepository() throws Exception {
    Run r = run("bench", "radar", "--branches", "8", "--sample", "3", "--seed", "5", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.json().get("answersAgree").asInt()).isEqualTo(28);
    assertThat(r.json().get("answersDiffer")).isEmpty();
  }

  @Test
  void boardWritesTheFile() throws Exception {
    Path file = shared.resolve("BOARD.md");
    Run r = run("board", "--repo", demo.toString(), "--write", file.toString());
    assertThat(r.code()).isZero();
    assertThat(Files.readString(file)).contains("## Window 1", "| P0.1.1 | etcd setup | session-5 | ✅ merged |");
  }

  @Test
  void invalidPlanExitsTwoWithOneLinePerErrorAndWritesNothing(@TempDir Path dir) throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.commit("main", "chore: plan\n", "junction.yaml", "version: 1\nbogus: 2\nbranches: {main: main, coordination: c}\n");
      Path board = dir.resolve("BOARD.md");
      Run r = run("board", "--repo", dir.toString(), "--into", "main", "--write", board.toString());
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err().lines().toList()).contains(
          "main:junction.yaml:2: bogus: unknown key (expected one of branches, gates, gating, phases, project, protection, review, sessions, version)");
      assertThat(r.err().lines()).allMatch(l -> l.startsWith("main:junction.yaml"));
      assertThat(board).doesNotExist();
      Run json = run("plan", "--repo", dir.toString(), "--into", "main", "--json");
      assertThat(json.code()).isEqualTo(2);
      assertThat(json.json().get("errors").get(0).get("line").asInt()).isPositive();
    }
  }

  @Test
  void planFileOptionValidatesAnUncommittedPlan(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("junction.yaml");
    Files.writeString(file, "");
    Run r = run("plan", "--repo", demo.toString(), "--file", file.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith(file + ": empty file");
  }

  @Test
  void outsideARepositoryExitsTwo(@TempDir Path dir) {
    Run r = run("plan", "--repo", dir.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("not a git repository");
  }

  @Test
  void demoRefusesANonEmptyDirectory(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("keep.txt"), "mine");
    Run r = run("demo", dir.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(dir.resolve(".git")).doesNotExist();
  }

  @Test
  void unknownOptionIsBadInput() {
    assertThat(run("plan", "--frobnicate").code()).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"plan", "board", "demo", "check", "radar", "gate", "land", "rollback", "sync",
      "resume", "doctor", "bench plan", "bench radar", "bench land", "mr", "mr open", "mr list", "mr show", "mr close",
      "review", "escalations", "status", "protect", "protect install", "protect status", "override", "override grant", "override close", "override review"})
  void everyCommandHasHelpWithAnExampleAndExitCodes(String command) {
    List<String> args = new ArrayList<>(List.of(command.split(" ")));
    args.add("--help");
    Run r = run(args.toArray(String[]::new));
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("Examples:", "junction " + command, "--json");
  }

  @Test
  void versionPrints() {
    Run r = run("--version");
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("junction ");
  }

  @Test
  void benchPlanPrintsFigures() throws Exception {
    Run r = run("bench", "plan", "--tasks", "60", "--sessions", "4", "--landed", "10", "--iterations", "2", "--seed", "1", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.json().get("millis").get("view").get("median").asDouble()).isPositive();
  }
}
