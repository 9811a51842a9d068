package dev.junction.app;

import static dev.junction.app.ReadServicesFixture.NOW;
import static dev.junction.app.ReadServicesFixture.ago;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.plan.Disposition;
import dev.junction.review.ConflictLog;
import dev.junction.store.EventStore;
import dev.junction.store.Reviews;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EscalationServiceTest {
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

  EscalationService.Escalated escalate() throws Exception {
    try (Workspace w = fx.workspace()) {
      return new EscalationService(w).escalate(new EscalationService.Input(Optional.empty()));
    }
  }

  @Test
  void nothingIsDueWithoutAStoreAndNoneIsCreated() throws Exception {
    EscalationService.Escalated e = escalate();
    assertThat(e.at()).isEqualTo(NOW);
    assertThat(e.due()).isEmpty();
    assertThat(e.disposition()).isEqualTo(Disposition.DONE);
    assertThat(fx.storeFile()).doesNotExist();
  }

  @Test
  void aFreshRequestIsNotDue() throws Exception {
    try (EventStore store = fx.store()) {
      ReadServicesFixture.open(store, ago(Duration.ofMinutes(90)));
    }
    assertThat(escalate().due()).isEmpty();
  }

  @Test
  void eachLevelIsRecordedOnceAndTheBackupAssignedInTheSameRun() throws Exception {
    long number;
    try (EventStore store = fx.store()) {
      number = ReadServicesFixture.open(store, ago(Duration.ofHours(5))).number();
      ConflictLog.seen(store, "s3", "coordination", List.of("shared.txt"), ReadServicesFixture.at(ago(Duration.ofMinutes(70))));
    }
    EscalationService.Escalated first = escalate();
    assertThat(first.disposition()).isEqualTo(Disposition.NO);
    assertThat(first.due()).extracting(EscalationService.Due::subject).containsExactly(
        "request:" + number + ":ping", "request:" + number + ":backup",
        "conflict:s3 -> coordination@" + ago(Duration.ofMinutes(70)) + ":30",
        "conflict:s3 -> coordination@" + ago(Duration.ofMinutes(70)) + ":60");
    assertThat(first.due()).allMatch(EscalationService.Due::recorded);
    EscalationService.Due backup = first.due().get(1);
    // lead@ comes first in plan order outside session one; three@ is assigned already.
    assertThat(backup.assigned()).contains("lead@example.org");
    assertThat(backup.who()).startsWith("lead@example.org");
    assertThat(backup.request()).contains(number);
    assertThat(first.due().get(0).who()).startsWith("three@example.org");
    assertThat(first.due().get(3).who()).contains("lead@example.org", "three");
    assertThat(first.due().get(3).request()).isEmpty();

    EscalationService.Escalated again = escalate();
    assertThat(again.due()).extracting(EscalationService.Due::subject)
        .containsExactlyElementsOf(first.due().stream().map(EscalationService.Due::subject).toList());
    assertThat(again.due()).noneMatch(EscalationService.Due::recorded);
    assertThat(again.due()).allMatch(d -> d.assigned().isEmpty());
    try (EventStore store = fx.store()) {
      assertThat(store.events("escalation")).hasSize(4);
      assertThat(store.reviews().assignments(number)).extracting(Reviews.Assignment::reason)
          .containsExactly("opened", "backup");
    }
  }
}
