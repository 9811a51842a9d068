package dev.junction.land;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.git.Commits;
import dev.junction.git.History;
import dev.junction.git.Refs;
import dev.junction.store.EventStore;
import dev.junction.testing.Plans;
import dev.junction.testing.TestRepo;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A crash after each step of the pipeline in turn, written as the journal and the repository the
 * crash leaves: resume completes the landing when the target already moved to the candidate, undoes
 * it otherwise, and leaves nothing behind. {@link CrashTest} kills a real lander after each journal
 * step; only here is the crash between two steps ({@code MOVING_AFTER_THE_SWAP}).
 */
class RecoveryTest {
  static final String PLAN = Plans.ONE_SESSION + """
      gates:
        - {name: post, command: "true", post_merge: true}
      """;

  /** The last journal entry written before the crash, and whether the target had moved. */
  enum CrashAfter {
    STARTED(List.of("land.started"), false),
    CANDIDATE(List.of("land.started", "land.candidate"), false),
    GATED(List.of("land.started", "land.candidate", "land.gated"), false),
    MOVING_BEFORE_THE_SWAP(List.of("land.started", "land.candidate", "land.gated", "land.moving"), false),
    MOVING_AFTER_THE_SWAP(List.of("land.started", "land.candidate", "land.gated", "land.moving"), true),
    MOVED(List.of("land.started", "land.candidate", "land.gated", "land.moving", "land.moved"), true);

    final List<String> journal;
    final boolean targetMoved;

    CrashAfter(List<String> journal, boolean targetMoved) {
      this.journal = journal;
      this.targetMoved = targetMoved;
    }
  }

  @TempDir Path dir;
  final Clock clock = Clock.fixed(Instant.parse("2026-11-24T07:00:00Z"), ZoneOffset.UTC);
  final PersonIdent who = new PersonIdent("Ops", "ops@example.org", Instant.parse("2026-11-24T07:00:00Z"), ZoneOffset.UTC);

  @ParameterizedTest
  @EnumSource(CrashAfter.class)
  void resumeCompletesOrUndoesAndLeavesNothingBehind(CrashAfter crash) throws Exception {
    try (TestRepo repo = TestRepo.init(dir); EventStore store = EventStore.sqlite(dir.resolve(".git/junction/junction.db"))) {
      repo.commit("main", "plan\n", "junction.yaml", PLAN);
      repo.branch("coordination", "main");
      repo.branch("s1", "main");
      ObjectId work = repo.commit("s1", "feat: a\n", "a.txt", "a\n");
      ObjectId before = repo.repo().resolve("refs/heads/coordination");
      ObjectId candidate = ((Commits.Merged) Commits.mergeNoFastForward(repo.repo(), before, work,
          "feat(a): Merge first [A]\n\nJunction-Task: A\n", who)).commit();
      String id = "20261124070000-abc";
      for (String kind : crash.journal) {
        String payload = switch (kind) {
          case "land.started" -> "{\"target\":\"coordination\",\"pid\":\"999999999\"}";
          case "land.candidate" -> "{\"candidate\":\"" + candidate.name() + "\",\"ref\":\"" + Landing.CANDIDATES + id + "\"}";
          default -> "{}";
        };
        store.append(new EventStore.Event(clock.instant(), kind, id, Optional.of("one@example.org"), payload));
      }
      if (crash.journal.contains("land.candidate")) {
        Refs.move(repo.repo(), Landing.CANDIDATES + id, ObjectId.zeroId(), candidate, who, "test");
      }
      if (crash.targetMoved) {
        Refs.move(repo.repo(), "refs/heads/coordination", before, candidate, who, "test");
      }

      assertThat(Recovery.doctor(repo.repo(), store, clock).landings()).hasSize(1);
      Recovery.Report report = Recovery.resume(repo.repo(), store, who, clock, m -> { });

      assertThat(report.landings()).singleElement().asString()
          .contains(crash.targetMoved ? "completed (validated" : "undone");
      assertThat(repo.repo().resolve("refs/heads/coordination")).isEqualTo(crash.targetMoved ? candidate : before);
      assertThat(repo.repo().getRefDatabase().getRefsByPrefix(Landing.CANDIDATES)).isEmpty();
      assertThat(store.about(id)).extracting(EventStore.Event::kind).last()
          .isEqualTo(crash.targetMoved ? "land.done" : "land.aborted");
      assertThat(Recovery.doctor(repo.repo(), store, clock).clean()).isTrue();
    }
  }

