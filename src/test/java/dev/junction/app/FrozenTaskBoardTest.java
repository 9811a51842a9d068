package dev.junction.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.plan.PlanView;
import dev.junction.plan.TaskState;
import dev.junction.report.StatusFile;
import dev.junction.testing.TestRepo;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #14, item 5: the tasks an unresolved interface clash freezes read blocked, in the board's
 * State column, {@code plan --json}'s view and the session's STATUS, with the declaration; once a
 * coordinator records the resolution they read as before.
 */
class FrozenTaskBoardTest {
  @TempDir Path dir;
  final Clock clock = Clock.fixed(Instant.parse("2026-11-24T07:00:00Z"), ZoneOffset.UTC);
  TestRepo repo;
  Workspace workspace;

  @BeforeEach
  void setUp() throws Exception {
    repo = InterfaceClashFixture.build(dir);
    workspace = Workspace.over(repo.repo(), clock);
  }

  @AfterEach
  void tearDown() {
    workspace.close();
    repo.close();
  }

  PlanView.TaskView task(String id) throws Exception {
    return new PlanService(workspace).view(new PlanService.ViewInput(Optional.empty(), Optional.empty())).view()
        .tasks().stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow();
  }

  String board() throws Exception {
    return new PlanService(workspace).board(new PlanService.BoardInput(new PlanService.ViewInput(Optional.empty(),
        Optional.empty()), Optional.empty())).markdown();
  }

  String status(String session) throws Exception {
    return StatusFile.yaml(new StatusService(workspace).report(new StatusService.Input(session, Optional.empty(), false))
        .status());
  }

  @Test
  void bothTasksReadBlockedByTheClashUntilItIsResolved() throws Exception {
    // The legitimate case first: no clash recorded, both tasks are in progress on their branches.
    assertThat(task("A").state()).isEqualTo(TaskState.IN_PROGRESS);
    assertThat(task("A").frozen()).isEmpty();
    assertThat(board()).contains("| A | first | one | 🔨 in progress |").doesNotContain("BLOCKED");

    new ConflictService(workspace).check(new ConflictService.CheckInput("s1", Optional.empty(), Optional.empty(),
        List.of()));
    long id = new ClashService(workspace).list().get(0).id();

    for (String t : List.of("A", "B")) {
      assertThat(task(t).state()).as(t).isEqualTo(TaskState.BLOCKED);
      assertThat(task(t).frozen()).as(t).singleElement().satisfies(f -> {
        assertThat(f.clash()).isEqualTo(id);
        assertThat(f.path()).isEqualTo("Api.java");
        assertThat(f.declaration()).isEqualTo("Api.run");
      });
    }
    assertThat(board())
        .contains("| A | first | one | ⛔ BLOCKED: interface conflict | `Api.java: Api.run` with s2 (clash " + id + ") |")
        .contains("| B | second | two | ⛔ BLOCKED: interface conflict | `Api.java: Api.run` with s1 (clash " + id + ") |")
        .contains("0 in progress, 0 ready, 2 blocked");
    assertThat(status("one")).contains("tasks_blocked:", "BLOCKED: interface conflict: Api.java: Api.run with s2")
        .contains("A is BLOCKED: interface conflict: Api.java: Api.run with s2 (clash " + id + ")");

    assertThat(new ClashService(workspace).resolve(new ClashService.Resolve(id, "run(long a, long b)",
        Optional.of(Actor.of("lead@example.org"))))).isInstanceOf(ClashService.Resolved.class);
    assertThat(task("A").state()).isEqualTo(TaskState.IN_PROGRESS);
    assertThat(task("A").frozen()).isEmpty();
    assertThat(board()).contains("| A | first | one | 🔨 in progress |");
  }

  @Test
  void aClashWhoseOtherBranchLandedFreezesNothing() throws Exception {
    new ConflictService(workspace).check(new ConflictService.CheckInput("s1", Optional.empty(), Optional.empty(),
        List.of()));
    repo.merge("coordination", "s2", "feat: Merge B [B]\n\nJunction-Task: B\n");
    assertThat(task("A").state()).isEqualTo(TaskState.IN_PROGRESS);
    assertThat(task("B").state()).isEqualTo(TaskState.MERGED);
    assertThat(board()).doesNotContain("BLOCKED: interface conflict |");
  }
}
