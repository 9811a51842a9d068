package dev.junction.land;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.git.Commits;
import dev.junction.git.Refs;
import dev.junction.plan.Plan;
import dev.junction.store.EventStore;
import dev.junction.store.EventStore.Stored;
import dev.junction.store.StoreEvent;
import dev.junction.testing.Plans;
import dev.junction.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code junction rollback} journals before it acts: a rollback cut short right after a step of its
 * journal (the journal's seam throws there, so nothing after the step runs, as after a kill) is
 * listed by doctor and completed or undone by resume. {@link CrashTest} kills real processes at the
 * same steps. And only a merge on the target's first-parent history is rolled back.
 */
class RollbackTest {
  @TempDir Path dir;
  final Clock clock = Clock.fixed(Instant.parse("2026-11-24T09:00:00Z"), ZoneOffset.UTC);
  final PersonIdent who = new PersonIdent("Ops", "ops@example.org", Instant.parse("2026-11-24T09:00:00Z"), ZoneOffset.UTC);
  final Plan plan = Plans.load(Plans.ONE_SESSION);
  TestRepo repo;
  EventStore store;
  ObjectId before;
  ObjectId merge;

  /** A "crash": what the journal seam throws right after the step it is armed for. */
  static final class Killed extends RuntimeException {
    Killed(String kind) {
      super("killed after " + kind);
    }
  }

  @BeforeEach
  void landed() throws Exception {
    repo = TestRepo.init(dir);
    store = EventStore.sqlite(dir.resolve(".git/junction/junction.db"));
    repo.commit("main", "plan\n", "junction.yaml", Plans.ONE_SESSION);
    repo.branch("coordination", "main");
    repo.branch("s1", "main");
    ObjectId work = repo.commit("s1", "feat: a\n", "a.txt", "a\n");
    before = repo.repo().resolve("refs/heads/coordination");
    merge = ((Commits.Merged) Commits.mergeNoFastForward(repo.repo(), before, work,
        "feat(a): Merge first [A]\n\nJunction-Task: A\n", who)).commit();
    Refs.move(repo.repo(), "refs/heads/coordination", before, merge, who, "test: landed");
  }

  @AfterEach
  void close() {
    Journal.afterRecord = kind -> { };
    store.close();
    repo.close();
  }

  /** Rolls back the merge, "killed" right after the journal records {@code kind}. */
  void rollbackKilledAfter(String kind) throws Exception {
    Journal.afterRecord = k -> {
      if (k.equals(kind)) {
        throw new Killed(k);
      }
    };
    try {
      Rollback.revert(repo.repo(), store, plan, "coordination", merge, "broke the build", List.of(), who, clock);
      throw new AssertionError("the rollback was not cut short at " + kind);
    } catch (Killed expected) {
      // the process is gone from here on
    } finally {
      Journal.afterRecord = k -> { };
    }
  }

  ObjectId coordination() throws Exception {
    return repo.repo().resolve("refs/heads/coordination");
  }

  @Test
  void cutShortBeforeTheSwapIsUndoneAndCanBeRunAgain() throws Exception {
    rollbackKilledAfter("rollback.moving");
    assertThat(coordination()).as("the target never moved").isEqualTo(merge);

    Recovery.Found found = Recovery.doctor(repo.repo(), store, clock);
    assertThat(found.rollbacks()).singleElement().asString().contains("rollback of " + merge.abbreviate(10).name(),
        "unfinished after rollback.moving");
    assertThat(found.landings()).isEmpty();
    assertThat(found.clean()).isFalse();

    Recovery.Resumed resumed = Recovery.resume(repo.repo(), store, who, clock, m -> { });

    assertThat(resumed.rollbacks()).singleElement().asString().contains("undone (the target never moved)");
    assertThat(coordination()).isEqualTo(merge);
    assertThat(store.events(StoreEvent.RolledBack.class)).isEmpty();
    assertThat(store.events(StoreEvent.RollbackAborted.class)).hasSize(1);
    assertThat(Recovery.doctor(repo.repo(), store, clock).clean()).isTrue();
    // Nothing stands in the way of rolling back again.
    assertThat(Rollback.revert(repo.repo(), store, plan, "coordination", merge, "broke the build", List.of(), who, clock))
        .isInstanceOf(Rollback.Done.class);
    assertThat(store.events(StoreEvent.RolledBack.class)).hasSize(1);
    assertThat(Recovery.doctor(repo.repo(), store, clock).clean()).isTrue();
  }

  /**
   * The revert is on the target, but neither the event nor the document was written: cut short
   * after {@code rollback.moved}, or after {@code rollback.moving} with the swap done (the crash
   * between the two).
   */
  @ParameterizedTest
  @ValueSource(strings = {"rollback.moving", "rollback.moved"})
  void cutShortAfterTheSwapIsCompletedWithItsEventAndDocument(String kind) throws Exception {
    rollbackKilledAfter(kind);
    StoreEvent.RollbackMoving intent = store.events(StoreEvent.RollbackMoving.class).get(0).event();
    if (kind.equals("rollback.moving")) {
      Refs.move(repo.repo(), "refs/heads/coordination", merge, ObjectId.fromString(intent.revert()), who, "the swap");
    }
    assertThat(coordination().name()).as("the revert landed").isEqualTo(intent.revert());
    assertThat(store.events(StoreEvent.RolledBack.class)).as("and nothing says so").isEmpty();
    assertThat(Recovery.doctor(repo.repo(), store, clock).rollbacks()).singleElement().asString()
        .contains("unfinished after " + kind);

    Recovery.Resumed resumed = Recovery.resume(repo.repo(), store, who, clock, m -> { });

    assertThat(resumed.rollbacks()).singleElement().asString().contains("completed (reverted by "
        + intent.revert().substring(0, 10));
    assertThat(coordination().name()).isEqualTo(intent.revert());
    List<Stored<StoreEvent.RolledBack>> rolled = store.events(StoreEvent.RolledBack.class);
    assertThat(rolled).singleElement().satisfies(r -> {
      assertThat(r.subject()).isEqualTo(merge.name());
      assertThat(r.event().revert()).isEqualTo(intent.revert());
      assertThat(r.event().reason()).isEqualTo("broke the build");
      assertThat(r.event().tasks()).containsExactly("A");
      assertThat(r.event().journal()).isEqualTo(store.events(StoreEvent.RollbackMoving.class).get(0).subject());
      assertThat(Files.readString(Path.of(r.event().rootCause()))).contains("# Rollback Analysis: A first",
          "Known so far: broke the build");
    });
    Recovery.Resumed again = Recovery.resume(repo.repo(), store, who, clock, m -> { });
    assertThat(again.clean()).isTrue();
    assertThat(store.events(StoreEvent.RolledBack.class)).as("recorded once").hasSize(1);
    try (Stream<Path> docs = Files.list(dir.resolve(".git/junction/rollbacks"))) {
      assertThat(docs).as("one document").hasSize(1);
    }
  }

  @Test
  void anUninterruptedRollbackEndsItsJournalWithItsEvent() throws Exception {
    Rollback.Outcome done = Rollback.revert(repo.repo(), store, plan, "coordination", merge, "red", List.of(), who, clock);

    assertThat(done).isInstanceOf(Rollback.Done.class);
    String id = store.events(StoreEvent.RollbackMoving.class).get(0).subject();
    assertThat(store.about(id)).extracting(EventStore.Event::kind).containsExactly("rollback.moving", "rollback.moved");
    assertThat(store.events(StoreEvent.RolledBack.class)).singleElement()
        .satisfies(r -> assertThat(r.event().journal()).isEqualTo(id));
    assertThat(Recovery.doctor(repo.repo(), store, clock).clean()).isTrue();
  }

  /**
   * A merge a session made inside its own branch, carried onto the target by the landing of that
   * branch, is not on the target's first-parent history: it is no landing, and rolling it back is
   * refused (nothing moves, nothing is journaled). The landing's own merge still rolls back.
   */
  @Test
  void aMergeInsideALandedBranchIsNotRolledBack() throws Exception {
    repo.branch("side", "s1");
    ObjectId sideWork = repo.commit("side", "feat: c\n", "c.txt", "c\n");
    ObjectId s1 = repo.repo().resolve("refs/heads/s1");
    ObjectId inner = ((Commits.Merged) Commits.mergeNoFastForward(repo.repo(), s1, sideWork,
        "feat(a): Merge first [A]\n\nJunction-Task: A\n", who)).commit();
    Refs.move(repo.repo(), "refs/heads/s1", s1, inner, who, "test: a merge inside s1");
    ObjectId landing = ((Commits.Merged) Commits.mergeNoFastForward(repo.repo(), merge, inner,
        "feat(a): Merge s1 again\n\nJunction-Task: A\n", who)).commit();
    Refs.move(repo.repo(), "refs/heads/coordination", merge, landing, who, "test: landed again");
    try (RevWalk walk = new RevWalk(repo.repo())) {
      assertThat(walk.isMergedInto(walk.parseCommit(inner), walk.parseCommit(landing))).as("reachable").isTrue();
    }

    Rollback.Outcome refused = Rollback.revert(repo.repo(), store, plan, "coordination", inner, "forged", List.of(), who,
        clock);

    assertThat(refused).isInstanceOfSatisfying(Rollback.Failed.class, f -> {
      assertThat(f.reason()).isEqualTo(inner.abbreviate(10).name() + " is not on coordination's first-parent history:"
          + " it came in with a branch that was landed, not as a landing of its own; roll back the merge that landed"
          + " that branch");
      assertThat(f.disposition()).isEqualTo(dev.junction.plan.Disposition.NO);
    });
    assertThat(coordination()).isEqualTo(landing);
    assertThat(store.events(StoreEvent.class)).isEmpty();

    assertThat(Rollback.revert(repo.repo(), store, plan, "coordination", landing, "red", List.of(), who, clock))
        .isInstanceOf(Rollback.Done.class);
    try (RevWalk walk = new RevWalk(repo.repo())) {
      assertThat(walk.parseCommit(coordination()).getParent(0).getId()).isEqualTo(landing);
    }
  }
}
