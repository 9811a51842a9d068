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

  /** A view answered again for the same commits is the one computed; a push to any branch the plan names is seen. */
  @Test
  void aViewKeptForTheSameCommitsNeverHidesAPush() throws Exception {
    PlanView before = view();
    assertThat(view()).as("the same commits: the same view").isSameAs(before);
    assertThat(task(before, "D").state()).isEqualTo(TaskState.BLOCKED);
    repo.commit("s1", "feat: a\n", "src/a.py", "a");
    PlanView worked = view();
    assertThat(worked).isNotSameAs(before);
    assertThat(task(worked, "A").state()).as("s1 moved: work on A").isEqualTo(TaskState.IN_PROGRESS);
    repo.merge("coordination", "s1", "feat: Merge A [A]\n\nJunction-Task: A\n");
    assertThat(task(view(), "A").state()).as("the target moved").isEqualTo(TaskState.MERGED);
    assertThat(view().notes()).contains("three: branch s3 does not exist yet");
    repo.git("branch", "s3", "coordination");
    assertThat(view().notes()).as("a plan branch created").doesNotContain("three: branch s3 does not exist yet");
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
    assertSameAsFullScan("coordination");
  }

  private void assertSameAsFullScan(String branch) throws Exception {
    ObjectId tip = repo.repo().resolve(branch);
    java.util.Map<String, String> cached = History.mergedTasks(repo.repo(), tip);
    Path cache = repo.repo().getDirectory().toPath().resolve("junction/cache/landed");
    Path saved = dir.resolve("saved-cache");
    java.nio.file.Files.copy(cache, saved, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    java.nio.file.Files.delete(cache);
    assertThat(History.mergedTasks(repo.repo(), tip)).as(branch).isEqualTo(cached);
    java.nio.file.Files.copy(saved, cache, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  /** The protected branches' tips, as the guard passes them. */
  java.util.List<ObjectId> trusted() throws Exception {
    return java.util.List.of(repo.repo().resolve("refs/heads/coordination"), repo.repo().resolve("refs/heads/main"));
  }

  java.util.Map<String, String> merged(String branch) throws Exception {
    return History.mergedTasks(repo.repo(), repo.repo().resolve("refs/heads/" + branch));
  }

  /**
   * The attacker, session two on s2, carries (a) an ordinary commit with Junction-Task: A, (b) a
   * merge of its own with Junction-Task: A; neither merges A, before s2 lands or after, and D, which
   * waits for A, stays blocked. Junction's merge of s2 (Junction-Task: B) is what counts.
   */
  @Test
  void taskTrailersALandedBranchBringsAlongAreDataNotState() throws Exception {
    repo.commit("s2", "feat: b\n", "src/b/x.py", "b");
    repo.commit("s2", "chore: notes\n\nJunction-Task: A\n", "notes.md", "x"); // (a)
    repo.branch("side", "main");
    repo.commit("side", "feat: side\n", "side.txt", "side");
    repo.merge("s2", "side", "Merge side\n\nJunction-Task: A\n"); // (b)
    // Merely pushed: nothing changes on coordination.
    assertThat(task(view(), "A").state()).isEqualTo(TaskState.READY);
    // The branch's own chain does hold its own merge: a scan of it is cached, and must not leak.
    assertThat(merged("s2")).containsOnlyKeys("A");
    repo.merge("coordination", "s2", "feat: Merge B [B]\n\nJunction-Task: B\nJunction-Stage: component\n");
    PlanView view = view();
    assertThat(task(view, "A").state()).isEqualTo(TaskState.READY);
    assertThat(task(view, "B").state()).isEqualTo(TaskState.MERGED);
    assertThat(task(view, "D").state()).isEqualTo(TaskState.BLOCKED);
    assertThat(task(view, "D").missing()).containsExactly("A");
    assertThat(merged("coordination")).containsOnlyKeys("B");
    assertSameAsFullScan();
  }

  /**
   * A landed A; the attacker's branch carries a Junction-Revert of A's merge, on an ordinary commit
   * and on a merge of its own: after s2 lands A stays merged, and its dependents ready. Junction's
   * own revert on coordination's chain does take A out.
   */
  @Test
  void aRevertTrailerALandedBranchBringsAlongUndoesNothing() throws Exception {
    repo.commit("s1", "feat: a\n", "src/a.py", "a");
    ObjectId landedA = repo.merge("coordination", "s1", "feat: Merge A [A]\n\nJunction-Task: A\n");
    repo.git("update-ref", "refs/heads/s2", "refs/heads/coordination");
    repo.commit("s2", "chore: tidy\n\nJunction-Revert: " + landedA.name() + "\n", "src/b/x.py", "b"); // (c)
    repo.branch("side", "main");
    repo.commit("side", "feat: side\n", "side.txt", "side");
    repo.merge("s2", "side", "Merge side\n\nJunction-Revert: " + landedA.name() + "\n");
    assertThat(merged("s2")).isEmpty(); // its own chain, cached: never the target's
    repo.merge("coordination", "s2", "feat: Merge B [B]\n\nJunction-Task: B\n");
    PlanView view = view();
    assertThat(task(view, "A").state()).isEqualTo(TaskState.MERGED);
    assertThat(task(view, "B").state()).isEqualTo(TaskState.MERGED);
    assertThat(task(view, "D").state()).isEqualTo(TaskState.READY);
    assertSameAsFullScan();
    // The legitimate case: a revert on the chain itself.
    repo.commit("coordination", "Revert A\n\nJunction-Revert: " + landedA.name() + "\n", "src/a.py", "");
    assertThat(task(view(), "A").state()).isNotEqualTo(TaskState.MERGED);
    assertThat(task(view(), "D").state()).isEqualTo(TaskState.BLOCKED);
    assertSameAsFullScan();
  }

  /**
   * What the push guard refuses on a protected branch: the commits a move would put on its
   * first-parent chain that the rule reads as state. A fast-forward to the attacker's branch puts
   * its own merge and revert there; Junction's merges already on the chain, the ordinary commit
   * with a task trailer and anything on a second-parent side are not listed.
   */
  @Test
  void stateWritesAreTheStateCommitsAMovePutsOnTheFirstParentChain() throws Exception {
    repo.commit("s1", "feat: a\n", "src/a.py", "a");
    ObjectId landedA = repo.merge("coordination", "s1", "feat: Merge A [A]\n\nJunction-Task: A\n");
    repo.git("update-ref", "refs/heads/s2", "refs/heads/coordination");
    repo.commit("s2", "chore: notes\n\nJunction-Task: B\n", "notes.md", "x");
    repo.branch("side", "main");
    ObjectId inside = repo.commit("side", "feat: side\n\nJunction-Revert: " + landedA.name() + "\n", "side.txt", "s");
    ObjectId ownMerge = repo.merge("s2", "side", "Merge side\n\nJunction-Task: B\n");
    ObjectId revert = repo.commit("s2", "chore: tidy\n\nJunction-Revert: " + landedA.name() + "\n", "t.md", "y");
    ObjectId old = repo.repo().resolve("refs/heads/coordination");
    ObjectId attack = repo.repo().resolve("refs/heads/s2");
    assertThat(History.stateWrites(repo.repo(), old, attack, trusted())).containsExactly(revert.name(), ownMerge.name());
    assertThat(History.stateWrites(repo.repo(), old, attack, trusted())).doesNotContain(inside.name(), landedA.name());
    // A merge with s2 as its second parent (as an override push by hand would be) puts only itself there.
    repo.branch("hand", "coordination");
    ObjectId byHand = repo.merge("hand", "s2", "Merge s2 by hand\n");
    assertThat(History.stateWrites(repo.repo(), old, byHand, trusted())).isEmpty();
    repo.branch("other", "main");
    repo.commit("other", "feat: d\n", "d.txt", "d");
    ObjectId forged = repo.merge("hand", "other", "Merge by hand\n\nJunction-Task: D\n");
    assertThat(History.stateWrites(repo.repo(), old, forged, trusted())).containsExactly(forged.name());
    assertThat(History.stateWrites(repo.repo(), old, ObjectId.zeroId(), trusted())).isEmpty();
    // Main fast-forwarded to coordination takes Junction's own merges: nothing new. A branch created
    // at coordination's tip is Junction's chain too, unless nothing vouches for it.
    ObjectId main = repo.repo().resolve("refs/heads/main");
    assertThat(History.stateWrites(repo.repo(), main, old, trusted())).isEmpty();
    assertThat(History.stateWrites(repo.repo(), ObjectId.zeroId(), old, trusted())).isEmpty();
    assertThat(History.stateWrites(repo.repo(), ObjectId.zeroId(), old, java.util.List.of())).containsExactly(landedA.name());
    // But not the attacker's commits that coordination merely reaches (on a second-parent side).
    repo.merge("coordination", "s2", "feat: Merge B [B]\n\nJunction-Task: B\n");
    assertThat(History.stateWrites(repo.repo(), main, attack, trusted())).containsExactly(revert.name(), ownMerge.name());
    // On one machine nothing stops a session moving the branch itself: then its chain is the target's,
    // and its own merge counts (A is reverted, B merged). In a hub the guard refuses exactly that push.
    repo.git("update-ref", "refs/heads/coordination", "refs/heads/s2");
    assertThat(merged("coordination")).containsOnlyKeys("B");
  }

  /**
   * Main holds what its phase merges brought: a phase merge on main's chain brings the tasks merged
   * into its second parent (coordination then); Junction's revert of it falls back to the one before.
   */
  @Test
  void aPhaseMergeBringsWhatCoordinationHeld() throws Exception {
    repo.commit("s1", "feat: a\n", "src/a.py", "a");
    ObjectId landedA = repo.merge("coordination", "s1", "feat: Merge A [A]\n\nJunction-Task: A\n");
    ObjectId first = repo.merge("main", "coordination", "chore(release): Merge coordination into main\n\n"
        + "Junction-Stage: phase\n");
    assertThat(merged("main")).containsExactly(java.util.Map.entry("A", landedA.abbreviate(10).name()));
    repo.commit("s2", "feat: b\n", "src/b/x.py", "b");
    repo.merge("coordination", "s2", "feat: Merge B [B]\n\nJunction-Task: B\n");
    // Coordination merged into main without the phase trailer (by hand): main's chain holds no task merge.
    repo.branch("copy", "main");
    repo.merge("copy", "coordination", "Merge coordination by hand\n");
    assertThat(merged("copy")).containsOnlyKeys("A");
    ObjectId second = repo.merge("main", "coordination", "chore(release): Merge coordination into main\n\n"
        + "Junction-Stage: phase\n");
    assertThat(merged("main")).containsOnlyKeys("A", "B");
    assertSameAsFullScan("main");
    repo.commit("main", "Revert phase\n\nJunction-Revert: " + second.name() + "\n", "src/b/x.py", "");
    assertThat(merged("main")).containsOnlyKeys("A");
    repo.commit("main", "Revert phase\n\nJunction-Revert: " + first.name() + "\n", "src/a.py", "");
    assertThat(merged("main")).isEmpty();
    assertSameAsFullScan("main");
    assertThat(merged("coordination")).containsOnlyKeys("A", "B");
  }

  /** A cache written by an earlier build (which counted every reachable merge) is never read. */
  @Test
  void theCacheOfAnEarlierRuleIsIgnoredAndRemoved() throws Exception {
    repo.commit("s1", "feat: a\n", "src/a.py", "a");
    repo.merge("coordination", "s1", "feat: Merge A\n\nJunction-Task: A\n");
    ObjectId tip = repo.repo().resolve("refs/heads/coordination");
    Path git = repo.repo().getDirectory().toPath();
    java.nio.file.Files.createDirectories(git.resolve("junction/cache"));
    java.nio.file.Files.writeString(git.resolve("junction/cache/trailers"), "tip " + tip.name() + "\ntask B " + tip.name() + "\n");
    java.nio.file.Files.writeString(git.resolve("junction/cache/landed"), "tip " + tip.name() + "\ntask B " + tip.name() + "\n");
    assertThat(merged("coordination")).containsOnlyKeys("A");
    assertThat(git.resolve("junction/cache/trailers")).doesNotExist();
    assertThat(merged("coordination")).containsOnlyKeys("A");
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
