package dev.junction.land;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.git.History;
import dev.junction.git.MergeEngine;
import dev.junction.git.Trailers;
import dev.junction.plan.Plan;
import dev.junction.plan.PlanLoad;
import dev.junction.plan.PlanLoader;
import dev.junction.plan.Stage;
import dev.junction.store.EventStore;
import dev.junction.store.StoreEvent;
import dev.junction.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.ReflogEntry;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Integration batches (spec 1.1 stage 2): several sources merged in order into a chain of
 * candidates, gated once on the chain's end, and landed by one compare-and-swap.
 *
 * <pre>
 * coordination  o---M1---M2---M3   (one compare-and-swap: o to M3)
 *                \  /    /    /
 * s1 (one: A)     a     /    /
 * s2 (two: B after A)  b    /
 * s3 (three: C after B)    c
 * </pre>
 */
class BatchLandingTest {
  static final String PLAN = """
      version: 1
      branches: {main: main, coordination: coordination, session_patterns: ["s*"]}
      sessions:
        - {id: one, branch: s1}
        - {id: two, branch: s2}
        - {id: three, branch: s3}
        - {id: four, branch: s4}
      phases:
        - id: p
          tasks:
            - {id: A, title: first, owner: one, deliverables: [a.txt]}
            - {id: B, title: second, owner: two, deliverables: [b.txt], depends_on: [A]}
            - {id: C, title: third, owner: three, deliverables: [c.txt], depends_on: [B]}
            - {id: D, title: fourth, owner: four, deliverables: [d.txt]}
      gates:
        - name: together
          command: "! { test -f x.txt && test -f y.txt; }"
          stages: [integration]
        - name: post
          command: "! { test -f p.txt && test -f q.txt; }"
          post_merge: true
      """;

