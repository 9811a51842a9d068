package dev.junction.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * JUnit XML from Maven Surefire 3.6.1 (JUnit Jupiter 6.1.3) and pytest 9.1.1, each run on a tiny
 * project with one passing, one failing, one erroring and one skipped test.
 */
class JUnitXmlReportTest {
  private static final String SUREFIRE = "junit/TEST-demo.CalculatorTest.xml";
  private static final String PYTEST = "junit/pytest-junit.xml";

  @Test
  void countsEachOutcomeOfTheSurefireReport() throws ReportException {
    TestReport report = JUnitXml.read(SUREFIRE, Fixtures.open(SUREFIRE));

    assertThat(report).isEqualTo(new TestReport(4, 1, 1, 1,
        List.of("demo.CalculatorTest.dividesByZero", "demo.CalculatorTest.dividesEvenly")));
    assertThat(report.passed()).isEqualTo(1);
  }

  @Test
  void countsEachOutcomeOfThePytestReportUnderItsTestsuitesRoot() throws ReportException {
    TestReport report = JUnitXml.read(PYTEST, Fixtures.open(PYTEST));

    assertThat(report).isEqualTo(new TestReport(4, 1, 1, 1, List.of(
        "tests.test_stock.test_take_more_than_stocked",
        "tests.test_stock.test_report_lists_items")));
  }

  @Test
  void mergingAddsCountsAndKeepsEveryFailingCaseInOrder() throws ReportException {
    TestReport merged = JUnitXml.merge(List.of(
        JUnitXml.read(SUREFIRE, Fixtures.open(SUREFIRE)),
        JUnitXml.read(PYTEST, Fixtures.open(PYTEST))));

    assertThat(merged.tests()).isEqualTo(8);
    assertThat(merged.failures()).isEqualTo(2);
    assertThat(merged.errors()).isEqualTo(2);
    assertThat(merged.skipped()).isEqualTo(2);
    assertThat(merged.passed()).isEqualTo(2);
    assertThat(merged.failing()).containsExactly(
        "demo.CalculatorTest.dividesByZero",
        "demo.CalculatorTest.dividesEvenly",
        "tests.test_stock.test_take_more_than_stocked",
        "tests.test_stock.test_report_lists_items");
  }

  @Test
  void mergingNothingIsAnEmptyReport() {
    assertThat(JUnitXml.merge(List.of())).isEqualTo(new TestReport(0, 0, 0, 0, List.of()));
  }

  @Test
  void readsSuitesNestedInSuitesAndCasesWithoutAClassname() throws ReportException {
    TestReport report = JUnitXml.read("phpunit.xml", Fixtures.of("""
        <testsuites><testsuite name="all"><testsuite name="unit">
          <testcase name="a"><failure/></testcase>
          <testcase name="b"><flakyFailure/></testcase>
        </testsuite></testsuite></testsuites>"""));

    assertThat(report).isEqualTo(new TestReport(2, 1, 0, 0, List.of("a")));
  }

  @Test
  void refusesACaseWithoutAName() {
    assertThatThrownBy(() -> JUnitXml.read("unit.xml",
        Fixtures.of("<testsuite><testcase classname=\"C\"/></testsuite>")))
        .isInstanceOf(ReportException.class)
        .hasMessage("unit.xml: <testcase> has no name attribute");
  }

  @Test
  void refusesAnotherFormatNamingItsRoot() {
    assertThatThrownBy(() -> JUnitXml.read("jacoco.xml", Fixtures.open("jacoco/jacoco.xml")))
        .isInstanceOf(ReportException.class)
        .hasMessage("jacoco.xml: root element is <report>, expected <testsuites> or <testsuite>");
  }

  @Test
  void neverExpandsEntitiesWithoutBound() {
    StringBuilder dtd = new StringBuilder("<!DOCTYPE testsuite [<!ENTITY l0 \"lol\">");
    for (int i = 1; i < 10; i++) {
      dtd.append("<!ENTITY l").append(i).append(" \"")
          .append(("&l" + (i - 1) + ";").repeat(10)).append("\">");
    }
    String laughs = dtd + "]><testsuite><testcase name=\"&l9;\"/></testsuite>";

    assertThatThrownBy(() -> JUnitXml.read("laughs.xml", Fixtures.of(laughs)))
        .isInstanceOf(ReportException.class)
        .hasMessageStartingWith("laughs.xml: not well-formed XML at line 1: ");
  }

  @ParameterizedTest
  @MethodSource("surefireCuts")
  void refusesTheSurefireReportCutShort(int length) {
    byte[] surefire = Fixtures.bytes(SUREFIRE);

    assertThatThrownBy(() -> JUnitXml.read(SUREFIRE, Fixtures.cut(surefire, length)))
        .isInstanceOf(ReportException.class)
        .hasMessageStartingWith(SUREFIRE + ": not well-formed XML at line ");
  }

  @ParameterizedTest
  @MethodSource("pytestCuts")
  void refusesThePytestReportCutShort(int length) {
    assertThatThrownBy(() -> JUnitXml.read(PYTEST, Fixtures.cut(Fixtures.bytes(PYTEST), length)))
        .isInstanceOf(ReportException.class)
        .hasMessageStartingWith(PYTEST + ": not well-formed XML at line ");
  }

  @Test
  void refusesGarbage() {
    assertThatThrownBy(() -> JUnitXml.read("unit.xml", new ByteArrayInputStream(Fixtures.GARBAGE)))
        .isInstanceOf(ReportException.class)
        .hasMessageStartingWith("unit.xml: ")
        .hasMessageNotContaining("\n");
  }

  @Test
  void refusesAFileThatCannotBeRead() {
    assertThatThrownBy(() -> JUnitXml.read("unit.xml", Fixtures.failing()))
        .isInstanceOf(ReportException.class)
        .hasMessage("unit.xml: not readable as XML: disk gone");
  }

  @Test
  void refusesAnEmptyFile() {
    assertThatThrownBy(() -> JUnitXml.read("unit.xml", Fixtures.of("")))
        .isInstanceOf(ReportException.class)
        .hasMessageStartingWith("unit.xml: not well-formed XML at line 1: ");
  }

  static IntStream surefireCuts() {
    return Fixtures.cuts(Fixtures.bytes(SUREFIRE));
  }

  static IntStream pytestCuts() {
    return Fixtures.cuts(Fixtures.bytes(PYTEST));
  }
}
