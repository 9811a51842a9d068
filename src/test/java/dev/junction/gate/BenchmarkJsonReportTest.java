package dev.junction.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.junction.gate.BenchmarkJson.JmhScore;
import java.io.ByteArrayInputStream;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * JMH 1.37's {@code -rf json} for a benchmark run in two modes with a {@code size} parameter, and
 * Junction's simple format as a Python script wrote it.
 */
class BenchmarkJsonReportTest {
  private static final String JMH = "jmh/jmh.json";
  private static final String SIMPLE = "simple/bench.json";

  @Test
  void namesJmhScoresByBenchmarkAndParameters() throws ReportException {
    assertThat(BenchmarkJson.readJmh(JMH, Fixtures.open(JMH))).containsExactly(
        entry("demo.JoinBenchmark.builder(size=10)", 1923.3163198451666),
        entry("demo.JoinBenchmark.builder(size=100)", 128.29961839879215),
        entry("demo.JoinBenchmark.stringJoin(size=10)", 466.4070586935407),
        entry("demo.JoinBenchmark.stringJoin(size=100)", 2700.4067750312784));
  }

  @Test
  void keepsEachJmhScoresUnitAndMode() throws ReportException {
    assertThat(BenchmarkJson.readJmhScores(JMH, Fixtures.open(JMH)))
        .containsEntry("demo.JoinBenchmark.builder(size=10)",
            new JmhScore(1923.3163198451666, "ops/ms", "thrpt"))
        .containsEntry("demo.JoinBenchmark.stringJoin(size=100)",
            new JmhScore(2700.4067750312784, "ns/op", "avgt"));
  }

  @Test
  void namesAJmhBenchmarkWithoutParametersByItsNameAlone() throws ReportException {
    assertThat(BenchmarkJson.readJmh("jmh.json", Fixtures.of("""
        [{"benchmark": "a.B.c", "mode": "avgt", "params": {},
          "primaryMetric": {"score": 2.5, "scoreUnit": "us/op"}},
         {"benchmark": "a.B.d", "mode": "avgt",
          "primaryMetric": {"score": 1, "scoreUnit": "us/op"}},
         {"benchmark": "a.B.e", "mode": "ss", "params": {"n": "1", "kind": "x"},
          "primaryMetric": {"score": 3, "scoreUnit": "s/op"}}]""")))
        .containsExactly(entry("a.B.c", 2.5), entry("a.B.d", 1.0), entry("a.B.e(n=1,kind=x)", 3.0));
  }

  @Test
  void refusesABenchmarkRunInTwoModes() {
    assertThatThrownBy(() -> BenchmarkJson.readJmh("jmh.json", Fixtures.of("""
        [{"benchmark": "a.B.c", "mode": "thrpt",
          "primaryMetric": {"score": 2, "scoreUnit": "ops/s"}},
         {"benchmark": "a.B.c", "mode": "avgt",
          "primaryMetric": {"score": 0.5, "scoreUnit": "s/op"}}]""")))
        .isInstanceOf(ReportException.class)
        .hasMessage("jmh.json: a.B.c appears twice (modes thrpt and avgt); run it in one mode");
  }

  @Test
  void refusesAJmhScoreThatIsNotANumber() {
    assertThatThrownBy(() -> BenchmarkJson.readJmh("jmh.json", Fixtures.of("""
        [{"benchmark": "a.B.c", "mode": "avgt",
          "primaryMetric": {"score": "NaN", "scoreUnit": "s/op"}}]""")))
        .isInstanceOf(ReportException.class)
        .hasMessage("jmh.json: a.B.c: primaryMetric.score is a string, expected a number");
  }

  @Test
  void refusesJmhResultsWithoutAPrimaryMetric() {
    assertThatThrownBy(() -> BenchmarkJson.readJmh("jmh.json",
        Fixtures.of("[{\"benchmark\": \"a.B.c\", \"mode\": \"avgt\"}]")))
        .isInstanceOf(ReportException.class)
        .hasMessage("jmh.json: [0].primaryMetric is missing, expected an object");
  }

  @Test
  void refusesJmhParamsThatAreNoObject() {
    assertThatThrownBy(() -> BenchmarkJson.readJmh("jmh.json",
        Fixtures.of("[{\"benchmark\": \"a.B.c\", \"params\": [1]}]")))
        .isInstanceOf(ReportException.class)
        .hasMessage("jmh.json: a.B.c: params is an array, expected an object");
  }

  @Test
  void refusesAJmhEntryThatIsNoObject() {
    assertThatThrownBy(() -> BenchmarkJson.readJmh("jmh.json", Fixtures.of("[[]]")))
        .isInstanceOf(ReportException.class)
        .hasMessage("jmh.json: [0] is an array, expected an object");
  }