  /**
   * A batch whose target moved to the chain's last merge before the crash: resume validates the
   * chain from the tip it was built on and, when that fails, reverts every merge of it.
   */
  @Test
  void resumeRevertsAWholeBatchWhoseValidationFails() throws Exception {
    try (TestRepo repo = TestRepo.init(dir); EventStore store = EventStore.sqlite(dir.resolve(".git/junction/junction.db"))) {
      repo.commit("main", "plan\n", "junction.yaml", PLAN.replace("command: \"true\"", "command: \"test ! -f b.txt\""));
      repo.branch("coordination", "main");
      repo.branch("s1", "main");
      repo.branch("s2", "main");
      ObjectId one = repo.commit("s1", "feat: a\n", "a.txt", "a\n");
      ObjectId two = repo.commit("s2", "feat: b\n", "b.txt", "b\n");
      ObjectId before = repo.repo().resolve("refs/heads/coordination");
      ObjectId first = ((Commits.Merged) Commits.mergeNoFastForward(repo.repo(), before, one,
          "feat(a): Merge first [A]\n\nJunction-Task: A\n", who)).commit();
      ObjectId last = ((Commits.Merged) Commits.mergeNoFastForward(repo.repo(), first, two,
          "chore: Merge s2\n\nJunction-Task: B\n", who)).commit();
      String id = "20261124070000-def";
      store.append(new EventStore.Event(clock.instant(), "land.started", id, Optional.of("one@example.org"),
          "{\"target\":\"coordination\",\"pid\":\"999999999\"}"));
      store.append(new EventStore.Event(clock.instant(), "land.candidate", id, Optional.of("one@example.org"),
          "{\"candidate\":\"" + last.name() + "\",\"ref\":\"" + Landing.CANDIDATES + id + "\",\"base\":\""
              + before.name() + "\",\"merges\":\"" + first.name() + "," + last.name() + "\"}"));
      Refs.move(repo.repo(), Landing.CANDIDATES + id, ObjectId.zeroId(), last, who, "test");
      Refs.move(repo.repo(), "refs/heads/coordination", before, last, who, "test");

      Recovery.Report report = Recovery.resume(repo.repo(), store, who, clock, m -> { });

      assertThat(report.landings()).singleElement().asString().contains("validation failed; reverted by");
      try (RevWalk walk = new RevWalk(repo.repo())) {
        var tip = walk.parseCommit(repo.repo().resolve("refs/heads/coordination"));
        assertThat(tip.getParent(0).getId()).isEqualTo(last);
        assertThat(tip.getTree().getId()).isEqualTo(walk.parseCommit(before).getTree().getId());
      }
      assertThat(History.mergedTasks(repo.repo(), repo.repo().resolve("refs/heads/coordination"))).isEmpty();
      assertThat(store.about(id)).extracting(EventStore.Event::kind).last().isEqualTo("land.rolled-back");
      assertThat(Recovery.doctor(repo.repo(), store, clock).clean()).isTrue();
    }
  }
  /** A landing journaled up to {@code land.moved}, its target at the candidate; answers the candidate. */
  ObjectId landedBeforeTheCrash(TestRepo repo, EventStore store, String id, boolean journalBase) throws Exception {
    ObjectId before = repo.repo().resolve("refs/heads/coordination");
    ObjectId work = repo.repo().resolve("refs/heads/s1");
    ObjectId candidate = ((Commits.Merged) Commits.mergeNoFastForward(repo.repo(), before, work,
        "feat(a): Merge first [A]\n\nJunction-Task: A\n", who)).commit();
    store.append(new EventStore.Event(clock.instant(), "land.started", id, Optional.of("one@example.org"),
        "{\"target\":\"coordination\",\"targetTip\":\"" + before.name() + "\",\"pid\":\"999999999\"}"));
    store.append(new EventStore.Event(clock.instant(), "land.candidate", id, Optional.of("one@example.org"),
        "{\"candidate\":\"" + candidate.name() + "\",\"ref\":\"" + Landing.CANDIDATES + id + "\""
            + (journalBase ? ",\"base\":\"" + before.name() + "\"" : "") + "}"));
    for (String kind : List.of("land.gated", "land.moving", "land.moved")) {
      store.append(new EventStore.Event(clock.instant(), kind, id, Optional.of("one@example.org"), "{}"));
    }
    Refs.move(repo.repo(), Landing.CANDIDATES + id, ObjectId.zeroId(), candidate, who, "test");
    Refs.move(repo.repo(), "refs/heads/coordination", before, candidate, who, "test");
    return candidate;
  }

  /**
   * The landed branch rewrote junction.yaml without the post-merge gate that fails: resume still
   * validates under the plan at the landing's base (journaled, or for older journals the merge's
   * first parent), so the merge is reverted, not kept.
   */
  @ParameterizedTest(name = "base journaled: {0}")
  @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
  void resumeValidatesUnderThePlanAtTheLandingsBaseNotTheMerges(boolean journalBase) throws Exception {
    try (TestRepo repo = TestRepo.init(dir); EventStore store = EventStore.sqlite(dir.resolve(".git/junction/junction.db"))) {
      repo.commit("main", "plan\n", "junction.yaml", PLAN.replace("command: \"true\"", "command: \"false\""));
      repo.branch("coordination", "main");
      repo.branch("s1", "main");
      repo.commit("s1", "feat: a\n", "a.txt", "a\n", "junction.yaml", Plans.ONE_SESSION);
      ObjectId before = repo.repo().resolve("refs/heads/coordination");
      ObjectId candidate = landedBeforeTheCrash(repo, store, "20261124070000-aaa", journalBase);

      Recovery.Report report = Recovery.resume(repo.repo(), store, who, clock, m -> { });

      assertThat(report.landings()).singleElement().asString().contains("validation failed; reverted by");
      try (RevWalk walk = new RevWalk(repo.repo())) {
        var tip = walk.parseCommit(repo.repo().resolve("refs/heads/coordination"));
        assertThat(tip.getParent(0).getId()).isEqualTo(candidate);
        assertThat(tip.getTree().getId()).isEqualTo(walk.parseCommit(before).getTree().getId());
      }
      assertThat(store.events("rollback")).hasSize(1);
      assertThat(Recovery.doctor(repo.repo(), store, clock).clean()).isTrue();
    }
  }

