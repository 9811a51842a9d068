package dev.junction.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.plan.Disposition;
import dev.junction.plan.Gate;
import dev.junction.plan.Plan;
import dev.junction.plan.PlanLoad;
import dev.junction.plan.PlanLoader;
import dev.junction.store.EventStore;
import dev.junction.store.StoreEvent;
import dev.junction.testing.Plans;
import dev.junction.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spec 4.1's "in order": cheap gates first (by stage, then by the duration the store measured),
 * and a run that stops at the first failure when asked to (fail-fast), reporting the rest as
 * skipped, never passed.
 */
class GateOrderTest {
  @TempDir Path dir;
  @TempDir Path storeDir;
  @TempDir Path outside;
  TestRepo repo;
  EventStore store;
  final Clock clock = Clock.fixed(Instant.parse("2026-11-24T07:00:00Z"), ZoneOffset.UTC);

  @BeforeEach
  void setUp() throws Exception {
    repo = TestRepo.init(dir);
    store = EventStore.sqlite(storeDir.resolve("junction.db"));
  }

  @AfterEach
  void tearDown() {
    store.close();
    repo.close();
  }

  /** A gate command that appends its gate's name to {@code order.txt} outside the tree, then ends with {@code exit}. */
  String appends(int exit) {
    return "echo $JUNCTION_GATE >> " + outside.resolve("order.txt") + "; exit " + exit;
  }

  void plan(String gates) throws Exception {
    repo.commit("main", "chore: plan\n", "junction.yaml", Plans.ONE_SESSION + gates);
    repo.branch("coordination", "main");
    repo.branch("s1", "main");
    repo.commit("s1", "feat: a\n", "a.txt", "a\n");
  }

  Plan loaded() throws Exception {
    String text = new String(repo.repo().open(repo.repo().resolve("main:junction.yaml")).getBytes());
    PlanLoad load = PlanLoader.load("junction.yaml", text);
    assertThat(load).isInstanceOf(PlanLoad.Loaded.class);
    return ((PlanLoad.Loaded) load).plan();
  }

  /** Records a run of {@code gate} that took {@code millis}, on some other commit. */
  void measured(Gate gate, long millis) {
    store.recordGateRun(clock.instant(), "0".repeat(40), Gates.configHash(gate) + ":coordination:" + "1".repeat(40),
        "coordination", false, new StoreEvent.GateVerdict(gate.name(), "passed", List.of(), List.of(), Map.of(), "",
            false, millis));
  }

  Gates.Report run(boolean failFast) throws Exception {
    Gates.Outcome outcome = Gates.run(repo.repo(), store, new Gates.Request(Optional.empty(), Optional.empty(), "s1",
        Optional.of("coordination"), true, failFast), clock, m -> { });
    assertThat(outcome).isInstanceOf(Gates.Report.class);
    return (Gates.Report) outcome;
  }

  List<String> ran() throws Exception {
    Path order = outside.resolve("order.txt");
    return Files.exists(order) ? Files.readAllLines(order) : List.of();
  }

  @Test
  void theGateMeasuredCheapestRunsFirst() throws Exception {
    plan("""
        gates:
          - {name: slow, command: "%s", stages: [component]}
          - {name: cheap, command: "%s", stages: [component]}
        """.formatted(appends(0), appends(0)));
    Plan plan = loaded();
    measured(plan.gates().get(0), 120_000);
    measured(plan.gates().get(1), 40);
    Gates.Report report = run(false);
    assertThat(ran()).containsExactly("cheap", "slow");
    assertThat(report.verdicts()).extracting(Verdict::gate).containsExactly("cheap", "slow");
  }

  @Test
  void withoutMeasurementsThePlanOrderHolds() throws Exception {
    plan("""
        gates:
          - {name: slow, command: "%s", stages: [component]}
          - {name: cheap, command: "%s", stages: [component]}
        """.formatted(appends(0), appends(0)));
    run(false);
    assertThat(ran()).containsExactly("slow", "cheap");
  }

  @Test
  void aMeasurementUnderAnotherConfigurationDoesNotCount() throws Exception {
    plan("""
        gates:
          - {name: slow, command: "%s", stages: [component]}
          - {name: cheap, command: "%s", stages: [component]}
        """.formatted(appends(0), appends(0)));
    Gate cheap = loaded().gates().get(1);
    // The cheap gate was fast once, with another command: that says nothing of its cost now.
    measured(new Gate(cheap.name(), List.of("sh", "-c", "true"), cheap.workdir(), cheap.timeout(), cheap.env(),
        cheap.stages(), cheap.postMerge(), cheap.reports(), cheap.thresholds(), cheap.lint()), 1);
    measured(loaded().gates().get(0), 5_000);
    run(false);
    assertThat(ran()).as("the measured slow gate comes before the one of unknown cost").containsExactly("slow", "cheap");
  }

