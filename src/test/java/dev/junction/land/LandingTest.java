package dev.junction.land;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.git.History;
import dev.junction.git.MergeEngine;
import dev.junction.git.PlanSource;
import dev.junction.plan.Plan;
import dev.junction.plan.PlanLoad;
import dev.junction.plan.PlanLoader;
import dev.junction.store.EventStore;
import dev.junction.testing.Plans;
import dev.junction.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The landing pipeline on real repositories.
 *
 * <pre>
 * coordination  o---M (--no-ff, Junction-Task: A)
 *                \ /
 * s1 (one: A)     a
 * s2 (two: B after A)
 * </pre>
 */
class LandingTest {
  static final String PLAN = Plans.TWO_SESSIONS + """
      gates:
        - name: check
          command: test ! -f broken.txt
          stages: [component]
        - name: post
          command: test ! -f post-broken.txt
          post_merge: true
      """;

  @TempDir Path dir;
  @TempDir Path storeDir;
  @TempDir Path outside;
  TestRepo repo;
  EventStore store;
  MergeEngine engine;
  final Clock clock = Clock.fixed(Instant.parse("2026-11-24T07:00:00Z"), ZoneOffset.UTC);
  final PersonIdent who = new PersonIdent("Lander", "one@example.org", Instant.parse("2026-11-24T07:00:00Z"), ZoneOffset.UTC);

  @BeforeEach
  void setUp() throws Exception {
    repo = TestRepo.init(dir);
    repo.commit("main", "chore: plan\n", "junction.yaml", PLAN);
    repo.branch("coordination", "main");
    repo.branch("s1", "main");
    repo.branch("s2", "main");
    store = EventStore.sqlite(storeDir.resolve("junction.db"));
    engine = MergeEngine.open(repo.repo());
  }

  @AfterEach
  void tearDown() {
    engine.close();
    store.close();
    repo.close();
  }

  Landing.Outcome land(String source, String... into) throws Exception {
    return Landing.land(repo.repo(), store, engine, new Landing.Request(source,
        into.length == 0 ? Optional.empty() : Optional.of(into[0]), Optional.empty(), Optional.empty(), false, who),
        clock, m -> { });
  }

  ObjectId tip(String branch) throws Exception {
    return repo.repo().resolve("refs/heads/" + branch);
  }

  PlanSource.Tip branch(String name) throws Exception {
    return PlanSource.resolve(repo.repo(), name).orElseThrow();
  }

  void assertNoCandidateRefs() throws Exception {
    assertThat(repo.repo().getRefDatabase().getRefsByPrefix(Landing.CANDIDATES)).isEmpty();
  }

