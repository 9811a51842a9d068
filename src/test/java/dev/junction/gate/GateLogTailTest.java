package dev.junction.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.plan.Stage;
import dev.junction.store.EventStore;
import dev.junction.testing.Plans;
import dev.junction.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #14 item 6: a failed gate that no report explains shows the last lines of its output
 * ({@link Verdict#logTail}), bounded and terminal-safe; one a report explains, or one that passed,
 * shows none. Real gate processes (shell scripts) on real repositories.
 */
class GateLogTailTest {
  static final String PLAN = Plans.ONE_SESSION + """
      gates:
        - name: build
          command: [sh, -c, "i=1; while [ $i -le 30 ]; do echo compiling unit $i; i=$((i+1)); done; echo 'error: Foo.java:3: cannot find symbol' >&2; exit 2"]
          stages: [component]
        - name: noreport
          command: [sh, -c, "echo wrote nothing, sorry"]
          stages: [component]
          reports: [{type: sarif, path: reports/scan.sarif}]
        - name: tests
          command: [sh, -c, "echo running the tests; mkdir -p reports && cp fixtures/TEST-demo.CalculatorTest.xml reports/; exit 1"]
          stages: [component]
          reports: [{type: junit, path: "reports/TEST-*.xml"}]
        - name: fine
          command: [sh, -c, "echo all good"]
          stages: [component]
        - name: binary
          command: [sh, -c, "printf 'ok\\\\n\\\\033[31mred\\\\033[0m and \\\\377\\\\376 bytes\\\\001\\\\n'; head -c 300 /dev/zero | tr '\\\\0' x; printf '\\\\n'; exit 4"]
          stages: [component]
        - name: quiet
          command: [sh, -c, "exit 5"]
          stages: [component]
        - name: slow
          command: [sh, -c, "echo started the server; sleep 60"]
          timeout: 1s
          stages: [integration]
      """;

  @TempDir Path dir;
  @TempDir Path storeDir;
  TestRepo repo;
  EventStore store;
  final Clock clock = Clock.fixed(Instant.parse("2026-11-24T07:00:00Z"), ZoneOffset.UTC);

  @BeforeEach
  void setUp() throws Exception {
    repo = TestRepo.init(dir);
    repo.commit("main", "chore: plan\n", "junction.yaml", PLAN,
        "fixtures/TEST-demo.CalculatorTest.xml", GatesTest.fixture("junit/TEST-demo.CalculatorTest.xml"));
    repo.branch("coordination", "main");
    repo.branch("s1", "main");
    repo.commit("s1", "feat: a\n", "a.txt", "a\n");
    store = EventStore.sqlite(storeDir.resolve("junction.db"));
  }

  @AfterEach
  void tearDown() {
    store.close();
    repo.close();
  }

  Verdict run(String gate) throws Exception {
    Gates.Outcome outcome = Gates.run(repo.repo(), store,
        new Gates.Request(Optional.of(gate), Optional.empty(), "s1", Optional.of("coordination"), false), clock, m -> { });
    assertThat(outcome).isInstanceOf(Gates.Report.class);
    List<Verdict> verdicts = ((Gates.Report) outcome).verdicts();
    assertThat(verdicts).hasSize(1);
    return verdicts.get(0);
  }

  @Test
  void aCommandThatFailsWithoutAReportShowsItsLastTwentyLines() throws Exception {
    Verdict v = run("build");
    assertThat(v.status()).isEqualTo(Verdict.Status.FAILED);
    assertThat(v.reasons()).singleElement().asString().startsWith("command exited with 2 (output in ");
    assertThat(v.logTail()).hasSize(LogTail.LINES);
    assertThat(v.logTail().get(0)).isEqualTo("compiling unit 12");
    assertThat(v.logTail().get(LogTail.LINES - 1)).isEqualTo("error: Foo.java:3: cannot find symbol");
  }

  @Test
  void aRerunShowsOnlyItsOwnOutputThoughTheLogHoldsEveryRun() throws Exception {
    run("quiet");
    Verdict first = run("build");
    Gates.Outcome again = Gates.run(repo.repo(), store,
        new Gates.Request(Optional.of("build"), Optional.empty(), "s1", Optional.of("coordination"), true), clock, m -> { });
    Verdict second = ((Gates.Report) again).verdicts().get(0);
    assertThat(second.logTail()).isEqualTo(first.logTail());
    assertThat(Files.readAllLines(Path.of(second.log()))).hasSize(62);
  }

  @Test
  void aCommandThatExitsZeroButWritesNoReportShowsWhatItPrinted() throws Exception {
    Verdict v = run("noreport");
    assertThat(v.reasons()).containsExactly("no sarif report at reports/scan.sarif");
    assertThat(v.logTail()).containsExactly("wrote nothing, sorry");
  }

  @Test
  void aTimedOutCommandShowsWhereItHung() throws Exception {
    Verdict v = run("slow");
    assertThat(v.reasons()).containsExactly("timed out after 1s; the command and its children were killed");
    assertThat(v.logTail()).containsExactly("started the server");
  }

  @Test
  void aFailureAReportExplainsShowsNoOutput() throws Exception {
    Verdict v = run("tests");
    assertThat(v.status()).isEqualTo(Verdict.Status.FAILED);
    assertThat(v.reasons()).anyMatch(r -> r.startsWith("command exited with 1"))
        .anyMatch(r -> r.startsWith("2 of 4 tests failed: "));
    assertThat(v.logTail()).as("the report names the failing tests").isEmpty();
  }

  @Test
  void aPassingGateShowsNoOutput() throws Exception {
    Verdict v = run("fine");
    assertThat(v.passed()).isTrue();
    assertThat(v.logTail()).isEmpty();
    assertThat(Files.readString(Path.of(v.log()))).isEqualTo("all good\n");
  }

  @Test
  void binaryOutputColoursAndLongLinesAreShownSafely() throws Exception {
    Verdict v = run("binary");
    assertThat(v.logTail()).containsExactly("ok", "red and \ufffd\ufffd bytes\ufffd",
        "x".repeat(LogTail.WIDTH) + LogTail.CUT);
  }

  @Test
  void aCommandThatPrintsNothingHasNoTail() throws Exception {
    Verdict v = run("quiet");
    assertThat(v.reasons()).singleElement().asString().startsWith("command exited with 5");
    assertThat(v.logTail()).isEmpty();
  }

  @Test
  void onlyTheEndOfAHugeLogIsReadAndOnlyWholeLines(@TempDir Path tmp) throws Exception {
    Path log = tmp.resolve("big.log");
    StringBuilder b = new StringBuilder();
    IntStream.range(0, 200_000).forEach(i -> b.append("line ").append(i).append('\n'));
    b.append("partial at the end, no newline");
    Files.writeString(log, b);
    List<String> tail = LogTail.of(log);
    assertThat(tail).hasSize(LogTail.LINES);
    assertThat(tail.get(0)).isEqualTo("line 199981");
    assertThat(tail.get(LogTail.LINES - 1)).isEqualTo("partial at the end, no newline");
    // A progress bar rewritten with carriage returns shows what the terminal showed last; CRLF lines read as lines.
    Files.writeString(log, "10%\r50%\r100% done\r\nnext\r\n\n\n");
    assertThat(LogTail.of(log)).containsExactly("100% done", "next");
    assertThat(LogTail.of(tmp.resolve("missing.log"))).isEmpty();
    // The log is appended to: one run's tail starts where the file ended before it.
    Files.writeString(log, "earlier run\nits error\nthis run\n");
    assertThat(LogTail.of(log, "earlier run\nits error\n".length())).containsExactly("this run");
    assertThat(LogTail.of(log, Files.size(log))).isEmpty();
  }

  @Test
  void aStageWithNoGateSaysNoGateRanAndAStageWithGatesDoesNot() throws Exception {
    String noPhase = Plans.ONE_SESSION + """
        gates:
          - {name: fine, command: "true", stages: [component]}
        """;
    repo.commit("coordination", "chore: one gate\n", "junction.yaml", noPhase);
    Gates.Report phase = (Gates.Report) Gates.run(repo.repo(), store,
        new Gates.Request(Optional.empty(), Optional.of(Stage.PHASE), "s1", Optional.of("coordination"), false),
        clock, m -> { });
    assertThat(phase.verdicts()).isEmpty();
    assertThat(phase.notes()).containsExactly(Gates.NO_GATE + "phase");
    assertThat(phase.notes().get(0)).isEqualTo("no gate ran: the plan has no gate for stage phase");
    Gates.Report component = (Gates.Report) Gates.run(repo.repo(), store,
        new Gates.Request(Optional.empty(), Optional.of(Stage.COMPONENT), "s1", Optional.of("coordination"), false),
        clock, m -> { });
    assertThat(component.verdicts()).extracting(Verdict::gate).containsExactly("fine");
    assertThat(component.notes()).isEmpty();
    // A gate named with a stage it is not in: the stage is at fault, not the name.
    Gates.Outcome wrongStage = Gates.run(repo.repo(), store,
        new Gates.Request(Optional.of("fine"), Optional.of(Stage.PHASE), "s1", Optional.of("coordination"), false),
        clock, m -> { });
    assertThat(((Gates.Invalid) wrongStage).errors()).singleElement()
        .hasToString("stage: gate 'fine' is not in stage phase (its stages: component)");
  }
}
