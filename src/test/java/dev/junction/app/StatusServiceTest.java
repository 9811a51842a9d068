package dev.junction.app;

import static dev.junction.app.ReadServicesFixture.NOW;
import static dev.junction.app.ReadServicesFixture.ago;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.gate.Gates;
import dev.junction.plan.Disposition;
import dev.junction.plan.InputError;
import dev.junction.report.StatusFile;
import dev.junction.store.EventStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusServiceTest {
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

  StatusService.Reported report(String session, boolean write) throws Exception {
    try (Workspace w = fx.workspace()) {
      return new StatusService(w).report(new StatusService.Input(session, Optional.empty(), write));
    }
  }

  @Test
  void withoutAStoreTheStatusHasTasksAndNoGateAndNoStoreIsCreated() throws Exception {
    StatusFile.Status s = report("one", false).status();
    assertThat(s.session()).isEqualTo("one");
    assertThat(s.branch()).contains("s1");
    assertThat(s.tip()).contains(fx.s1.name());
    assertThat(s.updated()).isEqualTo(NOW);
    assertThat(s.testsPassing()).isEmpty();
    assertThat(s.inProgress()).extracting(StatusFile.TaskLine::id).containsExactly("A");
    assertThat(s.blocked()).containsExactly(new StatusFile.TaskLine("C", "third", List.of("B")));
    assertThat(fx.storeFile()).doesNotExist();
  }

  /** The fixture's plan with one gate {@code unit} running {@code command}, committed on {@code branch}. */
  void gate(String branch, String command) throws Exception {
    fx.repo.commit(branch, "chore: gate\n", "junction.yaml", ReadServicesFixture.PLAN
        + "gates:\n  - {name: unit, command: \"" + command + "\", stages: [component]}\n");
  }

  /** {@code junction gate --on ON --into INTO} at {@code at}. */
  Gates.Outcome runGate(String on, String into, Instant at) throws Exception {
    try (EventStore store = fx.store()) {
      return Gates.run(fx.repo.repo(), store, new Gates.Request(Optional.empty(), Optional.empty(), on, Optional.of(into),
          true), ReadServicesFixture.at(at), m -> { });
    }
  }

  @Test
  void theStatusTellsRequestsReviewsEscalationsGatesAndRollbacksOfTheSession() throws Exception {
    long number;
    Instant gateAt = ago(Duration.ofMinutes(5));
    gate("coordination", "test -f a.txt");
    assertThat(runGate("s1", "coordination", gateAt).disposition()).isEqualTo(Disposition.DONE);
    try (EventStore store = fx.store()) {
      number = ReadServicesFixture.open(store, ago(Duration.ofHours(3))).number();
      store.append(new EventStore.Event(Instant.parse("2025-11-12T16:45:00Z"), "rollback", "abc123", Optional.empty(),
          "{\"merge\":\"abc123\",\"tasks\":\"A\",\"reason\":\"Integration tests failing\",\"rootCause\":\"R.md\"}"));
    }
    StatusFile.Status one = report("one", false).status();
    assertThat(one.testsPassing()).contains(true);
    assertThat(one.gates()).containsExactly(new StatusFile.GateResult("unit", true, gateAt));
    assertThat(one.requests()).singleElement().satisfies(r -> {
      assertThat(r.number()).isEqualTo(number);
      assertThat(r.into()).isEqualTo("coordination");
      assertThat(r.approvals()).isEmpty();
      assertThat(r.missing()).containsExactly(
          "needs 1 approval for a component request (review.min_approvals.component) from sessions other than one; has 0",
          "a.txt owned by @two (CODEOWNERS line 1, a.txt): needs an approval from one of them");
    });
    assertThat(one.escalations()).extracting(StatusFile.EscalationLine::subject).containsExactly("request:" + number + ":ping");
    assertThat(one.rollbacks()).containsExactly(new StatusFile.RollbackLine(Instant.parse("2025-11-12T16:45:00Z"),
        "abc123", List.of("A"), "Integration tests failing", "R.md"));

    StatusFile.Status three = report("three", false).status();
    assertThat(three.reviewsRequested()).singleElement().satisfies(a -> {
      assertThat(a.request()).isEqualTo(number);
      assertThat(a.reviewer()).isEqualTo("three@example.org");
    });
    assertThat(three.escalations()).extracting(StatusFile.EscalationLine::level).containsExactly("ping");
    assertThat(three.rollbacks()).isEmpty();
    assertThat(three.requests()).isEmpty();

    StatusFile.Status two = report("two", false).status();
    assertThat(two.escalations()).isEmpty();
    assertThat(two.reviewsRequested()).isEmpty();
  }

  /** STATUS reads the trust rule: session one's C still waits for B after one's branch forged B and landed. */
  @Test
  void trailersALandedBranchBroughtAlongDoNotUnblockTheSessionsTasks() throws Exception {
    PlanServiceTest.landAWithForgedB(fx);
    StatusFile.Status s = report("one", false).status();
    assertThat(s.inProgress()).isEmpty();
    assertThat(s.blocked()).containsExactly(new StatusFile.TaskLine("C", "third", List.of("B")));
  }

  /**
   * A branch whose own {@code junction.yaml} weakens the gate passes it under that plan
   * ({@code junction gate --into s1}): STATUS shows only runs under the target's configuration,
   * so that pass is not shown, and the target's failing run is.
   */
  @Test
  void gatesRunUnderTheBranchsOwnPlanAreNotShown() throws Exception {
    gate("coordination", "test -f proof.txt");
    gate("s1", "true");
    assertThat(runGate("s1", "s1", ago(Duration.ofMinutes(9))).disposition()).isEqualTo(Disposition.DONE);
    StatusFile.Status own = report("one", false).status();
    assertThat(own.gates()).isEmpty();
    assertThat(own.testsPassing()).isEmpty();

    Instant failedAt = ago(Duration.ofMinutes(5));
    assertThat(runGate("s1", "coordination", failedAt).disposition()).isEqualTo(Disposition.NO);
    StatusFile.Status judged = report("one", false).status();
    assertThat(judged.gates()).containsExactly(new StatusFile.GateResult("unit", false, failedAt));
    assertThat(judged.testsPassing()).contains(false);

    // The target's plan changes the gate: the run under its earlier configuration is not shown either.
    gate("coordination", "test -f a.txt");
    assertThat(report("one", false).status().gates()).isEmpty();
  }

  @Test
  void theStatusIsWrittenAtTheWorkTreeRoot() throws Exception {
    StatusService.Reported r = report("one", true);
    Path file = dir.resolve("STATUS-one.yaml");
    assertThat(r.file()).isEqualTo("STATUS-one.yaml");
    assertThat(r.written()).contains(file.toString());
    assertThat(Files.readString(file)).isEqualTo(StatusFile.yaml(r.status()));
  }

  @Test
  void anUnknownSessionAndWritingIntoABareHubAreInputErrors(@TempDir Path hub) throws Exception {
    assertThatThrownBy(() -> report("nobody", false)).isInstanceOfSatisfying(InvalidInput.class, e ->
        assertThat(e.problems()).containsExactly(new InputError("session",
            "no session 'nobody' in coordination:junction.yaml; valid: lead, one, two, three")));
    fx.repo.git("clone", "-q", "--bare", dir.toString(), hub.resolve("hub.git").toString());
    try (Workspace w = Workspace.open(Workspace.Location.of(hub.resolve("hub.git")), ReadServicesFixture.at(NOW))) {
      StatusService service = new StatusService(w);
      assertThatThrownBy(() -> service.report(new StatusService.Input("one", Optional.empty(), true)))
          .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.problems()).singleElement()
              .satisfies(p -> assertThat(p.field()).isEqualTo("write")));
      assertThat(service.report(new StatusService.Input("one", Optional.empty(), false)).written()).isEmpty();
    }
  }
}
