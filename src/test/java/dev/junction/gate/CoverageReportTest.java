package dev.junction.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.gate.Coverage.NewLines;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * New-line coverage over the real JaCoCo report: a change that added {@code abs} and
 * {@code describe} to {@code Calculator} (lines 17 to 29) and touched {@code add} (line 7).
 */
class CoverageReportTest {
  private static final String CALCULATOR = "src/main/java/demo/Calculator.java";

  private static Coverage jacoco() throws ReportException {
    return JacocoXml.read("jacoco.xml", Fixtures.open("jacoco/jacoco.xml"),
        List.of("src/main/java"));
  }

  private static Set<Integer> lines(int first, int last) {
    return IntStream.rangeClosed(first, last).boxed().collect(Collectors.toSet());
  }

  @Test
  void countsOnlyAddedLinesTheReportCallsExecutable() throws ReportException {
    Set<Integer> added = lines(17, 29);
    added.add(7);

    NewLines fresh = jacoco().newLines(Map.of(CALCULATOR, added, "README.md", lines(1, 40)));

    assertThat(fresh.covered()).isEqualTo(1);
    assertThat(fresh.missed()).isEqualTo(7);
    assertThat(fresh.ratio()).isEqualTo(1.0 / 8);
  }

  @Test
  void mergesConsecutiveMissedLinesIntoRanges() throws ReportException {
    NewLines fresh = jacoco().newLines(Map.of(CALCULATOR, lines(17, 29)));

    assertThat(fresh.uncoveredRanges()).containsOnlyKeys(CALCULATOR);
    assertThat(fresh.uncoveredRanges().get(CALCULATOR))
        .containsExactly(new int[] {18, 19}, new int[] {21, 21}, new int[] {25, 28});
  }

  @Test
  void aChangeOfCoveredLinesOnlyHasNoUncoveredRanges() throws ReportException {
    NewLines fresh = jacoco().newLines(Map.of(CALCULATOR, lines(1, 15)));

    assertThat(fresh.covered()).isEqualTo(5);
    assertThat(fresh.missed()).isZero();
    assertThat(fresh.ratio()).isEqualTo(1.0);
    assertThat(fresh.uncoveredRanges()).isEmpty();
  }

  @Test
  void aChangeWithoutExecutableLinesCountsAsFullyCovered() throws ReportException {
    NewLines fresh = jacoco().newLines(Map.of(CALCULATOR, lines(1, 3), "docs/x.md", lines(1, 9)));

    assertThat(fresh.covered() + fresh.missed()).isZero();
    assertThat(fresh.ratio()).isEqualTo(1.0);
  }

  @Test
  void anEmptyReportIsFullyCovered() {
    assertThat(new Coverage(Map.of()).overall()).isEqualTo(1.0);
  }
}
