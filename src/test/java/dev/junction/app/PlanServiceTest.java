package dev.junction.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.plan.InputError;
import dev.junction.plan.PlanError;
import dev.junction.plan.TaskState;
import dev.junction.store.EventStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanServiceTest {
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

  static PlanService.ViewInput coordination() {
    return new PlanService.ViewInput(Optional.empty(), Optional.empty());
  }

  @Test
  void theViewReadsEachTasksStateFromTheTarget() throws Exception {
    try (Workspace w = fx.workspace()) {
      PlanService.Viewed viewed = new PlanService(w).view(coordination());
      assertThat(viewed.view().target()).isEqualTo("coordination");
      assertThat(viewed.view().tasks()).extracting(t -> t.id() + "=" + t.state())
          .containsExactly("A=" + TaskState.IN_PROGRESS, "B=" + TaskState.IN_PROGRESS, "C=" + TaskState.BLOCKED);
    }
  }


  /**
   * Session one, the attacker, lands A with a branch that carries Junction-Task: B (another
   * session's task, the one its own C waits for) on an ordinary commit and on a merge of its own.
   */
  static void landAWithForgedB(ReadServicesFixture fx) throws Exception {
    fx.repo.commit("s1", "chore: b is done\n\nJunction-Task: B\n", "notes.txt", "n\n");
    fx.repo.branch("side", "main");
    fx.repo.commit("side", "feat: side\n", "side.txt", "s\n");
    fx.repo.merge("s1", "side", "Merge side\n\nJunction-Task: B\n");
    fx.repo.merge("coordination", "s1", "feat(a): Merge first [A]\n\nJunction-Task: A\nJunction-Stage: component\n");
  }

  /** The board and the view read the trust rule: A is merged by Junction's merge, B is not, C stays blocked. */
  @Test
  void trailersALandedBranchBroughtAlongDoNotMoveTheBoard() throws Exception {
    landAWithForgedB(fx);
    try (Workspace w = fx.workspace()) {
      PlanService.Viewed viewed = new PlanService(w).view(coordination());
      assertThat(viewed.view().tasks()).extracting(t -> t.id() + "=" + t.state())
          .containsExactly("A=" + TaskState.MERGED, "B=" + TaskState.IN_PROGRESS, "C=" + TaskState.BLOCKED);
      PlanService.Board board = new PlanService(w).board(new PlanService.BoardInput(coordination(), Optional.empty()));
      assertThat(board.markdown()).contains("1 of 3 tasks merged, 1 in progress, 0 ready, 1 blocked.");
    }
  }

  @Test
  void theBoardAnnouncesTheStoresRollbacksAndIsWrittenWhenAsked() throws Exception {
    try (Workspace w = fx.workspace()) {
      PlanService.Board plain = new PlanService(w).board(new PlanService.BoardInput(coordination(), Optional.empty()));
      assertThat(plain.markdown()).startsWith("# Junction task board").doesNotContain("## Events");
      assertThat(plain.written()).isEmpty();
    }
    assertThat(fx.storeFile()).as("reading the board creates no store").doesNotExist();
    try (EventStore store = fx.store()) {
      store.append(new EventStore.Event(Instant.parse("2026-11-24T10:00:00Z"), "rollback", "abc", Optional.empty(),
          "{\"merge\":\"abc\",\"tasks\":\"A\",\"reason\":\"broke\",\"rootCause\":\"R.md\"}"));
    }
    Path file = dir.resolve("BOARD.md");
    try (Workspace w = fx.workspace()) {
      PlanService.Board board = new PlanService(w).board(new PlanService.BoardInput(coordination(), Optional.of(file)));
      assertThat(board.target()).isEqualTo("coordination");
      assertThat(board.written()).contains(file.toString());
      assertThat(board.markdown()).contains("## Events", "- event: ROLLBACK", "  commit: abc", "  tasks: A");
      assertThat(Files.readString(file)).isEqualTo(board.markdown());
    }
  }

  @Test
  void anUnknownTargetIsAnInputErrorAndAnInvalidPlanWritesNothing() throws Exception {
    try (Workspace w = fx.workspace()) {
      PlanService service = new PlanService(w);
      assertThatThrownBy(() -> service.view(new PlanService.ViewInput(Optional.of("nope"), Optional.empty())))
          .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.problems())
              .singleElement().hasToString("target: no branch 'nope' in this repository; valid: coordination, main, s1, s2, s3"));
      Path bad = dir.resolve("bad.yaml");
      Files.writeString(bad, "version: 1\nbogus: 2\n");
      Path file = dir.resolve("BOARD.md");
      assertThatThrownBy(() -> service.board(new PlanService.BoardInput(
          new PlanService.ViewInput(Optional.empty(), Optional.of(bad)), Optional.of(file))))
          .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.problems())
              .allSatisfy(p -> assertThat(p).isInstanceOf(PlanError.class)));
      assertThat(file).doesNotExist();
    }
  }
}