  @Test
  void aRunRecordedBeforeDurationsWereHasNoKnownCost() throws Exception {
    plan("""
        gates:
          - {name: slow, command: "%s", stages: [component]}
        """.formatted(appends(0)));
    Gate slow = loaded().gates().get(0);
    String hash = Gates.configHash(slow) + ":coordination:" + "1".repeat(40);
    // An older payload: the verdict's fields without millis.
    store.recordGateRun(new EventStore.Event(clock.instant(), "gate.run", "0".repeat(40), Optional.empty(),
        "{\"gate\":\"slow\",\"status\":\"passed\",\"reasons\":[],\"notes\":[],\"metrics\":{},\"log\":\"\",\"reused\":false}"),
        "0".repeat(40), "slow", hash, "coordination", true, "{}", false);
    assertThat(store.lastMillis("slow", Gates.configHash(slow) + ":")).isEmpty();
    measured(slow, 7);
    assertThat(store.lastMillis("slow", Gates.configHash(slow) + ":")).hasValue(7);
  }

  @Test
  void earlierStagesComeFirstWhateverTheirCost() throws Exception {
    plan("""
        gates:
          - {name: audit, command: "%s", stages: [phase]}
          - {name: together, command: "%s", stages: [integration]}
          - {name: unit, command: "%s", stages: [component, phase]}
          - {name: lint, lint: {block: [secret]}, stages: [phase]}
        """.formatted(appends(0), appends(0), appends(0)));
    Plan plan = loaded();
    measured(plan.gates().get(0), 1);
    measured(plan.gates().get(2), 90_000);
    Gates.Report report = run(false);
    assertThat(ran()).containsExactly("unit", "together", "audit");
    assertThat(report.verdicts()).extracting(Verdict::gate).containsExactly("unit", "together", "lint", "audit");
  }

  @Test
  void failFastNeverStartsTheGatesAfterAFailureAndReportsThemSkipped() throws Exception {
    plan("""
        gates:
          - {name: first, command: "%s", stages: [component]}
          - {name: second, command: "touch %s", stages: [component]}
        """.formatted(appends(1), outside.resolve("second-ran")));
    Gates.Report report = run(true);
    assertThat(report.disposition()).isEqualTo(Disposition.NO);
    assertThat(report.verdicts()).extracting(Verdict::gate, Verdict::status)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("first", Verdict.Status.FAILED),
            org.assertj.core.groups.Tuple.tuple("second", Verdict.Status.SKIPPED));
    Verdict skipped = report.verdicts().get(1);
    assertThat(skipped.passed()).isFalse();
    assertThat(skipped.reasons()).singleElement().asString().startsWith("skipped: an earlier gate failed");
    assertThat(outside.resolve("second-ran")).as("the second gate never started").doesNotExist();
    assertThat(store.gateRuns(repo.repo().resolve("s1").name())).extracting(EventStore.GateRun::gate)
        .as("a skipped gate is not a run").containsExactly("first");
  }

  @Test
  void withoutFailFastEveryGateRuns() throws Exception {
    plan("""
        gates:
          - {name: first, command: "%s", stages: [component]}
          - {name: second, command: "touch %s", stages: [component]}
        """.formatted(appends(1), outside.resolve("second-ran")));
    Gates.Report report = run(false);
    assertThat(report.verdicts()).extracting(Verdict::status).containsExactly(Verdict.Status.FAILED, Verdict.Status.PASSED);
    assertThat(outside.resolve("second-ran")).exists();
  }

  @Test
  void thePlanCanAskForFailFastOnEveryTargetOrOnSome() throws Exception {
    plan("""
        gating: {fail_fast: [coordination]}
        gates:
          - {name: first, command: "%s", stages: [component]}
          - {name: second, command: "touch %s", stages: [component]}
        """.formatted(appends(1), outside.resolve("second-ran")));
    assertThat(run(false).verdicts().get(1).status()).isEqualTo(Verdict.Status.SKIPPED);
    assertThat(outside.resolve("second-ran")).doesNotExist();
    assertThat(loaded().gating().failFast("main")).isFalse();
    assertThat(PlanLoader.load("p", Plans.ONE_SESSION + "gating: {fail_fast: true}\n"))
        .isInstanceOfSatisfying(PlanLoad.Loaded.class, l -> assertThat(l.plan().gating().failFast("x")).isTrue());
    assertThat(PlanLoader.load("p", Plans.ONE_SESSION + "gating: {fail_fast: 3}\n")).asString()
        .contains("gating.fail_fast", "expected true, false or a list of target branches");
  }

  @Test
  void theFirstGateToRunIsTheCheapSoFailFastSkipsTheSlow() throws Exception {
    plan("""
        gates:
          - {name: slow, command: "touch %s", stages: [component]}
          - {name: cheap, command: "%s", stages: [component]}
        """.formatted(outside.resolve("slow-ran"), appends(1)));
    Plan plan = loaded();
    measured(plan.gates().get(0), 600_000);
    measured(plan.gates().get(1), 10);
    Gates.Report report = run(true);
    assertThat(report.verdicts()).extracting(Verdict::gate).containsExactly("cheap", "slow");
    assertThat(report.verdicts().get(1).status()).isEqualTo(Verdict.Status.SKIPPED);
    assertThat(outside.resolve("slow-ran")).doesNotExist();
  }
}
