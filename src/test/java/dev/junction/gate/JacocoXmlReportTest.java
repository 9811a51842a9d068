package dev.junction.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import dev.junction.gate.Coverage.FileLines;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * JaCoCo 0.8.15's XML for a tiny project: {@code Calculator} is half tested ({@code abs} only by
 * a disabled test, {@code describe} not at all), {@code Buggy} has no test.
 */
class JacocoXmlReportTest {
  private static final String JACOCO = "jacoco/jacoco.xml";
  private static final String CALCULATOR = "src/main/java/demo/Calculator.java";
  private static final String BUGGY = "src/main/java/demo/Buggy.java";

  private static Coverage read(List<String> roots) throws ReportException {
    return JacocoXml.read(JACOCO, Fixtures.open(JACOCO), roots);
  }

  @Test
  void mapsEachSourceFileUnderItsSourceRoot() throws ReportException {
    Coverage coverage = read(List.of("src/main/java"));

    assertThat(coverage.files()).containsOnlyKeys(CALCULATOR, BUGGY);
    assertThat(coverage.files().get(CALCULATOR).covered()).containsExactly(4, 7, 11, 12, 14);
    assertThat(coverage.files().get(CALCULATOR).missed())
        .containsExactly(18, 19, 21, 25, 26, 27, 28);
    assertThat(coverage.files().get(BUGGY).covered()).isEmpty();
    assertThat(coverage.files().get(BUGGY).missed())
        .containsExactly(8, 11, 15, 16, 20, 21, 23, 27, 28, 32, 37);
  }

  @Test
  void overallIsCoveredLinesOverAllExecutableLines() throws ReportException {
    assertThat(read(List.of("src/main/java")).overall()).isCloseTo(5.0 / 23, within(1e-12));
  }

  @Test
  void triesEachSourceRootUntilThePathExists() throws ReportException {
    Coverage coverage = JacocoXml.read(JACOCO, Fixtures.open(JACOCO),
        List.of("src/test/java", "src/main/java/"), Set.of(CALCULATOR, BUGGY)::contains);

    assertThat(coverage.files()).containsOnlyKeys(CALCULATOR, BUGGY);
  }

  @Test
  void placesFilesFoundUnderNoRootUnderTheFirst() throws ReportException {
    Coverage coverage = JacocoXml.read(JACOCO, Fixtures.open(JACOCO),
        List.of("app/src", "lib/src"), path -> false);

    assertThat(coverage.files()).containsOnlyKeys("app/src/demo/Calculator.java",
        "app/src/demo/Buggy.java");
  }

  @Test
  void aRootOfDotMeansPackagesStartAtTheRepositoryRoot() throws ReportException {
    assertThat(read(List.of(".")).files()).containsOnlyKeys("demo/Calculator.java",
        "demo/Buggy.java");
  }

  @Test
  void readsPackagesInsideAggregateGroupsAndTheDefaultPackage() throws ReportException {
    Coverage coverage = JacocoXml.read("aggregate.xml", Fixtures.of("""
        <report name="all"><group name="core"><package name="">
          <sourcefile name="Main.java"><line nr="3" mi="0" ci="2"/><line nr="4" mi="1" ci="1"/>
            <line nr="5" mi="2" ci="0"/></sourcefile>
        </package></group></report>"""), List.of("core/src/main/java"));

    assertThat(coverage.files()).containsExactly(entry("core/src/main/java/Main.java",
        new FileLines(new TreeSet<>(Set.of(3, 4)), new TreeSet<>(Set.of(5)))));
  }

  @Test
  void refusesALineWhoseCountIsNotANumber() {
    assertThatThrownBy(() -> JacocoXml.read("jacoco.xml", Fixtures.of("""
        <report><package name="p"><sourcefile name="A.java">
          <line nr="3" mi="x" ci="0"/></sourcefile></package></report>"""), List.of("src")))
        .isInstanceOf(ReportException.class)
        .hasMessage("jacoco.xml: <line> attribute mi is 'x', expected a whole number");
  }

  @Test
  void refusesLineZero() {
    assertThatThrownBy(() -> JacocoXml.read("jacoco.xml", Fixtures.of("""
        <report><package name="p"><sourcefile name="A.java">
          <line nr="0" mi="1" ci="0"/></sourcefile></package></report>"""), List.of("src")))
        .isInstanceOf(ReportException.class)
        .hasMessage("jacoco.xml: p/A.java: line number 0 is out of range");
  }

  @Test
  void refusesAnotherFormatNamingItsRoot() {
    assertThatThrownBy(() -> JacocoXml.read("coverage.xml",
        Fixtures.open("cobertura/coverage.xml"), List.of("src")))
        .isInstanceOf(ReportException.class)
        .hasMessage("coverage.xml: root element is <coverage>, expected <report>");
  }

  @ParameterizedTest
  @MethodSource("cuts")
  void refusesTheReportCutShort(int length) {
    assertThatThrownBy(() -> JacocoXml.read(JACOCO, Fixtures.cut(Fixtures.bytes(JACOCO), length),
        List.of("src/main/java")))
        .isInstanceOf(ReportException.class)
        .hasMessageStartingWith(JACOCO + ": not well-formed XML at line ");
  }

  @Test
  void refusesGarbage() {
    assertThatThrownBy(() -> JacocoXml.read("jacoco.xml",
        new ByteArrayInputStream(Fixtures.GARBAGE), List.of("src")))
        .isInstanceOf(ReportException.class)
        .hasMessageStartingWith("jacoco.xml: ");
  }

  static IntStream cuts() {
    return Fixtures.cuts(Fixtures.bytes(JACOCO));
  }
}