  @Test
  void aCandidateRefThatCannotBeCreatedStopsTheLandingAndMovesNothing() throws Exception {
    repo.commit("s1", "feat: a\n", "a.txt", "a\n");
    ObjectId before = tip("coordination");
    // A ref named like the candidates' folder: no candidate ref can be created under it.
    dev.junction.git.Refs.move(repo.repo(), "refs/junction/candidates", ObjectId.zeroId(), before, who, "test");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> land("s1"))
        .isInstanceOfSatisfying(dev.junction.git.Refs.NotMoved.class, e -> {
          assertThat(e.refName()).startsWith(Landing.CANDIDATES);
          assertThat(e.swap()).isEqualTo(dev.junction.git.Refs.Swap.LOST_RACE);
        });
    assertThat(tip("coordination")).isEqualTo(before);
    assertNoCandidateRefs();
  }

  @Test
  void landsATaskAsANoFastForwardMergeWithTrailers() throws Exception {
    ObjectId work = repo.commit("s1", "feat: a\n", "a.txt", "a\n");
    ObjectId before = tip("coordination");
    Landing.Landed landed = (Landing.Landed) land("s1");
    try (RevWalk walk = new RevWalk(repo.repo())) {
      RevCommit merge = walk.parseCommit(tip("coordination"));
      assertThat(merge.getParents()).extracting(RevCommit::getId).containsExactly(before, work);
      assertThat(merge.getFullMessage()).startsWith("feat(a): Merge first [A]\n")
          .contains("Junction-Task: A\nJunction-Session: one\nJunction-Stage: component\n");
    }
    assertThat(landed.tasks()).containsExactly("A");
    assertThat(History.mergedTasks(repo.repo(), tip("coordination"))).containsKey("A");
    assertNoCandidateRefs();
    // The journal ends the landing it began: one land.done for its subject, naming the merge.
    List<EventStore.Event> begun = store.events("land.started");
    assertThat(begun).hasSize(1);
    assertThat(store.events("land.done", begun.get(0).subject())).singleElement()
        .satisfies(e -> assertThat(e.payload()).contains(landed.merge()));
  }

  @Test
  void aTaskIdLandsItsOwnersBranch() throws Exception {
    repo.commit("s1", "feat: a\n", "a.txt", "a\n");
    assertThat(land("A")).isInstanceOf(Landing.Landed.class);
  }

  @Test
  void aDependencyNamedOnlyInASubjectDoesNotCount() throws Exception {
    repo.commit("coordination", "feat: A is merged [A]\n", "note.txt", "A done\n");
    repo.commit("s2", "feat: b\n", "b.txt", "b\n");
    ObjectId before = tip("coordination");
    Landing.Outcome outcome = land("s2");
    assertThat(outcome).isInstanceOf(Landing.Blocked.class);
    assertThat(((Landing.Blocked) outcome).reasons()).singleElement().asString().startsWith("B depends on A");
    assertThat(tip("coordination")).isEqualTo(before);
  }

  /**
   * The attacker, session one, lands A with a branch that carries (a) an ordinary commit and (b) a
   * merge of its own, both with Junction-Task: B: B is not merged by it, and its owner still lands it.
   */
  @Test
  void taskTrailersTheSourceBringsAlongDoNotMergeAnotherTask() throws Exception {
    repo.commit("s1", "feat: a\n", "a.txt", "a\n");
    repo.commit("s1", "chore: notes\n\nJunction-Task: B\n", "notes.txt", "n\n"); // (a)
    repo.branch("side", "main");
    repo.commit("side", "feat: side\n", "side.txt", "s\n");
    repo.merge("s1", "side", "Merge side\n\nJunction-Task: B\n"); // (b)
    Landing.Landed landed = (Landing.Landed) land("s1", "coordination");
    assertThat(landed.tasks()).containsExactly("A");
    assertThat(History.mergedTasks(repo.repo(), tip("coordination"))).containsOnlyKeys("A");
    repo.commit("s2", "feat: b\n", "b.txt", "b\n");
    assertThat(land("s2")).isInstanceOf(Landing.Landed.class);
    assertThat(History.mergedTasks(repo.repo(), tip("coordination"))).containsOnlyKeys("A", "B");
  }

  /** The same trailers on the dependent's own branch do not unblock it: B waits for A, nothing moves. */
  @Test
  void taskTrailersOnTheSourceDoNotSatisfyItsDependencies() throws Exception {
    repo.commit("s2", "feat: b\n", "b.txt", "b\n");
    repo.commit("s2", "chore: A is done\n\nJunction-Task: A\n", "notes.txt", "n\n"); // (a)
    repo.branch("side", "main");
    repo.commit("side", "feat: side\n", "side.txt", "s\n");
    repo.merge("s2", "side", "Merge side\n\nJunction-Task: A\nJunction-Stage: component\n"); // (b)
    ObjectId before = tip("coordination");
    Landing.Blocked blocked = (Landing.Blocked) land("s2");
    assertThat(blocked.reasons()).singleElement().asString().startsWith("B depends on A, not merged into coordination");
    assertThat(tip("coordination")).isEqualTo(before);
    // The legitimate way: Junction lands A, then B.
    repo.commit("s1", "feat: a\n", "a.txt", "a\n");
    assertThat(land("s1")).isInstanceOf(Landing.Landed.class);
    assertThat(land("s2")).isInstanceOf(Landing.Landed.class);
  }

  /**
   * (c) A branch that carries Junction-Revert trailers naming A's landed merge (an ordinary commit,
   * a merge of its own) lands: A stays merged. Junction's own rollback of A's merge takes it out.
   */
  @Test
  void aRevertTrailerTheSourceBringsAlongDoesNotUnmergeALandedTask() throws Exception {
    repo.commit("s1", "feat: a\n", "a.txt", "a\n");
    Landing.Landed a = (Landing.Landed) land("s1");
    repo.git("update-ref", "refs/heads/s2", "refs/heads/coordination");
    repo.commit("s2", "feat: b\n\nJunction-Revert: " + a.merge() + "\n", "b.txt", "b\n");
    repo.branch("side", "main");
    repo.commit("side", "feat: side\n", "side.txt", "s\n");
    repo.merge("s2", "side", "Merge side\n\nJunction-Revert: " + a.merge() + "\n");
    assertThat(History.mergedTasks(repo.repo(), tip("s2"))).as("the branch's own chain, cached").isEmpty();
    assertThat(land("s2")).isInstanceOf(Landing.Landed.class);
    assertThat(History.mergedTasks(repo.repo(), tip("coordination"))).containsOnlyKeys("A", "B");
    Rollback.Outcome rolled = Rollback.revert(repo.repo(), store, Plans.load(PLAN), "coordination",
        ObjectId.fromString(a.merge()), "bad A", List.of(), who, clock);
    assertThat(rolled).isInstanceOf(Rollback.Done.class);
    assertThat(History.mergedTasks(repo.repo(), tip("coordination"))).containsOnlyKeys("B");
  }

  @Test
  void landsInDependencyOrder() throws Exception {
    repo.commit("s1", "feat: a\n", "a.txt", "a\n");
    repo.commit("s2", "feat: b\n", "b.txt", "b\n");
    assertThat(land("s1")).isInstanceOf(Landing.Landed.class);
    assertThat(land("s2")).isInstanceOf(Landing.Landed.class);
    assertThat(History.mergedTasks(repo.repo(), tip("coordination"))).containsKeys("A", "B");
  }

  @Test
  void refusesSessionToSession() throws Exception {
    repo.commit("s1", "feat: a\n", "a.txt", "a\n");
    Landing.Outcome outcome = land("s1", "s2");
    assertThat(((Landing.Refused) outcome).reasons()).contains(Policy.SESSION_TO_SESSION);
    assertThat(tip("s2")).isEqualTo(tip("main"));
  }

  @Test
  void aFailedGateMovesNothingAndLeavesNoCandidate() throws Exception {
    repo.commit("s1", "feat: a\n", "a.txt", "a\n", "broken.txt", "x\n");
    ObjectId before = tip("coordination");
    Landing.GateFailed failed = (Landing.GateFailed) land("s1");
    assertThat(failed.gates()).anySatisfy(v -> assertThat(v.passed()).isFalse());
    assertThat(tip("coordination")).isEqualTo(before);
    assertNoCandidateRefs();
  }

  /**
   * A hand-made tree whose candidate cannot be copied safely for its gates: the landing ends
   * gate-failed like any failed gate, naming the path, with nothing written outside the copy, no
   * candidate left and its journal closed.
   */
  void aTreeThatCannotBeCopiedFailsTheGate(dev.junction.testing.RawTree tree, String path) throws Exception {
    tree.file("junction.yaml", PLAN).file("a.txt", "a\n").commit(repo.repo(), "s1", "feat: a\n", repo.tick());
    ObjectId before = tip("coordination");
    Landing.GateFailed failed = (Landing.GateFailed) land("s1");
    assertThat(failed.gates()).filteredOn(v -> v.gate().equals("check")).singleElement().satisfies(v -> {
      assertThat(v.passed()).isFalse();
      assertThat(v.reasons()).singleElement().asString().startsWith("cannot copy the commit's tree: '" + path + "': ");
    });
    assertThat(tip("coordination")).isEqualTo(before);
    assertNoCandidateRefs();
    assertThat(Recovery.doctor(repo.repo(), store, clock).clean()).as("journal closed, nothing left").isTrue();
    try (var left = Files.list(outside)) {
      assertThat(left).isEmpty();
    }
  }

  /**
   * A symlink out of the copy. (A file under it, {@code evil/hooks/post-receive} next to the
   * symlink {@code evil}, does not survive git's merge, which keeps one entry of a name; that form
   * is tried on a branch itself in {@code GatesTest}.)
   */
  @Test
  void aSymlinkOutOfTheCopyEndsGateFailed() throws Exception {
    aTreeThatCannotBeCopiedFailsTheGate(dev.junction.testing.RawTree.of().link("evil", outside.toString()), "evil");
  }

  @Test
  void aDotDotPathEndsGateFailed() throws Exception {
    aTreeThatCannotBeCopiedFailsTheGate(dev.junction.testing.RawTree.of().dir("sub", dev.junction.testing.RawTree.of()
        .dir("..", dev.junction.testing.RawTree.of().dir("..", dev.junction.testing.RawTree.of().file("escape.txt", "x\n")))),
        "sub/../../escape.txt");
  }

  @Test
  void aBranchWithAnInsideSymlinkStillLands() throws Exception {
    dev.junction.testing.RawTree.of().file("junction.yaml", PLAN).file("a.txt", "a\n")
        .dir("docs", dev.junction.testing.RawTree.of().link("a.txt", "../a.txt"))
        .commit(repo.repo(), "s1", "feat: a\n", repo.tick());
    assertThat(land("s1")).isInstanceOf(Landing.Landed.class);
  }

  @Test
  void aBranchThatDropsAGateFromItsPlanIsStillGatedByTheTargets() throws Exception {
    repo.commit("s1", "chore: no gates\n", "junction.yaml", Plans.TWO_SESSIONS,
        "a.txt", "a\n", "broken.txt", "x\n");
    // Changing the plan is a plan change: refused before any gate until a coordinator approves
    // (PlanChangeLandingTest); once approved, the target's gates still judge the merge.
    assertThat(((Landing.Refused) land("s1")).reasons()).singleElement().asString()
        .startsWith("s1 changes plan files, junction.yaml (the plan): a plan change needs an approval from a coordinator");
  }

  @Test
  void aFailedPostMergeValidationIsRevertedWithARootCause() throws Exception {
    repo.commit("s1", "feat: a\n", "a.txt", "a\n", "post-broken.txt", "x\n");
    ObjectId before = tip("coordination");
    Landing.RolledBack rolled = (Landing.RolledBack) land("s1");
    try (RevWalk walk = new RevWalk(repo.repo())) {
      RevCommit revert = walk.parseCommit(tip("coordination"));
      assertThat(revert.getParent(0).getId().name()).isEqualTo(rolled.merge());
      assertThat(revert.getTree().getId()).isEqualTo(walk.parseCommit(before).getTree().getId());
      assertThat(revert.getFullMessage()).contains("Junction-Revert: " + rolled.merge());
    }
    assertThat(History.mergedTasks(repo.repo(), tip("coordination"))).doesNotContainKey("A");
    assertThat(store.events("rollback", rolled.merge())).hasSize(1);
    String doc = Files.readString(Path.of(rolled.rollback().rootCause()));
    assertThat(doc).startsWith("# Rollback Analysis: A first").contains("Gate `post` failed after the merge",
        "command exited with 1", "**Affected sessions:** one");
    assertNoCandidateRefs();
  }

  @Test
  void aTargetThatMovesDuringTheLandingIsRetriedFromTheTop() throws Exception {
    ObjectId work = repo.commit("s1", "feat: a\n", "a.txt", "a\n");
    AtomicBoolean moved = new AtomicBoolean();
    Landing.Outcome outcome = Landing.land(repo.repo(), store, engine, new Landing.Request("s1", Optional.empty(),
        Optional.empty(), Optional.empty(), false, who), clock, m -> {
          if (m.startsWith("checking") && moved.compareAndSet(false, true)) {
            try {
              repo.commit("coordination", "chore: someone else landed\n", "other.txt", "o\n");
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          }
        });
    assertThat(outcome).isInstanceOf(Landing.Landed.class);
    try (RevWalk walk = new RevWalk(repo.repo())) {
      RevCommit merge = walk.parseCommit(tip("coordination"));
      assertThat(merge.getParent(1).getId()).isEqualTo(work);
      assertThat(walk.parseCommit(merge.getParent(0)).getShortMessage()).isEqualTo("chore: someone else landed");
    }
  }

  @Test
  void aRevertedBranchCannotBeLandedAgainAsAnEmptyMerge() throws Exception {
    repo.commit("s1", "feat: a\n", "a.txt", "a\n", "post-broken.txt", "x\n");
    assertThat(land("s1")).isInstanceOf(Landing.RolledBack.class);
    Landing.Outcome again = Landing.land(repo.repo(), store, engine, new Landing.Request("s1", Optional.empty(),
        Optional.of("A"), Optional.empty(), false, who), clock, m -> { });
    assertThat(((Landing.Refused) again).reasons()).singleElement().asString()
        .contains("A was rolled back", "nothing fixed since rollback");
    assertThat(History.mergedTasks(repo.repo(), tip("coordination"))).doesNotContainKey("A");
  }

  @Test
  void dryRunMovesNothing() throws Exception {
    repo.commit("s1", "feat: a\n", "a.txt", "a\n");
    ObjectId before = tip("coordination");
    Landing.Outcome outcome = Landing.land(repo.repo(), store, engine, new Landing.Request("s1", Optional.empty(),
        Optional.empty(), Optional.empty(), true, who), clock, m -> { });
    assertThat(outcome).isInstanceOf(Landing.WouldLand.class);
    assertThat(tip("coordination")).isEqualTo(before);
    assertNoCandidateRefs();
  }

  @Test
  void conflictsMoveNothing() throws Exception {
    repo.commit("coordination", "chore: a\n", "a.txt", "theirs\n");
    ObjectId work = repo.commit("s1", "feat: a\n", "a.txt", "ours\n");
    ObjectId before = tip("coordination");
    assertThat(land("s1")).isInstanceOf(Landing.Conflicted.class);
    assertThat(tip("coordination")).isEqualTo(before);
    assertThat(tip("s1")).isEqualTo(work);
    assertNoCandidateRefs();
  }

  @Test
  void rollbackByHandRevertsAMergeAndSyncBringsCoordinationToASession() throws Exception {
    repo.commit("s1", "feat: a\n", "a.txt", "a\n");
    Landing.Landed landed = (Landing.Landed) land("s1");
    Plan plan = ((PlanLoad.Loaded) PlanLoader.load("p", PLAN)).plan();
    Rollback.Outcome r = Rollback.revert(repo.repo(), store, plan, "coordination", ObjectId.fromString(landed.merge()),
        "manual", List.of(), who, clock);
    assertThat(r).isInstanceOf(Rollback.Done.class);
    assertThat(Rollback.revert(repo.repo(), store, plan, "coordination", tip("main"), "x", List.of(), who, clock))
        .isInstanceOf(Rollback.Failed.class);
    Sync.Outcome synced = Sync.run(repo.repo(), engine, branch("coordination"), branch("s2"), who);
    assertThat(synced).isInstanceOf(Sync.Synced.class);
    try (RevWalk walk = new RevWalk(repo.repo())) {
      assertThat(walk.isMergedInto(walk.parseCommit(tip("coordination")), walk.parseCommit(tip("s2")))).isTrue();
    }
    assertThat(((Sync.Synced) Sync.run(repo.repo(), engine, branch("coordination"), branch("s2"), who)).merged()).isFalse();
    assertThat(Sync.session(plan, "two")).isEqualTo(Sync.session(plan, "s2"));
  }
}
