package dev.junction.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.plan.PlanView;
import dev.junction.plan.PlanView.TaskView;
import dev.junction.plan.TaskState;
import dev.junction.testing.TestRepo;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Task states read from real repositories.
 *
 * <pre>
 * coordination  o---M1          (M1: --no-ff merge of s1 carrying Junction-Task: A)
 *                \ /
 * s1              a
 * s2              b---c         (work of task B and C's session)
 * </pre>
 */
class PlanStatusTest {
  static final String PLAN = """
      version: 1
      branches:
        main: main
        coordination: coordination
      sessions:
        - id: one
          branch: s1
        - id: two
          branch: s2
        - id: three
          branch: s3
      phases:
        - id: p
          tasks:
            - id: A
              title: first
              owner: one
              deliverables: [src/a.py]
            - id: B
              title: second
              owner: two
              deliverables: [src/b/]
              depends_on: [A]
            - id: C
              title: third
              owner: two
              deliverables: ["docs/*.md"]
              depends_on: [B]
            - id: D
              title: fourth
              owner: one
              depends_on: [A]
      """;

  @TempDir Path dir;
  TestRepo repo;

  @BeforeEach
  void setUp() throws Exception {
    repo = TestRepo.init(dir);
    repo.commit("main", "chore: plan\n", "junction.yaml", PLAN);
    repo.branch("coordination", "main");
    repo.branch("s1", "main");
    repo.branch("s2", "main");
  }

  PlanView view() throws Exception {
    PlanStatus.Outcome outcome = PlanStatus.view(repo.repo(),
        new PlanStatus.Request(Optional.of("coordination"), Optional.empty()));
    assertThat(outcome).isInstanceOf(PlanStatus.Viewed.class);
    return ((PlanStatus.Viewed) outcome).view();
  }

  TaskView task(PlanView view, String id) {
    return view.tasks().stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void mergeCarryingTheTrailerMakesTheTaskMerged() throws Exception {
    repo.commit("s1", "feat: a\n", "src/a.py", "a");
    repo.merge("coordination", "s1", "feat: Merge A [A]\n\nJunction-Task: A\n");
    PlanView view = view();
    assertThat(task(view, "A").state()).isEqualTo(TaskState.MERGED);
    assertThat(task(view, "B").state()).isEqualTo(TaskState.READY);
    assertThat(task(view, "C").state()).isEqualTo(TaskState.BLOCKED);
    assertThat(task(view, "C").missing()).containsExactly("B");
  }

  @Test
  void aRevertedMergeNoLongerCountsUntilTheTaskLandsAgain() throws Exception {
    repo.commit("s1", "feat: a\n", "src/a.py", "a");
    ObjectId merge = repo.merge("coordination", "s1", "feat: Merge A\n\nJunction-Task: A\n");
    repo.commit("coordination", "Revert A\n\nJunction-Revert: " + merge.name() + "\n", "src/a.py", "");
    assertThat(task(view(), "A").state()).isNotEqualTo(TaskState.MERGED);
    repo.commit("s1", "fix: a again\n", "src/a_fix.py", "fixed");
    repo.merge("coordination", "s1", "feat: Merge A again\n\nJunction-Task: A\n");
    assertThat(task(view(), "A").state()).isEqualTo(TaskState.MERGED);
  }

  /** The cached scan, extended commit by commit, answers as a full scan does at every step. */
  @Test
  void theCachedTrailerScanAgreesWithAFullScan() throws Exception {
    repo.commit("s1", "feat: a\n", "src/a.py", "a");
    ObjectId a = repo.merge("coordination", "s1", "feat: Merge A\n\nJunction-Task: A\n");
    assertSameAsFullScan();
    repo.commit("s2", "feat: b\n", "src/b/x.py", "b");
    ObjectId b = repo.merge("coordination", "s2", "feat: Merge B\n\nJunction-Task: B\n");
    assertSameAsFullScan();
    repo.commit("coordination", "Revert A\n\nJunction-Revert: " + a.name() + "\n", "src/a.py", "");
    assertSameAsFullScan();
    assertThat(History.mergedTasks(repo.repo(), repo.repo().resolve("coordination"))).containsOnlyKeys("B");
    repo.commit("s1", "fix: a\n", "src/a_fix.py", "a2");
    repo.merge("coordination", "s1", "feat: Merge A again\n\nJunction-Task: A\nJunction-Task: odd value\n");
    repo.commit("coordination", "Revert B\n\nJunction-Revert: " + b.name() + "\n", "src/b/x.py", "");
    assertSameAsFullScan();
    assertThat(History.mergedTasks(repo.repo(), repo.repo().resolve("coordination"))).containsOnlyKeys("A");
    // A tip that is not a descendant of the cached one (another branch) is scanned in full.
    assertThat(History.mergedTasks(repo.repo(), repo.repo().resolve("main"))).isEmpty();
  }

  private void assertSameAsFullScan() throws Exception {
    ObjectId tip = repo.repo().resolve("coordination");
    java.util.Map<String, String> cached = History.mergedTasks(repo.repo(), tip);
    java.nio.file.Files.deleteIfExists(repo.repo().getDirectory().toPath().resolve("junction/cache/landed"));
    assertThat(History.mergedTasks(repo.repo(), tip)).isEqualTo(cached);
  }

  @Test
  void subjectNamingTheTaskDoesNotMergeIt() throws Exception {
    repo.commit("s1", "feat: a\n", "src/a.py", "a");
    repo.merge("coordination", "s1", "feat: Merge A, Junction-Task: A [A]\n");
    assertThat(task(view(), "A").state()).isEqualTo(TaskState.READY);
  }

  @Test
  void trailerOnAnOrdinaryCommitDoesNotMergeTheTask() throws Exception {
    repo.commit("coordination", "chore: notes\n\nJunction-Task: A\n", "notes.md", "x");
    assertThat(task(view(), "A").state()).isEqualTo(TaskState.READY);
  }

  @Test
  void trailerOnAMergeNotReachableFromTheTargetDoesNotCount() throws Exception {
    repo.commit("s1", "feat: a\n", "src/a.py", "a");
    repo.branch("elsewhere", "main");
    repo.merge("elsewhere", "s1", "feat: Merge A\n\nJunction-Task: A\n");
    assertThat(task(view(), "A").state()).isEqualTo(TaskState.IN_PROGRESS);
    // The same merge moved onto the target does count.
    repo.git("update-ref", "refs/heads/coordination", "refs/heads/elsewhere");
    assertThat(task(view(), "A").state()).isEqualTo(TaskState.MERGED);
  }

  @Test
  void branchAheadTouchingTheDeliverablesIsInProgress() throws Exception {
    repo.commit("s2", "feat: b\n", "src/b/core.py", "b");
    PlanView view = view();
    assertThat(task(view, "B").state()).isEqualTo(TaskState.IN_PROGRESS);
    assertThat(task(view, "B").missing()).containsExactly("A");
    assertThat(task(view, "C").state()).isEqualTo(TaskState.BLOCKED);
  }

  @Test
  void globDeliverableMatchesChangedPaths() throws Exception {
    repo.commit("s2", "docs: c\n", "docs/guide.md", "c");
    PlanView view = view();
    assertThat(task(view, "C").state()).isEqualTo(TaskState.IN_PROGRESS);
    assertThat(task(view, "B").state()).isEqualTo(TaskState.BLOCKED);
  }

  @Test
  void taskWithoutDeliverablesIsInProgressWhenItsBranchIsAhead() throws Exception {
    repo.commit("s1", "feat: d\n", "anything.txt", "d");
    assertThat(task(view(), "D").state()).isEqualTo(TaskState.IN_PROGRESS);
  }

  @Test
  void missingSessionBranchIsNoted() throws Exception {
    assertThat(view().notes()).contains("three: branch s3 does not exist yet");
  }

  @Test
  void planComesFromTheTargetTipNotTheWorkTree() throws Exception {
    repo.write("junction.yaml", PLAN.replace("title: first", "title: changed in the work tree"));
    repo.commit("s1", "feat: edit plan\n", "junction.yaml", PLAN.replace("title: first", "title: changed on s1"));
    assertThat(task(view(), "A").title()).isEqualTo("first");
  }

  @Test
  void defaultTargetIsTheCoordinationBranchOfTheWorkTreePlan() throws Exception {
    repo.write("junction.yaml", PLAN);
    PlanStatus.Outcome outcome = PlanStatus.view(repo.repo(), new PlanStatus.Request(Optional.empty(), Optional.empty()));
    assertThat(((PlanStatus.Viewed) outcome).view().target()).isEqualTo("coordination");
  }

  @Test
  void unknownTargetIsInvalid() throws Exception {
    PlanStatus.Outcome outcome = PlanStatus.view(repo.repo(), new PlanStatus.Request(Optional.of("nope"), Optional.empty()));
    assertThat(outcome).isInstanceOf(PlanStatus.Invalid.class);
    assertThat(((PlanStatus.Invalid) outcome).errors().get(0).toString()).contains("no branch 'nope'");
  }

  @Test
  void targetWithoutAPlanIsInvalid() throws Exception {
    repo.commit("bare", "chore: nothing\n", "x", "y");
    PlanStatus.Outcome outcome = PlanStatus.view(repo.repo(), new PlanStatus.Request(Optional.of("bare"), Optional.empty()));
    assertThat(((PlanStatus.Invalid) outcome).errors().get(0).toString()).contains("no junction.yaml at the tip of bare");
  }

  @Test
  void mergedTaskWhoseDependencyIsNotMergedIsNoted() throws Exception {
    repo.commit("s2", "feat: b\n", "src/b/x.py", "b");
    repo.merge("coordination", "s2", "feat: Merge B\n\nJunction-Task: B\n");
    PlanView view = view();
    assertThat(task(view, "B").state()).isEqualTo(TaskState.MERGED);
    assertThat(view.notes()).anyMatch(n -> n.startsWith("B is merged") && n.contains("A"));
  }

  @Test
  void trailerNamingAnUnknownTaskIsNoted() throws Exception {
    repo.commit("s1", "feat: z\n", "z", "z");
    repo.merge("coordination", "s1", "feat: Merge Z\n\nJunction-Task: Z9\n");
    assertThat(view().notes()).anyMatch(n -> n.contains("Junction-Task: Z9") && n.contains("not in the plan"));
  }
}
