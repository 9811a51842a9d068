package dev.junction.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.junction.gate.Gates;
import dev.junction.gate.Verdict;
import dev.junction.land.Landing;
import dev.junction.land.Recovery;
import dev.junction.land.Rollback;
import dev.junction.land.Sync;
import dev.junction.plan.Disposition;
import dev.junction.plan.InputError;
import dev.junction.plan.Problem;
import dev.junction.store.EventStore;
import dev.junction.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate and landing services on a real repository and store: what each operation answers,
 * its disposition, and the input it cannot begin with, in domain words.
 *
 * <pre>
 * coordination  o---M (A)
 *                \ /
 * s1 (one: A)     a
 * s2 (two: B after A)  b
 * s3 (three)           a.txt changed otherwise
 * </pre>
 */
class LandingServiceTest {
  static final String PLAN = """
      version: 1
      branches: {main: main, coordination: coordination}
      sessions: [{id: one, branch: s1}, {id: two, branch: s2}, {id: three, branch: s3}, {id: four}]
      phases:
        - id: p
          tasks:
            - {id: A, title: first, owner: one, deliverables: [a.txt]}
            - {id: B, title: second, owner: two, deliverables: [b.txt], depends_on: [A]}
            - {id: C, title: third, owner: three, deliverables: [a.txt]}
      gates:
        - {name: check, command: "test -f a.txt", stages: [component]}
      """;

  @TempDir Path dir;
  @TempDir Path elsewhere;
  final Clock clock = Clock.fixed(Instant.parse("2026-11-24T07:00:00Z"), ZoneOffset.UTC);
  TestRepo repo;
  Path db;
  Workspace workspace;
  LandingService landing;

  @BeforeEach
  void setUp() throws Exception {
    repo = TestRepo.init(dir);
    repo.commit("main", "chore: plan\n", "junction.yaml", PLAN);
    repo.branch("coordination", "main");
    repo.branch("s1", "main");
    repo.branch("s2", "main");
    repo.branch("s3", "main");
    repo.commit("s1", "feat: a\n", "a.txt", "a\n");
    repo.commit("s2", "feat: b\n", "b.txt", "b\n");
    repo.commit("s3", "feat: c\n", "a.txt", "not a\n");
    repo.git("checkout", "-q", "coordination");
    db = elsewhere.resolve("events.db");
    workspace = Workspace.open(new Workspace.Location(Optional.of(dir), Optional.of(db)), clock);
    landing = new LandingService(workspace);
  }

  @AfterEach
  void tearDown() {
    workspace.close();
    repo.close();
  }

  Landing.Outcome land(String source) throws Exception {
    return landing.land(new LandingService.LandInput(List.of(source), Optional.empty(), Optional.empty(), Optional.empty(),
        false, Optional.of(Actor.of("one@example.org"))), m -> { });
  }

  ObjectId tip(String branch) throws Exception {
    return repo.repo().resolve("refs/heads/" + branch);
  }

  static List<Problem> invalid(Executable operation) {
    InvalidInput thrown = catchThrowableOfType(InvalidInput.class, () -> {
      try {
        operation.execute();
      } catch (Throwable t) {
        throw t instanceof Exception e ? e : new IllegalStateException(t);
      }
    });
    assertThat(thrown).as("InvalidInput").isNotNull();
    return thrown.problems();
  }

