package dev.junction.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * coverage.py 7.16.2's Cobertura XML for a tiny Python project run from its own directory
 * ({@code <source>/tmp/fixtures/pyproj</source>}), where pytest failed, errored and skipped tests.
 */
class CoberturaXmlReportTest {
  private static final String COBERTURA = "cobertura/coverage.xml";

  @Test
  void readsFilenamesAsPathsRelativeToTheSource() throws ReportException {
    Coverage coverage = CoberturaXml.read(COBERTURA, Fixtures.open(COBERTURA));

    assertThat(coverage.files()).containsOnlyKeys(
        "inventory/__init__.py", "inventory/stock.py", "tests/test_stock.py");
    assertThat(coverage.files().get("inventory/__init__.py").covered()).isEmpty();
    assertThat(coverage.files().get("inventory/__init__.py").missed()).isEmpty();
    assertThat(coverage.files().get("inventory/stock.py").covered())
        .containsExactly(4, 5, 6, 8, 9, 11, 12, 14, 15, 16, 18, 19, 21, 27);
    assertThat(coverage.files().get("inventory/stock.py").missed())
        .containsExactly(10, 17, 22, 23, 24, 25, 28, 29, 30);
    assertThat(coverage.files().get("tests/test_stock.py").missed()).containsExactly(23, 28);
  }

  @Test
  void overallMatchesTheLineRateCoverageReported() throws ReportException {
    assertThat(CoberturaXml.read(COBERTURA, Fixtures.open(COBERTURA)).overall())
        .isEqualTo(29.0 / 40)
        .isEqualTo(0.725);
  }

  @Test
  void findsTheRepositoryPathAmongTheTailsOfTheSource() throws ReportException {
    Set<String> tracked = Set.of(
        "pyproj/inventory/__init__.py", "pyproj/inventory/stock.py", "pyproj/tests/test_stock.py");

    Coverage coverage = CoberturaXml.read(COBERTURA, Fixtures.open(COBERTURA), tracked::contains);

    assertThat(coverage.files()).containsOnlyKeys(tracked);
  }

  @Test
  void keepsTheFilenameWhenNoTailExists() throws ReportException {
    assertThat(CoberturaXml.read(COBERTURA, Fixtures.open(COBERTURA), path -> false).files())
        .containsOnlyKeys("inventory/__init__.py", "inventory/stock.py", "tests/test_stock.py");
  }

  @Test
  void makesAbsoluteFilenamesRelativeToTheirSourceAndMergesRepeatedClasses()
      throws ReportException {
    Coverage coverage = CoberturaXml.read("cobertura.xml", Fixtures.of("""
        <coverage><sources><source>/srv/repo/src/</source></sources><packages><package>
          <classes>
            <class filename="/srv/repo/src/app/A.java"><methods><method><lines>
              <line number="9" hits="0"/></lines></method></methods>
              <lines><line number="3" hits="1"/><line number="4" hits="0"/></lines></class>
            <class filename="app/A.java"><lines><line number="4" hits="2"/>
              <line number="5" hits="0"/></lines></class>
          </classes></package></packages></coverage>"""));

    assertThat(coverage.files()).containsOnlyKeys("app/A.java");
    assertThat(coverage.files().get("app/A.java").covered()).containsExactly(3, 4);
    assertThat(coverage.files().get("app/A.java").missed()).containsExactly(5);
  }

  @Test
  void refusesAHitCountThatIsNotANumber() {
    assertThatThrownBy(() -> CoberturaXml.read("coverage.xml", Fixtures.of("""
        <coverage><packages><package><classes><class filename="a.py"><lines>
          <line number="1" hits="-1"/></lines></class></classes></package></packages>
        </coverage>""")))
        .isInstanceOf(ReportException.class)
        .hasMessage("coverage.xml: <line> attribute hits is '-1', expected a whole number");
  }

  @Test
  void refusesALineNumberBeyondAnyFile() {
    assertThatThrownBy(() -> CoberturaXml.read("coverage.xml", Fixtures.of("""
        <coverage><packages><package><classes><class filename="a.py"><lines>
          <line number="99999999999" hits="1"/></lines></class></classes></package></packages>
        </coverage>""")))
        .isInstanceOf(ReportException.class)
        .hasMessage("coverage.xml: a.py: line number 99999999999 is out of range");
  }

  @Test
  void refusesAClassWithoutAFilename() {
    assertThatThrownBy(() -> CoberturaXml.read("coverage.xml", Fixtures.of(
        "<coverage><packages><package><classes><class name=\"a\"/></classes></package>"
            + "</packages></coverage>")))
        .isInstanceOf(ReportException.class)
        .hasMessage("coverage.xml: <class> has no filename attribute");
  }

  @Test
  void neverReadsAnExternalEntity(@TempDir Path dir) throws Exception {
    Path secret = Files.writeString(dir.resolve("secret.txt"), "leaked");
    String xml = "<!DOCTYPE coverage [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>"
        + "<coverage><sources><source>&x;</source></sources><packages><package><classes>"
        + "<class filename=\"a.py\"><lines><line number=\"1\" hits=\"1\"/></lines></class>"
        + "</classes></package></packages></coverage>";

    Coverage coverage = CoberturaXml.read("xxe.xml",
        new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), path -> false);

    assertThat(coverage.files()).containsOnlyKeys("a.py");
  }

  @ParameterizedTest
  @MethodSource("cuts")
  void refusesTheReportCutShort(int length) {
    assertThatThrownBy(() -> CoberturaXml.read(COBERTURA,
        Fixtures.cut(Fixtures.bytes(COBERTURA), length)))
        .isInstanceOf(ReportException.class)
        .hasMessageStartingWith(COBERTURA + ": not well-formed XML at line ");
  }

  @Test
  void refusesGarbage() {
    assertThatThrownBy(() -> CoberturaXml.read("coverage.xml",
        new ByteArrayInputStream(Fixtures.GARBAGE)))
        .isInstanceOf(ReportException.class)
        .hasMessageStartingWith("coverage.xml: ");
  }

  static IntStream cuts() {
    return Fixtures.cuts(Fixtures.bytes(COBERTURA));
  }
}
