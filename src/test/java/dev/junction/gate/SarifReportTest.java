package dev.junction.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.junction.gate.SarifFinding.Severity;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SARIF from SpotBugs 4.10.4 (through spotbugs-maven-plugin 4.10.4.1) on a class with real bugs,
 * and from Bandit 1.9.4 on a module with shell injection, hard-coded passwords, unsafe YAML and
 * pickle. The mapping tests wrap one hand-made result in a minimal log.
 */
class SarifReportTest {
  private static final String SPOTBUGS = "sarif/spotbugsSarif.json";
  private static final String BANDIT = "sarif/bandit.sarif";

  private static List<SarifFinding> log(String run) throws ReportException {
    return Sarif.read("scan.sarif",
        Fixtures.of("{\"version\": \"2.1.0\", \"runs\": [" + run + "]}"));
  }

  private static SarifFinding only(String result) throws ReportException {
    return only("{\"driver\": {\"name\": \"T\"}}", result);
  }

  private static SarifFinding only(String tool, String result) throws ReportException {
    List<SarifFinding> findings = log("{\"tool\": " + tool + ", \"results\": [" + result + "]}");
    assertThat(findings).hasSize(1);
    return findings.get(0);
  }

  @Test
  void readsSpotBugsLevelsAsSeverities() throws ReportException {
    List<SarifFinding> findings = Sarif.read(SPOTBUGS, Fixtures.open(SPOTBUGS));

    assertThat(findings)
        .extracting(SarifFinding::tool, SarifFinding::ruleId, SarifFinding::severity,
            SarifFinding::path, SarifFinding::line)
        .containsExactly(
            tuple("SpotBugs", "DMI_RANDOM_USED_ONLY_ONCE", Severity.MEDIUM, "demo/Buggy.java", 32),
            tuple("SpotBugs", "DM_CONVERT_CASE", Severity.LOW, "demo/Buggy.java", 15),
            tuple("SpotBugs", "ES_COMPARING_PARAMETER_STRING_WITH_EQ", Severity.MEDIUM,
                "demo/Buggy.java", 11),
            tuple("SpotBugs", "HE_EQUALS_USE_HASHCODE", Severity.LOW, "demo/Buggy.java", 37),
            tuple("SpotBugs", "NP_ALWAYS_NULL", Severity.HIGH, "demo/Buggy.java", 21),
            tuple("SpotBugs", "NP_LOAD_OF_KNOWN_NULL_VALUE", Severity.LOW, "demo/Buggy.java", 21),
            tuple("SpotBugs", "OBL_UNSATISFIED_OBLIGATION", Severity.LOW, "demo/Buggy.java", 27),
            tuple("SpotBugs", "OS_OPEN_STREAM", Severity.LOW, "demo/Buggy.java", 27),
            tuple("SpotBugs", "RV_RETURN_VALUE_IGNORED", Severity.HIGH, "demo/Buggy.java", 15));
    assertThat(findings.get(4).message()).isEqualTo("Null pointer dereference");
  }

  @Test
  void readsBanditIssueSeverityBeforeItsLevel() throws ReportException {
    List<SarifFinding> findings = Sarif.read(BANDIT, Fixtures.open(BANDIT));

    assertThat(findings)
        .extracting(SarifFinding::tool, SarifFinding::ruleId, SarifFinding::severity,
            SarifFinding::path, SarifFinding::line)
        .containsExactly(
            tuple("Bandit", "B403", Severity.LOW, "deploy/tasks.py", 3),
            tuple("Bandit", "B404", Severity.LOW, "deploy/tasks.py", 4),
            tuple("Bandit", "B105", Severity.LOW, "deploy/tasks.py", 8),
            tuple("Bandit", "B602", Severity.HIGH, "deploy/tasks.py", 12),
            tuple("Bandit", "B506", Severity.MEDIUM, "deploy/tasks.py", 16),
            tuple("Bandit", "B324", Severity.HIGH, "deploy/tasks.py", 20),
            tuple("Bandit", "B301", Severity.MEDIUM, "deploy/tasks.py", 24),
            tuple("Bandit", "B107", Severity.LOW, "deploy/tasks.py", 27),
            tuple("Bandit", "B101", Severity.LOW, "deploy/tasks.py", 28));
    assertThat(findings.get(3).message())
        .isEqualTo("subprocess call with shell=True identified, security issue.");
  }