  /** The mirror: a branch that adds a failing post-merge gate is judged by the base's plan, whose gate passes. */
  @Test
  void resumeDoesNotTakeAGateTheLandedBranchAdded() throws Exception {
    try (TestRepo repo = TestRepo.init(dir); EventStore store = EventStore.sqlite(dir.resolve(".git/junction/junction.db"))) {
      repo.commit("main", "plan\n", "junction.yaml", PLAN);
      repo.branch("coordination", "main");
      repo.branch("s1", "main");
      repo.commit("s1", "feat: a\n", "a.txt", "a\n", "junction.yaml", PLAN.replace("command: \"true\"", "command: \"false\""));
      ObjectId candidate = landedBeforeTheCrash(repo, store, "20261124070000-bbb", true);

      Recovery.Report report = Recovery.resume(repo.repo(), store, who, clock, m -> { });

      assertThat(report.landings()).singleElement().asString().contains("completed (validated");
      assertThat(repo.repo().resolve("refs/heads/coordination")).isEqualTo(candidate);
      assertThat(store.events("rollback")).isEmpty();
    }
  }

  /**
   * Post-merge validation failed and the automatic revert was cut short right after a step of its
   * journal ({@code rollback.moving}: before its swap; {@code rollback.moved}: after). Resume finishes
   * the rollback (or undoes it and reverts again) and ends the landing rolled back, with one
   * {@code rollback} event and its document either way.
   */
  @ParameterizedTest(name = "revert cut short after {0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"rollback.moving", "rollback.moved"})
  void resumeFinishesAnInterruptedAutomaticRevert(String kind) throws Exception {
    try (TestRepo repo = TestRepo.init(dir); EventStore store = EventStore.sqlite(dir.resolve(".git/junction/junction.db"))) {
      repo.commit("main", "plan\n", "junction.yaml", PLAN.replace("command: \"true\"", "command: \"false\""));
      repo.branch("coordination", "main");
      repo.branch("s1", "main");
      repo.commit("s1", "feat: a\n", "a.txt", "a\n");
      ObjectId before = repo.repo().resolve("refs/heads/coordination");
      String id = "20261124070000-ccc";
      ObjectId candidate = landedBeforeTheCrash(repo, store, id, true);
      // What Landing does when validation fails, cut short by a crash after the step.
      Journal.afterRecord = k -> {
        if (k.equals(kind)) {
          throw new IllegalStateException("killed");
        }
      };
      try {
        Rollback.revert(repo.repo(), store, dev.junction.testing.Plans.load(PLAN), "coordination", List.of(candidate),
            "post-merge validation failed: post", List.of(), who, clock);
        throw new AssertionError("not cut short");
      } catch (IllegalStateException killed) {
        // gone
      } finally {
        Journal.afterRecord = k -> { };
      }
      assertThat(store.events("rollback")).isEmpty();
      Recovery.Found found = Recovery.doctor(repo.repo(), store, clock);
      assertThat(found.rollbacks()).hasSize(1);
      assertThat(found.landings()).hasSize(1);

      Recovery.Report report = Recovery.resume(repo.repo(), store, who, clock, m -> { });

      assertThat(report.rollbacks()).singleElement().asString()
          .contains(kind.equals("rollback.moved") ? "completed (reverted by" : "undone (the target never moved)");
      assertThat(report.landings()).singleElement().asString().contains("validation failed; reverted by");
      try (RevWalk walk = new RevWalk(repo.repo())) {
        var tip = walk.parseCommit(repo.repo().resolve("refs/heads/coordination"));
        assertThat(tip.getParent(0).getId()).as("one revert, on the merge").isEqualTo(candidate);
        assertThat(tip.getTree().getId()).isEqualTo(walk.parseCommit(before).getTree().getId());
        assertThat(store.events("rollback")).singleElement().satisfies(e -> {
          assertThat(e.subject()).isEqualTo(candidate.name());
          assertThat(e.payload()).contains("\"revert\":\"" + tip.getName() + "\"");
        });
      }
      assertThat(store.about(id)).extracting(EventStore.Event::kind).last().isEqualTo("land.rolled-back");
      assertThat(Recovery.doctor(repo.repo(), store, clock).clean()).isTrue();
    }
  }
}