  @Test
  void landsIntoTheStoreTheWorkspaceNamesWithTheActorGiven() throws Exception {
    Landing.Outcome blocked = land("B");
    assertThat(blocked).isInstanceOf(Landing.Blocked.class);
    assertThat(blocked.disposition()).isEqualTo(Disposition.BLOCKED);

    Landing.Landed landed = (Landing.Landed) land("A");

    assertThat(landed.disposition()).isEqualTo(Disposition.DONE);
    assertThat(tip("coordination").name()).isEqualTo(landed.merge());
    assertThat(landed.gates()).extracting(Verdict::gate, Verdict::status).containsExactly(
        org.assertj.core.groups.Tuple.tuple("check", Verdict.Status.PASSED));
    try (RevWalk walk = new RevWalk(repo.repo())) {
      assertThat(walk.parseCommit(tip("coordination")).getCommitterIdent().getEmailAddress()).isEqualTo("one@example.org");
    }
    assertThat(workspace.storeFile()).isEqualTo(db);
    assertThat(Files.exists(dir.resolve(".git").resolve(Workspace.STORE))).isFalse();
    try (EventStore store = EventStore.sqlite(db)) {
      assertThat(store.events("land.done")).singleElement()
          .satisfies(e -> assertThat(e.payload()).contains(landed.merge()));
    }
    assertThat(land("A").disposition()).isEqualTo(Disposition.NO);
  }

  @Test
  void landingInputItCannotBeginWithIsThrownInDomainWords() {
    assertThat(invalid(() -> land("nope"))).singleElement().hasToString(
        "source: no branch or task 'nope'; valid: A, B, C, coordination, main, s1, s2, s3");
    assertThat(invalid(() -> landing.land(new LandingService.LandInput(List.of("s1"), Optional.empty(), Optional.of("Z"),
        Optional.empty(), false, Optional.empty()), m -> { })))
        .containsExactly(new InputError("task", "no task 'Z' in coordination:junction.yaml; valid: A, B, C"));
    assertThat(invalid(() -> landing.land(new LandingService.LandInput(List.of("s1", "s2"), Optional.empty(),
        Optional.empty(), Optional.empty(), false, Optional.empty()), m -> { })))
        .extracting(Problem::field).containsExactly("stage");
    assertThat(invalid(() -> landing.land(new LandingService.LandInput(List.of(), Optional.empty(), Optional.empty(),
        Optional.empty(), false, Optional.empty()), m -> { })))
        .extracting(Problem::field).containsExactly("source");
    assertThat(invalid(() -> landing.land(new LandingService.LandInput(List.of("s1"), Optional.of("nope"), Optional.empty(),
        Optional.empty(), false, Optional.empty()), m -> { })))
        .singleElement().satisfies(p -> assertThat(p.message())
            .isEqualTo("no branch 'nope' in this repository; valid: coordination, main, s1, s2, s3"));
  }

  @Test
  void syncMergesCoordinationOnceAsItsActorAndConflictsAreNo() throws Exception {
    land("A");
    LandingService.SyncInput two = new LandingService.SyncInput("two",
        Optional.of(new Actor("Session Two", "two@example.org")));

    Sync.Outcome synced = landing.sync(two);

    assertThat(synced).isEqualTo(new Sync.Synced("s2", tip("s2").name(), true));
    assertThat(synced.disposition()).isEqualTo(Disposition.DONE);
    try (RevWalk walk = new RevWalk(repo.repo())) {
      assertThat(walk.parseCommit(tip("s2")).getParents()).extracting(c -> c.getId().name())
          .containsExactly(repo.repo().resolve("s2~1").name(), tip("coordination").name());
      assertThat(walk.parseCommit(tip("s2")).getFullMessage()).isEqualTo("chore(sync): Merge coordination into s2\n");
      assertThat(walk.parseCommit(tip("s2")).getAuthorIdent())
          .isEqualTo(new PersonIdent("Session Two", "two@example.org", clock.instant(), ZoneOffset.UTC));
    }
    assertThat(landing.sync(new LandingService.SyncInput("s2", Optional.empty())))
        .isEqualTo(new Sync.Synced("s2", tip("s2").name(), false));
    ObjectId before = tip("s3");
    Sync.Outcome conflicted = landing.sync(new LandingService.SyncInput("three", Optional.empty()));
    assertThat(conflicted).isEqualTo(new Sync.Conflicted("s3", List.of("a.txt")));
    assertThat(conflicted.disposition()).isEqualTo(Disposition.NO);
    assertThat(tip("s3")).isEqualTo(before);
  }

