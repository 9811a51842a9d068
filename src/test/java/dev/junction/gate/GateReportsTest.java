package dev.junction.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.EventStore;
import dev.junction.testing.Plans;
import dev.junction.testing.TestRepo;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Which reports a gate reads: only those its own run wrote (a branch cannot supply its verdict by
 * committing a report), and none bigger than its cap. The "tools" copy what real tools wrote (the
 * fixtures under {@code src/test/resources/reports/}) unless the tree holds a file {@code crash},
 * in which case they write nothing and exit 0, as a tool that swallows its own crash does.
 */
class GateReportsTest {
  /** One gate per report kind: its name, report type, report path, the fixture and where the tool writes it. */
  enum Kind {
    JUNIT("junit", "reports/unit.xml", "junit/pytest-junit.xml", "reports/unit.xml"),
    JUNIT_GLOB("junit", "reports/TEST-*.xml", "junit/TEST-demo.CalculatorTest.xml", "reports/TEST-demo.CalculatorTest.xml"),
    JACOCO("jacoco", "reports/jacoco.xml", "jacoco/jacoco.xml", "reports/jacoco.xml"),
    COBERTURA("cobertura", "reports/coverage.xml", "cobertura/coverage.xml", "reports/coverage.xml"),
    SARIF("sarif", "reports/scan.sarif", "sarif/bandit.sarif", "reports/scan.sarif"),
    SARIF_GLOB("sarif", "reports/**.sarif", "sarif/bandit.sarif", "reports/scan/bandit.sarif"),
    JMH("jmh", "reports/jmh.json", "jmh/jmh.json", "reports/jmh.json"),
    BENCHMARK_JSON("benchmark-json", "reports/bench.json", "simple/bench.json", "reports/bench.json");

    final String type;
    final String path;
    final String fixture;
    final String written;

    Kind(String type, String path, String fixture, String written) {
      this.type = type;
      this.path = path;
      this.fixture = fixture;
      this.written = written;
    }

    String gate() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    String yaml() {
      String folder = written.substring(0, written.lastIndexOf('/'));
      return "  - name: " + gate() + "\n"
          + "    command: \"test -f crash || { mkdir -p " + folder + " && cp fixtures/" + fixture + " " + written + "; }\"\n"
          + "    stages: [component]\n"
          + "    reports: [{type: " + type + ", path: \"" + path + "\"}]\n";
    }
  }

  static final String PLAN = plan();

  static String plan() {
    StringBuilder b = new StringBuilder(Plans.ONE_SESSION).append("gates:\n");
    for (Kind k : Kind.values()) {
      b.append(k.yaml());
    }
    return b.append("""
          # The pattern docs/gates.md once recommended, as issue 19 found it: the scanner crashes, test -s
          # looks at whatever is at the path.
          - name: scan-test-s
            command: "mkdir -p reports; if test -f crash; then echo 'scanner: internal error on app/other.py' >&2; else cp fixtures/sarif/bandit.sarif reports/scan.sarif; fi; test -s reports/scan.sarif"
            stages: [component]
            reports: [{type: sarif, path: reports/scan.sarif}]
          - name: capped
            command: mkdir -p reports && cp fixtures/junit/TEST-demo.CalculatorTest.xml reports/unit.xml
            stages: [component]
            reports: [{type: junit, path: reports/unit.xml, max_size: 1KiB}]
          - name: big
            command: >-
              mkdir -p reports && awk 'BEGIN { print "<testsuite name=\\"big\\" tests=\\"600000\\">";
              for (i = 0; i < 600000; i++) printf "<testcase classname=\\"demo.BigTest\\" name=\\"case%06d\\" time=\\"0.001\\"/>\\n", i;
              print "</testsuite>" }' > reports/big.xml
            stages: [component]
            reports: [{type: junit, path: reports/big.xml}]
        """).toString();
  }

  @TempDir Path dir;
  @TempDir Path storeDir;
  TestRepo repo;
  EventStore store;
  final Clock clock = Clock.fixed(Instant.parse("2026-11-24T07:00:00Z"), ZoneOffset.UTC);

  @BeforeEach
  void setUp() throws Exception {
    repo = TestRepo.init(dir);
    List<String> files = new ArrayList<>(List.of("junction.yaml", PLAN));
    for (String fixture : List.of("junit/pytest-junit.xml", "junit/TEST-demo.CalculatorTest.xml", "jacoco/jacoco.xml",
        "cobertura/coverage.xml", "sarif/bandit.sarif", "jmh/jmh.json", "simple/bench.json")) {
      files.add("fixtures/" + fixture);
      files.add(GatesTest.fixture(fixture));
    }
    repo.commit("main", "chore: plan\n", files.toArray(String[]::new));
    repo.branch("coordination", "main");
    repo.branch("s1", "main");
    store = EventStore.sqlite(storeDir.resolve("junction.db"));
  }

  @AfterEach
  void tearDown() {
    store.close();
    repo.close();
  }

  Verdict run(String gate) throws Exception {
    Gates.Outcome outcome = Gates.run(repo.repo(), store,
        new Gates.Request(Optional.of(gate), Optional.empty(), "s1", Optional.of("coordination"), true), clock, m -> { });
    assertThat(outcome).isInstanceOf(Gates.Report.class);
    List<Verdict> verdicts = ((Gates.Report) outcome).verdicts();
    assertThat(verdicts).hasSize(1);
    return verdicts.get(0);
  }

