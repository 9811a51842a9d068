package dev.junction.land;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.plan.Plan;
import dev.junction.plan.PlanLoad;
import dev.junction.plan.PlanLoader;
import dev.junction.plan.Stage;
import dev.junction.plan.Task;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The landing policy as a pure function of the plan, branch names and what is merged where. */
class PolicyTest {
  static final String PLAN = """
      version: 1
      branches: {main: main, coordination: coordination, session_patterns: ["s*"]}
      sessions:
        - {id: one, branch: s1}
        - {id: two, branch: s2}
        - {id: three, branch: s3}
      phases:
        - id: p
          criteria:
            - text: Bug fixed
              tasks: [A*]
            - text: Suite passes
              gates: [suite, bench]
            - text: Runbook written
              files: [docs/runbook.md]
            - Everyone is happy
          tasks:
            - {id: A1, title: first, owner: one}
            - {id: A2, title: second, owner: one, depends_on: [A1]}
            - {id: B, title: third, owner: two, depends_on: [A1]}
            - {id: C, title: fourth, owner: three, depends_on: [B]}
      gates:
        - {name: suite, command: "true", post_merge: true}
        - {name: bench, command: "true", stages: [phase]}
      """;

  static final Plan plan = ((PlanLoad.Loaded) PlanLoader.load("junction.yaml", PLAN)).plan();

  static Task task(String id) {
    return plan.task(id).orElseThrow();
  }

  static Policy.Verdict phase(Map<String, String> merged, Set<String> files) {
    return Policy.check(plan, "coordination", "main", Stage.PHASE, List.of(), Map.of(),
        new Policy.Evidence(merged, files));
  }

  static final Map<String, String> ALL = Map.of("A1", "m1", "A2", "m2", "B", "m3", "C", "m4");

  @Test
  void aPlainCriterionIsNeverMetAndBlocksThePhaseLanding() {
    Policy.Verdict v = phase(ALL, Set.of("docs/runbook.md"));

    assertThat(v.criteria()).contains(
        "NOT met: Everyone is happy (no evidence configured: give it tasks, gates or files)");
    assertThat(v.blockers()).containsExactly(
        "phase criterion not met: Everyone is happy (no evidence configured: give it tasks, gates or files)");
    assertThat(v.refusals()).isEmpty();
  }

  @Test
  void showsEveryCriterionMetOrNotBeforeTheGatesRun() {
    Policy.Verdict v = phase(Map.of("A1", "m1", "B", "m3", "C", "m4"), Set.of());

    assertThat(v.criteria()).containsExactly(
        "NOT met: every task of the plan merged into coordination (missing A2)",
        "NOT met: Bug fixed (not merged into coordination: A2)",
        "NOT met: Suite passes (gates suite, bench not run: they run on the phase candidate once everything else holds)",
        "NOT met: Runbook written (missing from coordination: docs/runbook.md)",
        "NOT met: Everyone is happy (no evidence configured: give it tasks, gates or files)");
    assertThat(v.blockers()).containsExactly(
        "tasks not merged into coordination: A2",
        "phase criterion not met: Bug fixed (not merged into coordination: A2)",
        "phase criterion not met: Runbook written (missing from coordination: docs/runbook.md)",
        "phase criterion not met: Everyone is happy (no evidence configured: give it tasks, gates or files)");
  }

  @Test
  void gateCriteriaAreJudgedFromTheVerdictsOnTheCandidate() {
    Policy.Evidence evidence = new Policy.Evidence(ALL, Set.of("docs/runbook.md"));

    assertThat(Policy.criteria(plan, "coordination", evidence, Map.of("suite", true, "bench", true)))
        .containsExactly("met: every task of the plan merged into coordination", "met: Bug fixed", "met: Suite passes",
            "met: Runbook written", "NOT met: Everyone is happy (no evidence configured: give it tasks, gates or files)");
    assertThat(Policy.criteria(plan, "coordination", evidence, Map.of("suite", false, "bench", true)))
        .contains("NOT met: Suite passes (gate suite failed on the candidate)");
    assertThat(Policy.criterionGates(plan)).containsExactly("bench", "suite");
    assertThat(Policy.criterionFiles(plan)).containsExactly("docs/runbook.md");
  }

  @Test
  void aPhaseLandingGoesFromCoordinationIntoMain() {
    Policy.Verdict v = Policy.check(plan, "s1", "main", Stage.PHASE, List.of(), Map.of(), Policy.Evidence.NONE);

    assertThat(v.refusals()).containsExactly("a phase landing goes from coordination into main (spec 1.1, stage 3)");
  }

  @Test
  void tasksLandedInOneMergeSatisfyEachOther() {
    Policy.Verdict v = Policy.check(plan, "s1", "coordination", Stage.INTEGRATION, List.of(task("A1"), task("A2")),
        Map.of(), Policy.Evidence.NONE);

    assertThat(v.passes()).isTrue();
  }

  @Test
  void aBatchMayDependOnSourcesAheadOfIt() {
    Policy.Verdict v = Policy.batch(plan, "coordination", List.of(
        new Policy.Delivery("s1", List.of(task("A1"))),
        new Policy.Delivery("s2", List.of(task("B"))),
        new Policy.Delivery("s3", List.of(task("C")))), Map.of());

    assertThat(v.passes()).as("%s", v).isTrue();
  }

  @Test
  void aBatchThatNeedsASourceBehindItIsRefusedWithTheOrderToUse() {
    Policy.Verdict v = Policy.batch(plan, "coordination", List.of(
        new Policy.Delivery("s3", List.of(task("C"))),
        new Policy.Delivery("s1", List.of(task("A1"))),
        new Policy.Delivery("s2", List.of(task("B")))), Map.of());

    assertThat(v.refusals()).as("B's A1 is ahead of it, C's B behind").containsExactly(
        "C depends on B, which s2 delivers later in this batch: land them in the order s1 s2 s3");
    assertThat(v.blockers()).isEmpty();
  }

  @Test
  void aBatchStillNeedsWhatNoSourceDelivers() {
    Policy.Verdict v = Policy.batch(plan, "coordination", List.of(
        new Policy.Delivery("s2", List.of(task("B"))),
        new Policy.Delivery("s3", List.of(task("C")))), Map.of());

    assertThat(v.refusals()).isEmpty();
    assertThat(v.blockers()).singleElement().asString().startsWith("B depends on A1, not merged into coordination");
  }

  @Test
  void aTaskLandsOnceInABatch() {
    Policy.Verdict v = Policy.batch(plan, "coordination", List.of(
        new Policy.Delivery("s1", List.of(task("A1"))),
        new Policy.Delivery("feature/x", List.of(task("A1")))), Map.of());

    assertThat(v.refusals()).contains("A1 is delivered by both s1 and feature/x: a task lands once");
  }

  @Test
  void sourcesThatNeedEachOtherHaveNoOrder() {
    String order = Policy.order(List.of(
        new Policy.Delivery("s1", List.of(task("A2"))),
        new Policy.Delivery("s2", List.of(task("A1"), task("C"))),
        new Policy.Delivery("s3", List.of(task("B")))));

    assertThat(order).startsWith("their tasks depend on each other across sources");
  }

  @Test
  void aBatchGoesIntoCoordination() {
    Policy.Verdict v = Policy.batch(plan, "main", List.of(
        new Policy.Delivery("s1", List.of(task("A1"))),
        new Policy.Delivery("s2", List.of(task("B")))), Map.of());

    assertThat(v.refusals()).containsExactly("integration landings go into the coordination branch coordination, not main");
  }
}
