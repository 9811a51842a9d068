package dev.junction.land;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.gate.Verdict;
import dev.junction.git.MergeEngine;
import dev.junction.store.EventStore;
import dev.junction.testing.TestRepo;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Phase landings (spec 1.1 stage 3): coordination lands on main only when every phase criterion
 * holds, each shown met or not.
 *
 * <pre>
 * main          o-----------P (phase: every criterion met)
 *                \         /
 * coordination    o---M---'   (M: Junction-Task: A)
 *                  \ /
 * s1 (one: A)       a
 * </pre>
 */
class PhaseLandingTest {
  static final String PLAN = """
      version: 1
      branches: {main: main, coordination: coordination, session_patterns: ["s*"]}
      sessions:
        - {id: one, branch: s1}
      phases:
        - id: p
          criteria:
            - text: A merged
              tasks: [A]
            - text: Suite passes
              gates: [post]
            - text: Runbook written
              files: [docs/runbook.md]
      %s
          tasks:
            - {id: A, title: first, owner: one, deliverables: [a.txt, docs/]}
      gates:
        - {name: release, command: "true", stages: [phase]}
        - {name: post, command: "test ! -f post-broken.txt", post_merge: true}
      """;

  @TempDir Path dir;
  @TempDir Path storeDir;
  TestRepo repo;
  EventStore store;
  MergeEngine engine;
  final Clock clock = Clock.fixed(Instant.parse("2026-11-24T07:00:00Z"), ZoneOffset.UTC);
  final PersonIdent who = new PersonIdent("Lead", "lead@example.org", Instant.parse("2026-11-24T07:00:00Z"), ZoneOffset.UTC);

  /** The repository of the drawing, with {@code extra} added to the criteria and {@code files} committed on s1. */
  void build(String extra, String... files) throws Exception {
    build(PLAN.formatted(extra), List.of(), files);
  }

  /** The repository of the drawing under {@code plan}, s1 carrying {@code commits} (subject and file) above its work. */
  void build(String plan, List<String> commits, String... files) throws Exception {
    repo = TestRepo.init(dir);
    repo.commit("main", "chore: plan\n", "junction.yaml", plan);
    repo.branch("coordination", "main");
    repo.branch("s1", "main");
    store = EventStore.sqlite(storeDir.resolve("junction.db"));
    engine = MergeEngine.open(repo.repo());
    repo.commit("s1", "feat: a\n", files);
    repo.branch("side", "main");
    for (String c : commits) {
      if (c.startsWith("Merge")) {
        repo.commit("side", "feat: side\n", "side.txt", c);
        repo.merge("s1", "side", c);
      } else {
        repo.commit("s1", c, "notes.txt", c);
      }
    }
    assertThat(land("s1", "coordination")).isInstanceOf(Landing.Landed.class);
  }

  @AfterEach
  void tearDown() {
    engine.close();
    store.close();
    repo.close();
  }

  Landing.Outcome land(String source, String into) throws Exception {
    return Landing.land(repo.repo(), store, engine, new Landing.Request(source, Optional.of(into), Optional.empty(),
        Optional.empty(), false, who), clock, m -> { });
  }

  ObjectId tip(String branch) throws Exception {
    return repo.repo().resolve("refs/heads/" + branch);
  }

  @Test
  void landsOnMainWhenEveryCriterionHoldsAndShowsEachMet() throws Exception {
    build("", "a.txt", "a\n", "docs/runbook.md", "# Runbook\n");

    Landing.Landed landed = (Landing.Landed) land("coordination", "main");

    assertThat(landed.criteria()).containsExactly("met: every task of the plan merged into coordination",
        "met: A merged", "met: Suite passes", "met: Runbook written");
    assertThat(landed.gates()).as("a criterion's post-merge-only gate runs on the phase candidate too")
        .extracting(Verdict::gate).containsExactly("release", "post");
    assertThat(tip("main").name()).isEqualTo(landed.merge());
    assertThat(landed.message()).startsWith("chore(release): Merge coordination into main").contains("Junction-Stage: phase");
  }

  /**
   * A branch landed into coordination carries Junction-Task: Z on an ordinary commit and on a merge
   * of its own: Z is not merged into coordination, so the phase landing is blocked on it.
   */
  @Test
  void taskTrailersALandedBranchBroughtDoNotMeetThePhaseCriteria() throws Exception {
    String plan = PLAN.formatted("      - text: Z merged\n        tasks: [Z]").replace(
        "{id: A, title: first, owner: one, deliverables: [a.txt, docs/]}",
        "{id: A, title: first, owner: one, deliverables: [a.txt, docs/]}\n      - {id: Z, title: other, owner: one, deliverables: [z.txt]}");
    build(plan, List.of("chore: notes\n\nJunction-Task: Z\n", "Merge side\n\nJunction-Task: Z\n"),
        "a.txt", "a\n", "docs/runbook.md", "# Runbook\n");
    ObjectId before = tip("main");

    Landing.Blocked blocked = (Landing.Blocked) land("coordination", "main");

    assertThat(blocked.reasons()).contains("tasks not merged into coordination: Z",
        "phase criterion not met: Z merged (not merged into coordination: Z)");
    assertThat(blocked.criteria()).contains("NOT met: every task of the plan merged into coordination (missing Z)",
        "met: A merged");
    assertThat(tip("main")).isEqualTo(before);
  }

  @Test
  void aCriterionWithoutEvidenceBlocksThePhaseLanding() throws Exception {
    build("      - Everyone is happy", "a.txt", "a\n", "docs/runbook.md", "# Runbook\n");
    ObjectId before = tip("main");

    Landing.Blocked blocked = (Landing.Blocked) land("coordination", "main");

    assertThat(blocked.reasons()).containsExactly(
        "phase criterion not met: Everyone is happy (no evidence configured: give it tasks, gates or files)");
    assertThat(blocked.criteria()).containsExactly("met: every task of the plan merged into coordination",
        "met: A merged",
        "NOT met: Suite passes (gate post not run: they run on the phase candidate once everything else holds)",
        "met: Runbook written",
        "NOT met: Everyone is happy (no evidence configured: give it tasks, gates or files)");
    assertThat(tip("main")).isEqualTo(before);
  }

  @Test
  void aMissingFileBlocksThePhaseLanding() throws Exception {
    build("", "a.txt", "a\n");
    ObjectId before = tip("main");

    Landing.Blocked blocked = (Landing.Blocked) land("coordination", "main");

    assertThat(blocked.reasons()).containsExactly(
        "phase criterion not met: Runbook written (missing from coordination: docs/runbook.md)");
    assertThat(blocked.criteria()).contains("NOT met: Runbook written (missing from coordination: docs/runbook.md)");
    assertThat(tip("main")).isEqualTo(before);
  }

  @Test
  void aFailingCriterionGateFailsThePhaseLandingAndSaysWhichCriterion() throws Exception {
    build("", "a.txt", "a\n", "docs/runbook.md", "# Runbook\n");
    repo.commit("coordination", "chore: break the suite\n", "post-broken.txt", "x\n");
    ObjectId before = tip("main");

    Landing.GateFailed failed = (Landing.GateFailed) land("coordination", "main");

    assertThat(failed.criteria()).containsExactly("met: every task of the plan merged into coordination",
        "met: A merged", "NOT met: Suite passes (gate post failed on the candidate)", "met: Runbook written");
    assertThat(tip("main")).isEqualTo(before);
    assertThat(repo.repo().getRefDatabase().getRefsByPrefix(Landing.CANDIDATES)).isEmpty();
  }
}