  /** What a read report leaves in a verdict: a note on tests, coverage or findings, or figures. */
  static boolean read(Verdict v) {
    return !v.metrics().isEmpty() || v.notes().stream().anyMatch(n -> n.contains("tests") || n.contains("coverage")
        || n.contains("findings"));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aReportTheCommitCarriesButTheRunDidNotWriteIsMissing(Kind kind) throws Exception {
    repo.commit("s1", "feat: a\n", "a.txt", "a\n", "crash", "", kind.written, GatesTest.fixture(kind.fixture));
    Verdict v = run(kind.gate());
    assertThat(v.passed()).isFalse();
    assertThat(v.reasons()).containsExactly("no " + kind.type + " report at " + kind.path + ": the commit carries "
        + kind.written + ", but this run did not write it, and only a report the run writes counts");
    assertThat(read(v)).as("the committed report was not read").isFalse();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aReportTheRunWritesCountsEvenWhereTheCommitCarriedOne(Kind kind) throws Exception {
    repo.commit("s1", "feat: a\n", "a.txt", "a\n", kind.written, GatesTest.fixture(kind.fixture));
    Verdict v = run(kind.gate());
    assertThat(v.reasons()).noneMatch(r -> r.startsWith("no " + kind.type + " report"));
    assertThat(read(v)).as("the report the run wrote was read").isTrue();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aReportNobodyWroteIsMissing(Kind kind) throws Exception {
    repo.commit("s1", "feat: a\n", "a.txt", "a\n", "crash", "");
    assertThat(run(kind.gate()).reasons()).containsExactly("no " + kind.type + " report at " + kind.path);
  }

  @Test
  void aGlobCountsOnlyTheFilesTheRunWrote() throws Exception {
    // A stale, all-passing report committed beside the one the run writes does not dilute its failures.
    String passing = "<testsuite name=\"old\"><testcase classname=\"demo.Old\" name=\"fine\"/>"
        + "<testcase classname=\"demo.Old\" name=\"alsoFine\"/></testsuite>\n";
    repo.commit("s1", "feat: a\n", "a.txt", "a\n", "reports/TEST-demo.OldTest.xml", passing);
    Verdict v = run(Kind.JUNIT_GLOB.gate());
    assertThat(v.notes()).containsExactly("4 tests, 2 failed, 1 skipped");
  }

  @Test
  void theIssuesScannerThatCrashesIsNotPassedByACommittedReport() throws Exception {
    String clean = "{\"version\": \"2.1.0\", \"runs\": [{\"tool\": {\"driver\": {\"name\": \"Bandit\"}}, \"results\": []}]}\n";
    repo.commit("s1", "feat: eval\n", "a.txt", "a\n", "app/calc.py", "def calc(s):\n    return eval(s)\n",
        "crash", "", "reports/scan.sarif", clean);
    Verdict crashed = run("scan-test-s");
    assertThat(crashed.passed()).isFalse();
    assertThat(crashed.reasons()).anySatisfy(r -> assertThat(r).startsWith("command exited with 1"))
        .contains("no sarif report at reports/scan.sarif: the commit carries reports/scan.sarif, but this run did "
            + "not write it, and only a report the run writes counts");
  }

  @Test
  void theScannerThatRunsIsJudgedOnWhatItFound() throws Exception {
    repo.commit("s1", "feat: eval\n", "a.txt", "a\n");
    Verdict v = run("scan-test-s");
    assertThat(v.notes()).contains("9 findings");
    assertThat(v.reasons()).noneMatch(r -> r.startsWith("no sarif report") || r.startsWith("command exited"));
  }

  @Test
  void aReportBiggerThanItsOwnCapFailsTheGateUnread() throws Exception {
    repo.commit("s1", "feat: a\n", "a.txt", "a\n");
    Verdict v = run("capped");
    assertThat(v.reasons()).containsExactly(
        "reports/unit.xml: is 6612 bytes, more than the 1 KiB a junit report may be (max_size); it was not read");
    assertThat(read(v)).isFalse();
  }

  @Test
  void aFortyMegabyteReportFailsTheGateUnderTheDefaultCap() throws Exception {
    repo.commit("s1", "feat: a\n", "a.txt", "a\n");
    Verdict v = run("big");
    assertThat(v.passed()).isFalse();
    assertThat(v.reasons()).containsExactly("reports/big.xml: is 38.9 MiB (40800051 bytes), more than the 32 MiB "
        + "a junit report may be (max_size); it was not read");
    assertThat(read(v)).isFalse();
  }

  @Test
  void aReportThatGrowsPastItsCapWhileReadIsRefused() {
    // The size is checked before reading; a file still being written could grow after that check.
    byte[] report = Fixtures.bytes("junit/TEST-demo.CalculatorTest.xml");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> JUnitXml.read("reports/unit.xml",
            new Judge.Capped(new java.io.ByteArrayInputStream(report), 1024)))
        .isInstanceOf(ReportException.class)
        .hasMessageContaining("reports/unit.xml: ").hasMessageContaining("grew past 1 KiB while it was read (max_size)");
    org.assertj.core.api.Assertions.assertThatCode(() -> JUnitXml.read("reports/unit.xml",
        new Judge.Capped(new java.io.ByteArrayInputStream(report), report.length))).doesNotThrowAnyException();
  }
}