  @Test
  void severityOrdersWorstFirst() {
    assertThat(Severity.CRITICAL.atLeast(Severity.HIGH)).isTrue();
    assertThat(Severity.HIGH.atLeast(Severity.HIGH)).isTrue();
    assertThat(Severity.MEDIUM.atLeast(Severity.HIGH)).isFalse();
  }

  @ParameterizedTest
  @CsvSource({"9.8, CRITICAL", "9, CRITICAL", "8.9, HIGH", "7.0, HIGH", "6.9, MEDIUM",
      "4, MEDIUM", "3.9, LOW", "0.1, LOW", "0, NONE"})
  void mapsSecuritySeverityScoresToBands(String score, Severity expected) throws ReportException {
    SarifFinding finding = only("{\"ruleId\": \"R\", \"level\": \"note\", \"message\": {\"text\": "
        + "\"m\"}, \"properties\": {\"security-severity\": \"" + score + "\"}}");

    assertThat(finding.severity()).isEqualTo(expected);
  }

  @Test
  void takesSecuritySeverityFromTheRuleBeforeBanditSeverity() throws ReportException {
    SarifFinding finding = only(
        "{\"driver\": {\"name\": \"T\", \"rules\": [{\"id\": \"R\", "
            + "\"properties\": {\"security-severity\": 9.1}}]}}",
        "{\"ruleId\": \"R\", \"properties\": {\"issue_severity\": \"LOW\"}}");

    assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void findsCodeQlRulesInToolExtensions() throws ReportException {
    SarifFinding finding = only(
        "{\"driver\": {\"name\": \"CodeQL\"}, \"extensions\": [{\"name\": \"pack\", \"rules\": "
            + "[{\"id\": \"js/xss\", \"properties\": {\"security-severity\": \"7.8\"}, "
            + "\"messageStrings\": {\"default\": {\"text\": \"Cross-site scripting\"}}}]}]}",
        "{\"rule\": {\"id\": \"js/xss\", \"index\": 0, \"toolComponent\": {\"index\": 0}}, "
            + "\"message\": {\"id\": \"default\"}}");

    assertThat(finding.ruleId()).isEqualTo("js/xss");
    assertThat(finding.severity()).isEqualTo(Severity.HIGH);
    assertThat(finding.message()).isEqualTo("Cross-site scripting");
  }

  @Test
  void findsARuleByIdWhenTheResultGivesNoIndex() throws ReportException {
    SarifFinding finding = only(
        "{\"driver\": {\"name\": \"T\", \"rules\": [{\"id\": \"A\"}, {\"id\": \"B\", "
            + "\"defaultConfiguration\": {\"level\": \"error\"}}]}}",
        "{\"ruleId\": \"B\"}");

    assertThat(finding.severity()).isEqualTo(Severity.HIGH);
    assertThat(finding.message()).isEmpty();
    assertThat(finding.path()).isEmpty();
    assertThat(finding.line()).isZero();
  }

  @ParameterizedTest
  @CsvSource({"rank, 1, HIGH", "rank, 9, HIGH", "rank, 10, MEDIUM", "rank, 14, MEDIUM",
      "rank, 15, LOW", "rank, 20, LOW", "priority, 1, HIGH", "priority, 2, MEDIUM",
      "priority, 3, LOW"})
  void mapsSpotBugsRankAndPriorityWhenPresent(String property, int value, Severity expected)
      throws ReportException {
    SarifFinding finding = only("{\"ruleId\": \"R\", \"level\": \"none\", \"properties\": {\""
        + property + "\": " + value + "}}");

    assertThat(finding.severity()).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"'\"level\": \"error\"', HIGH", "'\"level\": \"warning\"', MEDIUM",
      "'\"level\": \"note\"', LOW", "'\"level\": \"none\"', NONE", "'\"kind\": \"fail\"', MEDIUM",
      "'\"kind\": \"pass\"', NONE"})
  void fallsBackToTheSarifLevel(String field, Severity expected) throws ReportException {
    assertThat(only("{\"ruleId\": \"R\", " + field + "}").severity()).isEqualTo(expected);
  }

