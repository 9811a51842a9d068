package dev.junction.land;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.git.History;
import dev.junction.git.MergeEngine;
import dev.junction.git.PlanSource;
import dev.junction.git.PlanStatus;
import dev.junction.git.Trailers;
import dev.junction.plan.Plan;
import dev.junction.plan.PlanView;
import dev.junction.plan.TaskState;
import dev.junction.store.EventStore;
import dev.junction.testing.Plans;
import dev.junction.testing.TestRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spec 8.2's timeline on a real repository: a task lands, fails its post-merge validation and is
 * rolled back; it then reads rolled-back (not ready), landing it again without a fix is refused,
 * and once its branch has the fix {@code land} lands it again (revert of the revert and the fix in
 * one merge), whether or not the branch merged the revert in meanwhile.
 *
 * <pre>
 * coordination  o---M---R---------L (Junction-Task: A, Junction-Reland: R)
 *                \ /               /
 * s1 (one: A)     a(racy)---f(atomic)
 * </pre>
 */
class RelandTest {
  static final String PLAN = Plans.TWO_SESSIONS + """
      gates:
        - name: post
          command: "! grep -q racy a.txt"
          post_merge: true
      """;

  @TempDir Path dir;
  @TempDir Path storeDir;
  TestRepo repo;
  EventStore store;
  MergeEngine engine;
  final Clock clock = Clock.fixed(Instant.parse("2026-11-24T07:00:00Z"), ZoneOffset.UTC);
  final PersonIdent who = new PersonIdent("Lander", "one@example.org", Instant.parse("2026-11-24T07:00:00Z"), ZoneOffset.UTC);
  Landing.RolledBack rolled;

  @BeforeEach
  void landAndRollBack() throws Exception {
    repo = TestRepo.init(dir);
    repo.commit("main", "chore: plan\n", "junction.yaml", PLAN, "other.txt", "one\ntwo\n");
    repo.branch("coordination", "main");
    repo.branch("s1", "main");
    repo.branch("s2", "main");
    store = EventStore.sqlite(storeDir.resolve("junction.db"));
    engine = MergeEngine.open(repo.repo());
    repo.commit("s1", "feat: a\n", "a.txt", "claim: racy\n", "a_test.txt", "test a\n");
    Landing.Outcome first = land("s1");
    assertThat(first).isInstanceOf(Landing.RolledBack.class);
    rolled = (Landing.RolledBack) first;
  }

  @AfterEach
  void tearDown() {
    engine.close();
    store.close();
    repo.close();
  }

  Landing.Outcome land(String source) throws Exception {
    return Landing.land(repo.repo(), store, engine, new Landing.Request(source, Optional.empty(), Optional.of("A"),
        Optional.empty(), false, who), clock, m -> { });
  }

  PlanView.TaskView task(String id) throws Exception {
    Plan plan = Plans.load(PLAN);
    PlanSource.Tip tip = PlanSource.resolve(repo.repo(), "coordination").orElseThrow();
    return PlanStatus.observe(repo.repo(), plan, tip).tasks().stream().filter(t -> t.id().equals(id)).findFirst()
        .orElseThrow();
  }

  String read(String path) throws Exception {
    ObjectId tip = repo.repo().resolve("refs/heads/coordination");
    return PlanSource.read(repo.repo(), tip, path).map(b -> new String(b, StandardCharsets.UTF_8)).orElse("(none)");
  }

  @Test
  void aRevertedTaskReadsRolledBackWithTheRevertTheReasonAndTheNextStep() throws Exception {
    PlanView.TaskView a = task("A");
    assertThat(a.state()).isEqualTo(TaskState.ROLLED_BACK);
    assertThat(a.state().toString()).isEqualTo("rolled-back");
    PlanView.Rollback r = a.rollback().orElseThrow();
    assertThat(r.revert()).isEqualTo(rolled.rollback().revert().substring(0, 10));
    assertThat(r.merge()).isEqualTo(rolled.merge().substring(0, 10));
    assertThat(r.reason()).startsWith("post-merge validation failed");
    assertThat(r.next()).contains("s1", "junction land A");
    assertThat(task("B").state()).as("its dependent still waits").isEqualTo(TaskState.BLOCKED);
    assertThat(task("B").rollback()).isEmpty();
  }

  @Test
  void landingAgainWithoutAFixIsRefusedNamingTheRollback() throws Exception {
    ObjectId before = repo.repo().resolve("refs/heads/coordination");
    Landing.Outcome again = land("s1");
    assertThat(again).isInstanceOfSatisfying(Landing.Refused.class, refused -> assertThat(refused.reasons())
        .singleElement().asString().contains("A was rolled back", "nothing fixed since rollback "
            + rolled.rollback().revert().substring(0, 10), "commit the fix on s1"));
    assertThat(repo.repo().resolve("refs/heads/coordination")).isEqualTo(before);
  }

