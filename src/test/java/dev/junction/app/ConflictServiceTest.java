package dev.junction.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.conflict.Check;
import dev.junction.plan.Disposition;
import dev.junction.plan.InputError;
import dev.junction.review.ConflictLog;
import dev.junction.store.EventStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConflictServiceTest {
  @TempDir Path dir;
  ReadServicesFixture fx;

  @BeforeEach
  void build() throws Exception {
    fx = new ReadServicesFixture(dir);
  }

  @AfterEach
  void close() {
    fx.close();
  }

  ConflictService.Checked check(String source, Instant at) throws Exception {
    try (Workspace w = fx.workspace(at)) {
      return new ConflictService(w).check(new ConflictService.CheckInput(source, Optional.empty(), Optional.empty(),
          List.of()));
    }
  }

  @Test
  void aCheckWithoutConflictKeepsNoClockAndCreatesNoStore() throws Exception {
    ConflictService.Checked clean = check("s1", ReadServicesFixture.NOW);
    assertThat(clean.disposition()).isEqualTo(Disposition.DONE);
    assertThat(clean.clock()).isEmpty();
    ConflictService.Checked blocked = check("s2", ReadServicesFixture.NOW);
    assertThat(blocked.report().verdict()).isEqualTo(Check.Verdict.BLOCKED);
    assertThat(blocked.disposition()).isEqualTo(Disposition.BLOCKED);
    assertThat(blocked.clock()).isEmpty();
    assertThat(fx.storeFile()).doesNotExist();
  }

  @Test
  void aConflictIsRecordedOnceClimbsTheLevelsAndClearsWhenGone() throws Exception {
    Instant first = ReadServicesFixture.NOW;
    ConflictService.Checked seen = check("s3", first);
    assertThat(seen.disposition()).isEqualTo(Disposition.NO);
    assertThat(seen.clock()).contains(new ConflictService.ConflictClock(ConflictService.ConflictClock.State.OPEN,
        first, 2));

    ConflictService.Checked later = check("s3", first.plus(Duration.ofMinutes(65)));
    assertThat(later.clock()).contains(new ConflictService.ConflictClock(ConflictService.ConflictClock.State.OPEN,
        first, 4));
    try (EventStore store = fx.store()) {
      assertThat(store.events(ConflictLog.SEEN)).singleElement().satisfies(e -> {
        assertThat(e.subject()).isEqualTo("s3 -> coordination");
        assertThat(e.at()).isEqualTo(first);
      });
      assertThat(ConflictLog.open(store)).singleElement().satisfies(o ->
          assertThat(o.items()).containsExactly(new ConflictLog.Item("shared.txt", "content", List.of())));
    }

    fx.repo.commit("s3", "fix: take theirs\n", "shared.txt", "coordination\n");
    Instant fixed = first.plus(Duration.ofMinutes(130));
    ConflictService.Checked cleared = check("s3", fixed);
    assertThat(cleared.disposition()).isEqualTo(Disposition.DONE);
    assertThat(cleared.clock()).contains(new ConflictService.ConflictClock(ConflictService.ConflictClock.State.CLEARED,
        first, 5));
    try (EventStore store = fx.store()) {
      assertThat(store.events(ConflictLog.CLEARED)).singleElement()
          .satisfies(e -> assertThat(e.at()).isEqualTo(fixed));
      assertThat(ConflictLog.open(store)).isEmpty();
    }
    assertThat(check("s3", fixed.plusSeconds(60)).clock()).as("cleared once").isEmpty();
  }

  @Test
  void unknownSourceTaskAndTargetAreInputErrorsInDomainWords() throws Exception {
    try (Workspace w = fx.workspace()) {
      ConflictService service = new ConflictService(w);
      assertThatThrownBy(() -> service.check(new ConflictService.CheckInput("nope", Optional.empty(), Optional.empty(),
          List.of()))).isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.problems())
              .singleElement().hasToString("source: no branch 'nope' in this repository; valid: coordination, main, s1, s2, s3"));
      assertThatThrownBy(() -> service.check(new ConflictService.CheckInput("s1", Optional.empty(), Optional.of("Z"),
          List.of()))).isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.problems())
              .containsExactly(new InputError("task", "no task 'Z' in coordination:junction.yaml; valid: A, B, C")));
      assertThatThrownBy(() -> service.radar(new ConflictService.RadarInput(Optional.of("nope"), List.of(), 1), m -> { }))
          .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.problems())
              .singleElement().hasToString("target: no branch 'nope' in this repository; valid: coordination, main, s1, s2, s3"));
    }
    assertThat(fx.storeFile()).doesNotExist();
  }

  @Test
  void theRadarFindsTheConflictingBranch() throws Exception {
    try (Workspace w = fx.workspace()) {
      var report = new ConflictService(w).radar(new ConflictService.RadarInput(Optional.empty(), List.of(), 2), m -> { });
      assertThat(report.disposition()).isEqualTo(Disposition.NO);
      assertThat(report.branches()).filteredOn(b -> !b.clean()).extracting(b -> b.name()).containsExactly("s3");
    }
  }
}
