package dev.junction.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Spec 7.4's table, row by row, and which row a request falls in. */
class SlaTest {

  @ParameterizedTest(name = "{0} {1} request: target {2}h, max {3}h")
  @CsvSource({
    "component,   small,       1, 2",
    "component,   medium,      2, 4",
    "component,   large,       4, 6",
    "component,   extra-large, 4, 6",
    "docs,        small,       1, 2",
    "fix,         medium,      2, 4",
    "security,    large,       4, 6",
    "performance, small,       1, 2",
    "integration, small,       2, 4",
    "integration, large,       2, 4",
    "integration, extra-large, 2, 4",
    "phase,       small,       4, 8",
    "phase,       extra-large, 4, 8",
    "hotfix,      medium,      2, 4",
    "component,   enormous,    4, 6",
  })
  void timesFollowTheTableTypeRowsWinning(String type, String size, int target, int max) {
    Sla.Times times = Sla.of(type, size);
    assertThat(times.target()).isEqualTo(Duration.ofHours(target));
    assertThat(times.max()).isEqualTo(Duration.ofHours(max));
  }

  @Test
  void typedLookupAgreesWithTheStoredWords() {
    for (RequestType type : RequestType.values()) {
      for (SizeClass size : SizeClass.values()) {
        assertThat(Sla.of(type, size)).isEqualTo(Sla.of(type.word(), size.word()));
      }
    }
  }

  @Test
  void rowsAreNamedAsInTheSpecAndExtraLargeSaysItBorrowsTheLargeRow() {
    assertThat(Sla.of(RequestType.COMPONENT, SizeClass.SMALL).row()).isEqualTo("Small PR (<200 lines)");
    assertThat(Sla.of(RequestType.PHASE, SizeClass.SMALL).row()).isEqualTo("Phase Completion PR");
    assertThat(Sla.of(RequestType.FIX, SizeClass.EXTRA_LARGE).row()).contains("large row");
  }

  @Test
  void theTargetIsNeverLaterThanTheMaximum() {
    for (RequestType type : RequestType.values()) {
      for (SizeClass size : SizeClass.values()) {
        Sla.Times t = Sla.of(type, size);
        assertThat(t.target()).isLessThan(t.max());
      }
    }
  }
}
