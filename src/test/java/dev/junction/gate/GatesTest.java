package dev.junction.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.plan.Disposition;
import dev.junction.plan.Stage;
import dev.junction.store.EventStore;
import dev.junction.testing.Plans;
import dev.junction.testing.TestRepo;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gates end to end on real repositories. The gate commands copy report files real tools wrote
 * (the committed fixtures) to where the plan says the reports are.
 */
class GatesTest {
  static final String PLAN = Plans.ONE_SESSION + """
      gates:
        - name: unit
          command: mkdir -p reports && cp fixtures/TEST-demo.CalculatorTest.xml fixtures/jacoco.xml reports/
          stages: [component]
          reports:
            - {type: junit, path: "reports/TEST-*.xml"}
            - {type: jacoco, path: reports/jacoco.xml, source_roots: [src/main/java]}
          thresholds:
            new_line_coverage: 0.80
        - name: bench
          command: mkdir -p reports && cp fixtures/bench.json reports/bench.json
          stages: [phase]
          reports:
            - {type: benchmark-json, path: reports/bench.json}
          thresholds:
            max_regression: 0.10
            slo:
              coordinator_latency_ms: {max: 10}
              cost_waste_pct: {max: 5}
            higher_is_better: [landings_per_hour]
        - name: jmh
          command: mkdir -p reports && cp fixtures/jmh.json reports/jmh.json
          stages: [phase]
          reports:
            - {type: jmh, path: reports/jmh.json}
          thresholds:
            max_regression: 0.10
        - name: review
          lint: {block: [secret]}
          stages: [component]
        - name: slow
          command: sleep 60
          timeout: 1s
          stages: [integration]
        - name: missing
          command: "true"
          stages: [integration]
          reports: [{type: sarif, path: reports/none.sarif}]
      """;

  @TempDir Path dir;
  @TempDir Path storeDir;
  @TempDir Path outside;
  TestRepo repo;
  EventStore store;
  final Clock clock = Clock.fixed(Instant.parse("2026-11-24T07:00:00Z"), ZoneOffset.UTC);