  @TempDir Path dir;
  @TempDir Path storeDir;
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
    repo.branch("s3", "main");
    repo.branch("s4", "main");
    store = EventStore.sqlite(storeDir.resolve("junction.db"));
    engine = MergeEngine.open(repo.repo());
  }

  @AfterEach
  void tearDown() {
    engine.close();
    store.close();
    repo.close();
  }

  Landing.Outcome land(Optional<Stage> stage, boolean dryRun, String... sources) throws Exception {
    return Landing.land(repo.repo(), store, engine, new Landing.Request(List.of(sources), Optional.empty(),
        Optional.empty(), stage, dryRun, who), clock, m -> { });
  }

  Landing.Outcome batch(String... sources) throws Exception {
    return land(Optional.of(Stage.INTEGRATION), false, sources);
  }

  ObjectId tip(String branch) throws Exception {
    return repo.repo().resolve("refs/heads/" + branch);
  }

  void assertNothingMoved(ObjectId before) throws Exception {
    assertThat(tip("coordination")).isEqualTo(before);
    assertThat(repo.repo().getRefDatabase().getRefsByPrefix(Landing.CANDIDATES)).isEmpty();
    assertThat(History.mergedTasks(repo.repo(), tip("coordination"))).isEmpty();
  }

  void work() throws Exception {
    repo.commit("s1", "feat: a\n", "a.txt", "a\n");
    repo.commit("s2", "feat: b\n", "b.txt", "b\n");
    repo.commit("s3", "feat: c\n", "c.txt", "c\n");
  }

  @Test
  void landsABatchAsAChainOfMergesWithOneCompareAndSwap() throws Exception {
    work();
    ObjectId before = tip("coordination");
    int reflog = repo.repo().getRefDatabase().getReflogReader("refs/heads/coordination").getReverseEntries().size();

    Landing.Landed landed = (Landing.Landed) batch("s1", "s2", "s3");

    assertThat(landed.merges()).hasSize(3);
    assertThat(landed.merge()).isEqualTo(landed.merges().get(2)).isEqualTo(tip("coordination").name());
    assertThat(landed.tasks()).containsExactly("A", "B", "C");
    List<ReflogEntry> entries = repo.repo().getRefDatabase().getReflogReader("refs/heads/coordination").getReverseEntries();
    assertThat(entries).as("one compare-and-swap").hasSize(reflog + 1);
    assertThat(entries.get(0).getOldId()).isEqualTo(before);
    assertThat(entries.get(0).getComment()).contains("integration batch of 3 merges");
    try (RevWalk walk = new RevWalk(repo.repo())) {
      List<RevCommit> chain = new ArrayList<>();
      RevCommit c = walk.parseCommit(tip("coordination"));
      for (int i = 0; i < 3; i++) {
        chain.add(0, c);
        c = walk.parseCommit(c.getParent(0));
      }
      assertThat(c.getId()).as("the chain sits on the tip read in step 1").isEqualTo(before);
      assertThat(chain).extracting(m -> m.getParent(1).getId()).containsExactly(tip("s1"), tip("s2"), tip("s3"));
      assertThat(chain).extracting(m -> Trailers.values(m.getFullMessage(), Trailers.TASK))
          .containsExactly(List.of("A"), List.of("B"), List.of("C"));
      assertThat(chain.get(1).getFullMessage()).startsWith("feat(b): Merge second [B]\n")
          .contains("Landed by Junction from s2 (", "), 2 of 3 in an integration batch.", "Junction-Stage: integration");
    }
    assertThat(History.mergedTasks(repo.repo(), tip("coordination"))).containsKeys("A", "B", "C");
    assertThat(repo.repo().getRefDatabase().getRefsByPrefix(Landing.CANDIDATES)).isEmpty();
    assertThat(store.events("land.moving")).hasSize(1);
    assertThat(store.events(StoreEvent.LandCandidate.class)).singleElement().satisfies(e -> {
      assertThat(e.event().base()).isEqualTo(before.name());
      assertThat(e.event().merges()).isEqualTo(landed.merges());
      assertThat(e.event().candidate()).isEqualTo(landed.merge());
    });
  }

  @Test
  void aBatchWithAConflictingSourceLandsNothing() throws Exception {
    repo.commit("s1", "feat: a\n", "a.txt", "a\n", "shared.txt", "one\n");
    repo.commit("s2", "feat: b\n", "b.txt", "b\n", "shared.txt", "two\n");
    ObjectId before = tip("coordination");

    Landing.Conflicted conflicted = (Landing.Conflicted) batch("s1", "s2");

    assertThat(conflicted.source()).isEqualTo("s2");
    assertThat(conflicted.ahead()).containsExactly("s1");
    assertThat(conflicted.conflicts()).extracting(f -> f.path()).containsExactly("shared.txt");
    assertNothingMoved(before);
  }

  @Test
  void aBatchWhoseCombinedResultFailsAGateLandsNothing() throws Exception {
    repo.commit("s1", "feat: a\n", "a.txt", "a\n", "x.txt", "x\n");
    repo.commit("s4", "feat: d\n", "d.txt", "d\n", "y.txt", "y\n");
    ObjectId before = tip("coordination");
    assertThat(land(Optional.of(Stage.INTEGRATION), true, "s1")).as("s1 alone passes").isInstanceOf(Landing.WouldLand.class);
    assertThat(land(Optional.of(Stage.INTEGRATION), true, "s4")).as("s4 alone passes").isInstanceOf(Landing.WouldLand.class);

    Landing.GateFailed failed = (Landing.GateFailed) batch("s1", "s4");

    assertThat(failed.gates()).singleElement().satisfies(v -> {
      assertThat(v.gate()).isEqualTo("together");
      assertThat(v.passed()).isFalse();
    });
    assertThat(failed.criteria()).isEmpty();
    assertNothingMoved(before);
  }

  @Test
  void aDependencyOnASourceAheadInTheBatchIsMet() throws Exception {
    work();
    assertThat(batch("s1", "s2")).isInstanceOf(Landing.Landed.class);
    assertThat(History.mergedTasks(repo.repo(), tip("coordination"))).containsOnlyKeys("A", "B");
  }

  @Test
  void aDependencyOnASourceBehindInTheBatchIsRefusedWithTheOrderToUse() throws Exception {
    work();
    ObjectId before = tip("coordination");

    Landing.Refused refused = (Landing.Refused) batch("s2", "s3", "s1");

    assertThat(refused.reasons()).containsExactly(
        "B depends on A, which s1 delivers later in this batch: land them in the order s1 s2 s3");
    assertNothingMoved(before);
  }

  @Test
  void aFailedValidationRevertsTheWholeBatchWithOneCommit() throws Exception {
    repo.commit("s1", "feat: a\n", "a.txt", "a\n", "p.txt", "p\n");
    repo.commit("s2", "feat: b\n", "b.txt", "b\n");
    repo.commit("s3", "feat: c\n", "c.txt", "c\n", "q.txt", "q\n");
    ObjectId before = tip("coordination");

    Landing.RolledBack rolled = (Landing.RolledBack) batch("s1", "s2", "s3");

    try (RevWalk walk = new RevWalk(repo.repo())) {
      RevCommit revert = walk.parseCommit(tip("coordination"));
      assertThat(revert.getParentCount()).isEqualTo(1);
      assertThat(revert.getParent(0).getId().name()).isEqualTo(rolled.merge());
      assertThat(revert.getTree().getId()).isEqualTo(walk.parseCommit(before).getTree().getId());
      List<String> reverted = Trailers.values(revert.getFullMessage(), Trailers.REVERT);
      assertThat(reverted).hasSize(3).last().isEqualTo(rolled.merge());
      assertThat(revert.getShortMessage()).isEqualTo("Revert \"feat(a): Merge first [A]\" and the 2 merges landed with it");
    }
    assertThat(History.mergedTasks(repo.repo(), tip("coordination"))).isEmpty();
    assertThat(store.events(StoreEvent.RolledBack.class, rolled.merge())).singleElement()
        .satisfies(e -> {
          assertThat(e.event().tasks()).containsExactly("A", "B", "C");
          assertThat(e.event().merges()).hasSize(3).last().isEqualTo(rolled.merge());
          assertThat(e.event().merge()).isEqualTo(rolled.merge());
        });
    assertThat(Files.readString(Path.of(rolled.rollback().rootCause())))
        .contains("**Batch:** ", "**Tasks:** A, B, C", "**Affected sessions:** one, two, three");
  }

  @Test
  void severalSourcesNeedTheIntegrationStage() throws Exception {
    work();
    Landing.Invalid invalid = (Landing.Invalid) land(Optional.empty(), false, "s1", "s2");

    assertThat(invalid.errors()).singleElement().satisfies(e -> {
      assertThat(e.field()).isEqualTo("stage");
      assertThat(e.message()).contains("add --stage integration");
    });
    assertThat(land(Optional.of(Stage.COMPONENT), false, "s1", "s2")).isInstanceOf(Landing.Invalid.class);
  }

  @Test
  void aBranchLandsOnceInABatch() throws Exception {
    work();
    Landing.Invalid invalid = (Landing.Invalid) batch("s1", "A");

    assertThat(invalid.errors()).singleElement().asString().contains("'A' is branch s1, which this batch lands already");
  }

  @Test
  void aBatchNamesNoTask() throws Exception {
    work();
    Landing.Invalid invalid = (Landing.Invalid) Landing.land(repo.repo(), store, engine, new Landing.Request(
        List.of("s1", "s2"), Optional.empty(), Optional.of("A"), Optional.of(Stage.INTEGRATION), false, who), clock, m -> { });

    assertThat(invalid.errors()).singleElement().satisfies(e -> assertThat(e.field()).isEqualTo("task"));
  }

  @Test
  void aSourceThatBringsNothingAfterThoseAheadIsRefused() throws Exception {
    repo.commit("s1", "feat: a\n", "a.txt", "a\n");
    repo.merge("s2", "s1", "chore: take s1\n"); // s2 holds s1's work and nothing else
    ObjectId before = tip("coordination");

    Landing.Refused refused = (Landing.Refused) batch("s1", "B");

    assertThat(refused.reasons()).singleElement().asString()
        .startsWith("s2 brings nothing coordination with s1 merged does not hold already");
    assertNothingMoved(before);
  }

  @Test
  void aBatchIsRevertedByHandOnlyAsOneFirstParentChain() throws Exception {
    work();
    Landing.Landed landed = (Landing.Landed) batch("s1", "s2");
    Plan plan = ((PlanLoad.Loaded) PlanLoader.load("p", PLAN)).plan();
    List<ObjectId> merges = landed.merges().stream().map(ObjectId::fromString).toList();

    Rollback.Outcome backwards = Rollback.revert(repo.repo(), store, plan, "coordination", List.of(merges.get(1), merges.get(0)),
        "by hand", List.of(), who, clock);
    Rollback.Outcome notMerges = Rollback.revert(repo.repo(), store, plan, "coordination", List.of(tip("s1")),
        "by hand", List.of(), who, clock);
    Rollback.Outcome done = Rollback.revert(repo.repo(), store, plan, "coordination", merges, "by hand", List.of(), who, clock);

    assertThat(((Rollback.Failed) backwards).reason()).contains("a batch's merges are one first-parent chain");
    assertThat(((Rollback.Failed) notMerges).reason()).contains("is not a merge commit");
    assertThat(done).isInstanceOf(Rollback.Done.class);
    assertThat(History.mergedTasks(repo.repo(), tip("coordination"))).isEmpty();
    assertThat(Files.readString(Path.of(((Rollback.Done) done).rootCause()))).contains("Rolled back by hand.",
        "Rolled back the batch ending in merge ");
  }
}