  @Test
  void syncOfASessionWithoutAnExistingBranchIsInvalidInput() {
    for (String session : List.of("nobody", "four")) {
      assertThat(invalid(() -> landing.sync(new LandingService.SyncInput(session, Optional.empty()))))
          .containsExactly(new InputError("session",
              "no session '" + session + "' with an existing branch in coordination:junction.yaml; valid: one, two, three"));
    }
  }

  @Test
  void rollbackRevertsOnceThenSaysNo() throws Exception {
    Landing.Landed landed = (Landing.Landed) land("A");
    LandingService.RollbackInput input = new LandingService.RollbackInput(landed.merge(), "trying it", Optional.empty(),
        Optional.of(Actor.of("ops@example.org")));

    Rollback.Outcome done = landing.rollback(input);

    assertThat(done).isInstanceOf(Rollback.Done.class);
    assertThat(done.disposition()).isEqualTo(Disposition.DONE);
    assertThat(tip("coordination").name()).isEqualTo(((Rollback.Done) done).revert());
    Rollback.Outcome again = landing.rollback(input);
    assertThat(again).isInstanceOf(Rollback.Failed.class);
    assertThat(((Rollback.Failed) again).blocked()).isFalse();
    assertThat(again.disposition()).isEqualTo(Disposition.NO);
    assertThat(new Rollback.Failed("the target moved", true).disposition()).isEqualTo(Disposition.BLOCKED);
    assertThat(invalid(() -> landing.rollback(new LandingService.RollbackInput("nope", "x", Optional.empty(),
        Optional.empty())))).containsExactly(new InputError("merge", "no commit 'nope' in this repository"));
  }

  @Test
  void doctorSaysNoWhileACrashLeftSomethingAndResumeRemovesIt() throws Exception {
    repo.git("update-ref", "refs/junction/candidates/stale", "main");

    Recovery.Found found = landing.doctor();

    assertThat(found.candidates()).containsExactly("refs/junction/candidates/stale");
    assertThat(found.disposition()).isEqualTo(Disposition.NO);
    Recovery.Resumed resumed = landing.resume(new LandingService.ResumeInput(Optional.empty()), m -> { });
    assertThat(resumed.candidates()).containsExactly("refs/junction/candidates/stale");
    assertThat(resumed.disposition()).isEqualTo(Disposition.DONE);
    assertThat(repo.repo().exactRef("refs/junction/candidates/stale")).isNull();
    assertThat(landing.doctor().candidates()).isEmpty();
    assertThat(new Recovery.Found(List.of(), List.of(), List.of(), List.of()).disposition()).isEqualTo(Disposition.DONE);
  }

  @Test
  void gatesRunOnARefAndUnknownOnesAreInvalidInput() throws Exception {
    GateService gates = new GateService(workspace);

    Gates.Report passed = gates.run(new GateService.Input(Optional.empty(), Optional.empty(), "s1", Optional.empty(), false),
        m -> { });
    Gates.Report failed = gates.run(new GateService.Input(Optional.of("check"), Optional.empty(), "s2", Optional.empty(),
        false), m -> { });

    assertThat(passed.verdicts()).extracting(Verdict::gate, Verdict::passed)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("check", true));
    assertThat(passed.disposition()).isEqualTo(Disposition.DONE);
    assertThat(failed.verdicts()).extracting(Verdict::passed).containsExactly(false);
    assertThat(failed.disposition()).isEqualTo(Disposition.NO);
    assertThat(invalid(() -> gates.run(new GateService.Input(Optional.of("nope"), Optional.empty(), "s1",
        Optional.empty(), false), m -> { })))
        .containsExactly(new InputError("gate", "no gate 'nope' in coordination:junction.yaml (gates: check)"));
    assertThat(invalid(() -> gates.run(new GateService.Input(Optional.empty(), Optional.empty(), "nope",
        Optional.empty(), false), m -> { })))
        .containsExactly(new InputError("on", "no ref 'nope' in this repository; valid: coordination, main, s1, s2, s3"));
  }
}