  static String fixture(String path) throws Exception {
    try (InputStream in = GatesTest.class.getClassLoader().getResourceAsStream("reports/" + path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    repo = TestRepo.init(dir);
    repo.commit("main", "chore: plan\n", "junction.yaml", PLAN,
        "fixtures/TEST-demo.CalculatorTest.xml", fixture("junit/TEST-demo.CalculatorTest.xml"),
        "fixtures/jacoco.xml", fixture("jacoco/jacoco.xml"),
        "fixtures/bench.json", fixture("simple/bench.json"),
        "fixtures/jmh.json", fixture("jmh/jmh.json"));
    repo.branch("coordination", "main");
    repo.branch("s1", "main");
    store = EventStore.sqlite(storeDir.resolve("junction.db"));
  }

  @AfterEach
  void tearDown() {
    store.close();
    repo.close();
  }

  Gates.Report run(String gate, String on) throws Exception {
    Gates.Outcome outcome = Gates.run(repo.repo(), store,
        new Gates.Request(Optional.ofNullable(gate), Optional.empty(), on, Optional.of("coordination"), false),
        clock, m -> { });
    assertThat(outcome).isInstanceOf(Gates.Report.class);
    return (Gates.Report) outcome;
  }

  Verdict only(Gates.Report r) {
    assertThat(r.verdicts()).hasSize(1);
    return r.verdicts().get(0);
  }

  @Test
  void failingTestsAndUncoveredNewLinesFailTheGateWithTheirReasons() throws Exception {
    repo.commit("s1", "feat: calculator\n", "src/main/java/demo/Calculator.java", fixture("jacoco/Calculator.java"));
    Verdict v = only(run("unit", "s1"));
    assertThat(v.status()).isEqualTo(Verdict.Status.FAILED);
    assertThat(v.millis()).as("the run is timed, not read off the test's fixed clock").isPositive();
    assertThat(v.reasons()).anySatisfy(r -> assertThat(r).startsWith("2 of 4 tests failed: ")
        .contains("dividesEvenly", "dividesByZero"));
    assertThat(v.reasons()).contains(
        "coverage of new lines 42% < 80%: src/main/java/demo/Calculator.java 18-19,21,25-28 uncovered");
  }

  @Test
  void gatesComeFromTheTargetNotFromTheBranch() throws Exception {
    repo.commit("s1", "chore: no gates for me\n", "junction.yaml", PLAN.replace("new_line_coverage: 0.80", "new_line_coverage: 0.0")
        .replace("name: unit", "name: unit-renamed"));
    Gates.Report r = run(null, "s1");
    assertThat(r.verdicts()).extracting(Verdict::gate).contains("unit").doesNotContain("unit-renamed");
  }

  @Test
  void aGateThatPassedIsNotRunAgainOnTheSameCommit() throws Exception {
    ObjectId c = repo.commit("s1", "feat: nothing risky\n", "notes.txt", "hello\n");
    Verdict first = only(run("review", "s1"));
    Verdict second = only(run("review", "s1"));
    assertThat(first.passed()).isTrue();
    assertThat(first.reused()).isFalse();
    assertThat(second.reused()).isTrue();
    assertThat(store.events("gate.run", c.name())).hasSize(1);
    Gates.Outcome rerun = Gates.run(repo.repo(), store,
        new Gates.Request(Optional.of("review"), Optional.empty(), "s1", Optional.of("coordination"), true), clock, m -> { });
    assertThat(((Gates.Report) rerun).verdicts().get(0).reused()).isFalse();
  }

  @Test
  void lintBlocksAddedSecretsButOnlyReportsOtherRules() throws Exception {
    repo.commit("s1", "feat: config\n", "app/config.py",
        "import os\nAWS_KEY = \"" + "AKIA" + "IOSFODNN7EXAMPLE" + "\"\n# TODO: rotate\n");
    Verdict v = only(run("review", "s1"));
    assertThat(v.status()).isEqualTo(Verdict.Status.FAILED);
    assertThat(v.reasons()).singleElement().asString().startsWith("secret app/config.py:2 ").doesNotContain("IOSFODNN7EXAMPLE");
    assertThat(v.notes()).anyMatch(n -> n.startsWith("todo app/config.py:3"));
  }

  @Test
  void benchmarksAreJudgedBySloAndAgainstTheBaseline() throws Exception {
    Verdict v = only(run("bench", "s1"));
    assertThat(v.status()).isEqualTo(Verdict.Status.FAILED);
    assertThat(v.reasons()).containsExactly("cost_waste_pct 8.20 > 5 (SLO)");
    assertThat(v.metrics()).containsEntry("coordinator_latency_ms", 7.3);
    assertThat(v.notes()).contains("no baseline yet: this run becomes the baseline once it passes");
  }

  @Test
  void aRegressionAgainstTheTargetsLastPassingRunFails() throws Exception {
    String relaxed = PLAN.replace("cost_waste_pct: {max: 5}", "cost_waste_pct: {max: 50}");
    repo.commit("coordination", "chore: relax\n", "junction.yaml", relaxed);
    assertThat(only(run("bench", "coordination")).passed()).isTrue();
    repo.commit("s1", "perf: slower\n", "fixtures/bench.json",
        fixture("simple/bench.json").replace("7.3", "9.9").replace("42", "30"));
    Verdict v = only(run("bench", "s1"));
    assertThat(v.reasons()).anyMatch(r -> r.startsWith("coordinator_latency_ms regressed 36% (9.90 against 7.30 at "))
        .anyMatch(r -> r.startsWith("landings_per_hour regressed 29% (30 against 42 at "));
  }

  @Test
  void jmhThroughputIsBetterWhenHigherAndTimePerOperationWhenLower() throws Exception {
    assertThat(only(run("jmh", "coordination")).passed()).isTrue();
    String jmh = fixture("jmh/jmh.json");
    // Throughput doubles (better) and time per operation halves (better): no regression.
    repo.commit("s1", "perf: faster\n", "fixtures/jmh.json",
        jmh.replace("1923.3163198451666", "3846.6326396903332").replace("466.4070586935407", "233.2035293467704"));
    assertThat(only(run("jmh", "s1")).reasons()).isEmpty();
    // Throughput halves: a regression, although the number went down.
    repo.commit("s1", "perf: slower\n", "fixtures/jmh.json", jmh.replace("1923.3163198451666", "961.6581599225833"));
    assertThat(only(run("jmh", "s1")).reasons()).singleElement().asString()
        .startsWith("demo.JoinBenchmark.builder").contains("regressed 50%");
  }

  @Test
  void aGateThatHangsIsKilledAtItsTimeoutAndFails() throws Exception {
    Verdict v = only(run("slow", "s1"));
    assertThat(v.status()).isEqualTo(Verdict.Status.FAILED);
    assertThat(v.reasons()).containsExactly("timed out after 1s; the command and its children were killed");
  }

  @Test
  void aMissingReportFailsClosed() throws Exception {
    Verdict v = only(run("missing", "s1"));
    assertThat(v.reasons()).containsExactly("no sarif report at reports/none.sarif");
  }

  @Test
  void aTruncatedReportFailsClosedWithTheFileNamed() throws Exception {
    String xml = fixture("junit/TEST-demo.CalculatorTest.xml");
    repo.commit("s1", "test: broken report\n", "fixtures/TEST-demo.CalculatorTest.xml", xml.substring(0, xml.length() / 2));
    Verdict v = only(run("unit", "s1"));
    assertThat(v.status()).isEqualTo(Verdict.Status.FAILED);
    assertThat(v.reasons()).anyMatch(r -> r.startsWith("reports/TEST-demo.CalculatorTest.xml: "));
  }

  @Test
  void stageSelectsItsGatesAndBadInputIsInvalid() throws Exception {
    Gates.Outcome byStage = Gates.run(repo.repo(), store,
        new Gates.Request(Optional.empty(), Optional.of(Stage.PHASE), "s1", Optional.of("coordination"), false), clock, m -> { });
    assertThat(((Gates.Report) byStage).verdicts()).extracting(Verdict::gate).containsExactly("bench", "jmh");
    Gates.Outcome unknownGate = Gates.run(repo.repo(), store,
        new Gates.Request(Optional.of("nope"), Optional.empty(), "s1", Optional.of("coordination"), false), clock, m -> { });
    assertThat(unknownGate.disposition()).isEqualTo(Disposition.INVALID);
    Gates.Outcome unknownRef = Gates.run(repo.repo(), store,
        new Gates.Request(Optional.empty(), Optional.empty(), "nope", Optional.of("coordination"), false), clock, m -> { });
    assertThat(((Gates.Invalid) unknownRef).errors().get(0).toString()).contains("no ref 'nope'");
    assertThat(List.of(byStage.disposition())).containsExactly(Disposition.NO);
  }

  @Test
  void aBranchWhoseTreeWritesThroughASymlinkFailsTheGateAndWritesNothingOutside() throws Exception {
    // The symlink evil and a folder evil in one tree: a copy that followed the link would put the hook outside.
    dev.junction.testing.RawTree.of().file("junction.yaml", PLAN)
        .link("evil", outside.toString())
        .dir("evil", dev.junction.testing.RawTree.of().dir("hooks", dev.junction.testing.RawTree.of()
            .executable("post-receive", "#!/bin/sh\necho owned\n")))
        .commit(repo.repo(), "s1", "feat: hooks\n", repo.tick());
    Verdict v = only(run("unit", "s1"));
    assertThat(v.passed()).isFalse();
    assertThat(v.reasons()).containsExactly("cannot copy the commit's tree: 'evil/hooks/post-receive': lies under "
        + "'evil', which is a symlink in the tree");
    try (var left = java.nio.file.Files.list(outside)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void aBranchWithSymlinksInsideItsTreeIsGatedAsBefore() throws Exception {
    dev.junction.testing.RawTree.of().file("junction.yaml", PLAN)
        .dir("fixtures", dev.junction.testing.RawTree.of()
            .file("TEST-demo.CalculatorTest.xml", fixture("junit/TEST-demo.CalculatorTest.xml"))
            .file("jacoco-real.xml", fixture("jacoco/jacoco.xml")).link("jacoco.xml", "jacoco-real.xml"))
        .commit(repo.repo(), "s1", "feat: links\n", repo.tick());
    Verdict v = only(run("unit", "s1"));
    assertThat(v.reasons()).noneMatch(r -> r.startsWith("cannot copy") || r.startsWith("no "));
    assertThat(v.notes()).anySatisfy(n -> assertThat(n).startsWith("coverage "));
  }
}