  @Test
  void theFixedBranchLandsAgainWithTheRevertedWorkAndTheFixInOneMerge() throws Exception {
    repo.commit("main", "chore: other work\n", "other.txt", "one\ntwo\nthree\n");
    repo.commit("coordination", "chore: later work on the target\n", "later.txt", "later\n");
    ObjectId revert = repo.repo().resolve("refs/heads/coordination~1");
    ObjectId fix = repo.commit("s1", "fix: atomic claim\n", "a.txt", "claim: atomic\n");
    ObjectId before = repo.repo().resolve("refs/heads/coordination");

    Landing.Outcome again = land("s1");

    assertThat(again).isInstanceOf(Landing.Landed.class);
    ObjectId landed = repo.repo().resolve("refs/heads/coordination");
    try (RevWalk walk = new RevWalk(repo.repo())) {
      RevCommit merge = walk.parseCommit(landed);
      assertThat(merge.getParentCount()).isEqualTo(2);
      assertThat(merge.getParent(0).getId()).as("first parent: the target's tip").isEqualTo(before);
      assertThat(merge.getParent(1).getId()).as("second parent: the fixed branch").isEqualTo(fix);
      assertThat(Trailers.values(merge.getFullMessage(), Trailers.TASK)).containsExactly("A");
      assertThat(Trailers.values(merge.getFullMessage(), Trailers.RELAND)).containsExactly(revert.name());
      assertThat(Trailers.values(merge.getFullMessage(), Trailers.REVERT)).isEmpty();
    }
    assertThat(read("a.txt")).isEqualTo("claim: atomic\n");
    assertThat(read("a_test.txt")).as("the reverted work is back").isEqualTo("test a\n");
    assertThat(read("later.txt")).as("later work kept").isEqualTo("later\n");
    assertThat(History.mergedTasks(repo.repo(), landed)).containsKey("A");
    assertThat(History.rolledBack(repo.repo(), landed)).isEmpty();
    assertThat(task("A").state()).isEqualTo(TaskState.MERGED);
    assertThat(task("B").state()).isEqualTo(TaskState.READY);
  }

  @Test
  void aBranchThatSyncedTheRevertAndRedidTheWorkLandsAsItIs() throws Exception {
    Sync.Outcome synced = Sync.run(repo.repo(), engine, PlanSource.resolve(repo.repo(), "coordination").orElseThrow(),
        PlanSource.resolve(repo.repo(), "s1").orElseThrow(), who);
    assertThat(synced).isInstanceOf(Sync.Synced.class);
    ObjectId s1 = repo.repo().resolve("refs/heads/s1");
    assertThat(PlanSource.read(repo.repo(), s1, "a.txt")).as("the sync took the work out of the branch").isEmpty();
    // Only the revert merged in: still nothing fixed.
    assertThat(land("s1")).isInstanceOfSatisfying(Landing.Refused.class, refused ->
        assertThat(refused.reasons()).singleElement().asString().contains("nothing fixed since rollback"));
    repo.commit("s1", "fix: atomic claim\n", "a.txt", "claim: atomic\n", "a_test.txt", "test a\n");

    assertThat(land("s1")).isInstanceOf(Landing.Landed.class);
    assertThat(read("a.txt")).isEqualTo("claim: atomic\n");
    assertThat(read("a_test.txt")).isEqualTo("test a\n");
    assertThat(task("A").state()).isEqualTo(TaskState.MERGED);
  }

  @Test
  void theRootCauseGivesTheIncidentsLengthInHumanUnitsOnTheStoresClock() throws Exception {
    repo.commit("s1", "fix: atomic claim\n", "a.txt", "claim: atomic\n");
    Landing.Landed again = (Landing.Landed) land("s1");
    Clock later = Clock.fixed(clock.instant().plusSeconds(252), ZoneOffset.UTC);
    Rollback.Outcome manual = Rollback.revert(repo.repo(), store, Plans.load(PLAN), "coordination",
        ObjectId.fromString(again.merge()), "found by hand", java.util.List.of(), who, later);
    String doc = java.nio.file.Files.readString(Path.of(((Rollback.Done) manual).rootCause()));
    assertThat(doc).contains("**Duration of Incident:** 4 min 12 s (landed " + clock.instant() + ")");
    assertThat(Rollback.human(java.time.Duration.ofSeconds(7500))).isEqualTo("2 h 5 min");
    assertThat(Rollback.human(java.time.Duration.ofSeconds(33_225_404))).isEqualTo("384 d 13 h");
    assertThat(Rollback.human(java.time.Duration.ZERO)).isEqualTo("0 s");
  }

  @Test
  void aFixThatStillFailsValidationIsRolledBackAgainAndReadsRolledBackOnceMore() throws Exception {
    repo.commit("s1", "fix: still racy\n", "a.txt", "claim: racy, again\n");
    Landing.Outcome again = land("s1");
    assertThat(again).isInstanceOf(Landing.RolledBack.class);
    String second = ((Landing.RolledBack) again).rollback().revert();
    assertThat(second).isNotEqualTo(rolled.rollback().revert());
    assertThat(task("A").state()).isEqualTo(TaskState.ROLLED_BACK);
    assertThat(task("A").rollback().orElseThrow().revert()).isEqualTo(second.substring(0, 10));
    assertThat(read("a.txt")).as("back to the target before either landing").isEqualTo("(none)");
  }
}