  @Test
  void refusesTheSimpleFormatWhereJmhIsExpected() {
    assertThatThrownBy(() -> BenchmarkJson.readJmh("bench.json", Fixtures.open(SIMPLE)))
        .isInstanceOf(ReportException.class)
        .hasMessage(
            "bench.json: top level is an object, expected JMH's array of benchmark results");
  }

  @ParameterizedTest
  @MethodSource("jmhCuts")
  void refusesTheJmhReportCutShort(int length) {
    assertThatThrownBy(() -> BenchmarkJson.readJmh(JMH, Fixtures.cut(Fixtures.bytes(JMH), length)))
        .isInstanceOf(ReportException.class)
        .hasMessageStartingWith(JMH + ": not valid JSON at line ");
  }

  @Test
  void readsTheSimpleFormatInFileOrder() throws ReportException {
    assertThat(BenchmarkJson.readSimple(SIMPLE, Fixtures.open(SIMPLE))).containsExactly(
        entry("coordinator_latency_ms", 7.3),
        entry("cost_waste_pct", 8.2),
        entry("landings_per_hour", 42.0));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"a\": 1, \"b\": {\"c\": 2}}", "{\"a\": 1, \"b\": \"2\"}", "{\"a\": 1, \"b\": null}",
      "{\"a\": 1, \"b\": true}", "{\"a\": 1, \"b\": [2]}", "{\"a\": 1, \"b\": 1e999}"})
  void refusesSimpleValuesThatAreNotFiniteNumbers(String json) {
    assertThatThrownBy(() -> BenchmarkJson.readSimple("bench.json", Fixtures.of(json)))
        .isInstanceOf(ReportException.class)
        .hasMessageStartingWith("bench.json: b is ")
        .hasMessageEndingWith(", expected a number");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"a\": 1, \"a\": 2}", "{\"a\": NaN}", "{\"a\": 1} {\"b\": 2}", "{\"a\": 1,}"})
  void refusesSimpleFilesThatAreNotStrictJson(String json) {
    assertThatThrownBy(() -> BenchmarkJson.readSimple("bench.json", Fixtures.of(json)))
        .isInstanceOf(ReportException.class)
        .hasMessageStartingWith("bench.json: not valid JSON at line 1, column ");
  }

  @Test
  void refusesASimpleValueWithoutAName() {
    assertThatThrownBy(() -> BenchmarkJson.readSimple("bench.json", Fixtures.of("{\" \": 1}")))
        .isInstanceOf(ReportException.class)
        .hasMessage("bench.json: a value has an empty name");
  }

  @Test
  void refusesJmhOutputWhereTheSimpleFormatIsExpected() {
    assertThatThrownBy(() -> BenchmarkJson.readSimple("jmh.json", Fixtures.open(JMH)))
        .isInstanceOf(ReportException.class)
        .hasMessage("jmh.json: top level is an array, expected an object of named numbers");
  }

  @ParameterizedTest
  @MethodSource("simpleCuts")
  void refusesTheSimpleReportCutShort(int length) {
    assertThatThrownBy(() -> BenchmarkJson.readSimple(SIMPLE,
        Fixtures.cut(Fixtures.bytes(SIMPLE), length)))
        .isInstanceOf(ReportException.class)
        .hasMessageStartingWith(SIMPLE + ": not valid JSON at line ");
  }

  @Test
  void refusesAFileThatCannotBeRead() {
    assertThatThrownBy(() -> BenchmarkJson.readSimple("bench.json", Fixtures.failing()))
        .isInstanceOf(ReportException.class)
        .hasMessage("bench.json: not readable: disk gone")
        .extracting(e -> ((ReportException) e).file())
        .isEqualTo("bench.json");
  }

  @Test
  void refusesGarbageInEitherFormat() {
    assertThatThrownBy(() -> BenchmarkJson.readSimple("bench.json",
        new ByteArrayInputStream(Fixtures.GARBAGE)))
        .isInstanceOf(ReportException.class)
        .hasMessageStartingWith("bench.json: not valid JSON at line 1");
    assertThatThrownBy(() -> BenchmarkJson.readJmh("jmh.json",
        new ByteArrayInputStream(Fixtures.GARBAGE)))
        .isInstanceOf(ReportException.class)
        .hasMessageStartingWith("jmh.json: not valid JSON at line 1");
  }

  static IntStream jmhCuts() {
    return Fixtures.cuts(Fixtures.bytes(JMH));
  }

  static IntStream simpleCuts() {
    return Fixtures.cuts(Fixtures.bytes(SIMPLE));
  }
}