  @Test
  void refusesAnUnknownLevel() {
    assertThatThrownBy(() -> only("{\"ruleId\": \"R\", \"level\": \"fatal\"}"))
        .isInstanceOf(ReportException.class)
        .hasMessage("scan.sarif: runs[0].results[0].level is 'fatal', "
            + "expected error, warning, note or none");
  }

  @Test
  void refusesASecuritySeverityThatIsNoScore() {
    assertThatThrownBy(() -> only("{\"ruleId\": \"R\", \"properties\": "
        + "{\"security-severity\": \"high\"}}"))
        .isInstanceOf(ReportException.class)
        .hasMessage("scan.sarif: runs[0].results[0]: security-severity 'high' "
            + "is not a score from 0 to 10");
  }

  @Test
  void leavesOutResultsAPersonAccepted() throws ReportException {
    List<SarifFinding> findings = log("{\"tool\": {\"driver\": {\"name\": \"T\"}}, \"results\": ["
        + "{\"ruleId\": \"A\", \"suppressions\": [{\"kind\": \"inSource\"}]},"
        + "{\"ruleId\": \"B\", \"suppressions\": [{\"kind\": \"external\", "
        + "\"status\": \"underReview\"}]}]}");

    assertThat(findings).extracting(SarifFinding::ruleId).containsExactly("B");
  }

  @Test
  void makesFileUrisRelativeToTheRunsBaseDirectory() throws ReportException {
    SarifFinding finding = only("{\"driver\": {\"name\": \"T\"}}",
        "{\"ruleId\": \"R\", \"locations\": [{\"physicalLocation\": {\"artifactLocation\": "
            + "{\"uri\": \"file:///ci/work/src/My%20App.java\"}, "
            + "\"region\": {\"startLine\": 4}}}]}");
    SarifFinding withBase = log("{\"tool\": {\"driver\": {\"name\": \"T\"}}, "
        + "\"originalUriBaseIds\": {\"SRCROOT\": {\"uri\": \"file:///ci/work/\"}}, \"results\": ["
        + "{\"ruleId\": \"R\", \"locations\": [{\"physicalLocation\": {\"artifactLocation\": "
        + "{\"uri\": \"file:///ci/work/src/My%20App.java\"}}}]}]}").get(0);

    assertThat(finding.path()).isEqualTo("/ci/work/src/My App.java");
    assertThat(finding.line()).isEqualTo(4);
    assertThat(withBase.path()).isEqualTo("src/My App.java");
  }

  @Test
  void prefixesARelativeUriWithItsBasesRelativeUri() throws ReportException {
    List<SarifFinding> findings = log("{\"tool\": {\"driver\": {\"name\": \"T\"}}, "
        + "\"originalUriBaseIds\": {\"PKG\": {\"uri\": \"lib/\"}, "
        + "\"ROOT\": {\"uri\": \"file:///ci/work/\"}}, \"results\": ["
        + "{\"ruleId\": \"R\", \"locations\": [{\"physicalLocation\": {\"artifactLocation\": "
        + "{\"uri\": \"a.py\", \"uriBaseId\": \"PKG\"}}}]},"
        + "{\"ruleId\": \"R\", \"locations\": [{\"physicalLocation\": {\"artifactLocation\": "
        + "{\"uri\": \"./b.py\", \"uriBaseId\": \"ROOT\"}}}]},"
        + "{\"ruleId\": \"R\", \"locations\": [{\"physicalLocation\": {\"artifactLocation\": "
        + "{\"uri\": \"dir with space/c.py\"}}}]},"
        + "{\"ruleId\": \"R\", \"locations\": [{\"physicalLocation\": {\"artifactLocation\": "
        + "{\"uri\": \"https://example.org/pom.xml\"}}}]}]}");

    assertThat(findings).extracting(SarifFinding::path)
        .containsExactly("lib/a.py", "b.py", "dir with space/c.py", "https://example.org/pom.xml");
  }

  @Test
  void refusesARunWithoutResultsBecauseTheToolDidNotFinish() {
    assertThatThrownBy(() -> log("{\"tool\": {\"driver\": {\"name\": \"T\"}}}"))
        .isInstanceOf(ReportException.class)
        .hasMessage("scan.sarif: runs[0].results is missing, expected an array");
  }

  @Test
  void refusesAResultWithoutARule() {
    assertThatThrownBy(() -> only("{\"message\": {\"text\": \"m\"}}"))
        .isInstanceOf(ReportException.class)
        .hasMessage("scan.sarif: runs[0].results[0] names no rule");
  }

  @Test
  void refusesAResultThatIsNoObject() {
    assertThatThrownBy(() -> only("42"))
        .isInstanceOf(ReportException.class)
        .hasMessage("scan.sarif: runs[0].results[0] is a number, expected an object");
  }

  @Test
  void refusesARunWithoutATool() {
    assertThatThrownBy(() -> log("{\"results\": []}"))
        .isInstanceOf(ReportException.class)
        .hasMessage("scan.sarif: runs[0].tool is missing, expected an object");
  }

  @Test
  void refusesOtherSarifVersions() {
    assertThatThrownBy(() -> Sarif.read("old.sarif", Fixtures.of("{\"version\": \"1.0.0\"}")))
        .isInstanceOf(ReportException.class)
        .hasMessage("old.sarif: SARIF version is '1.0.0', expected 2.1.0");
  }

  @Test
  void refusesJsonThatIsNoLog() {
    assertThatThrownBy(() -> Sarif.read("jmh.json", Fixtures.open("jmh/jmh.json")))
        .isInstanceOf(ReportException.class)
        .hasMessage("jmh.json: top level is an array, expected a SARIF log object");
  }

  @ParameterizedTest
  @MethodSource("spotbugsCuts")
  void refusesTheSpotBugsLogCutShort(int length) {
    assertThatThrownBy(() -> Sarif.read(SPOTBUGS, Fixtures.cut(Fixtures.bytes(SPOTBUGS), length)))
        .isInstanceOf(ReportException.class)
        .hasMessageStartingWith(SPOTBUGS + ": not valid JSON at line ");
  }

  @ParameterizedTest
  @MethodSource("banditCuts")
  void refusesTheBanditLogCutShort(int length) {
    assertThatThrownBy(() -> Sarif.read(BANDIT, Fixtures.cut(Fixtures.bytes(BANDIT), length)))
        .isInstanceOf(ReportException.class)
        .hasMessageStartingWith(BANDIT + ": not valid JSON at line ");
  }

  @Test
  void refusesGarbage() {
    assertThatThrownBy(() -> Sarif.read("scan.sarif", new ByteArrayInputStream(Fixtures.GARBAGE)))
        .isInstanceOf(ReportException.class)
        .hasMessageStartingWith("scan.sarif: not valid JSON at line 1");
  }

  @Test
  void refusesAnEmptyFile() {
    assertThatThrownBy(() -> Sarif.read("scan.sarif", Fixtures.of("")))
        .isInstanceOf(ReportException.class)
        .hasMessage("scan.sarif: empty file, expected JSON");
  }

  static IntStream spotbugsCuts() {
    return Fixtures.cuts(Fixtures.bytes(SPOTBUGS));
  }

  static IntStream banditCuts() {
    return Fixtures.cuts(Fixtures.bytes(BANDIT));
  }
}
