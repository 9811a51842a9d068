package dev.junction.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.conflict.Finding;
import dev.junction.gate.Verdict;
import dev.junction.land.Landing;
import dev.junction.plan.Disposition;
import dev.junction.review.Clashes;
import dev.junction.testing.TestRepo;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spec 3.2 type 2 done, not only advised (issue 14, item 5): two branches change the signature of
 * {@code Api.run} on lines git merges cleanly. Both are frozen until a coordinator records the
 * agreed resolution; then they land in the plan's order and the second landing runs the
 * integration (cross-session) gate on its merge.
 *
 * <pre>
 * coordination  o
 *               |\
 * s1 (one: A)   | run(long a, int c, int b)   + a.txt
 * s2 (two: B)   run(int a, int c, long b)     + b.txt
 * </pre>
 */
class InterfaceClashTest {
  static final String API = InterfaceClashFixture.API;

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

  Landing.Outcome land(String source) throws Exception {
    return new LandingService(workspace).land(new LandingService.LandInput(List.of(source), Optional.empty(),
        Optional.empty(), Optional.empty(), false, Optional.of(Actor.of(source.equals("s1") ? "one@example.org"
            : "two@example.org"))), m -> { });
  }

  ClashService.ResolveOutcome resolve(long id, String as) throws Exception {
    return new ClashService(workspace).resolve(new ClashService.Resolve(id, "run(long a, long b): both adopt it",
        Optional.of(Actor.of(as))));
  }

  ObjectId tip(String branch) throws Exception {
    return repo.repo().resolve("refs/heads/" + branch);
  }

  @Test
  void bothBranchesAreFrozenUntilACoordinatorRecordsTheAgreementThenLandInOrderWithTheCrossSessionGate()
      throws Exception {
    ConflictService.Checked checked = new ConflictService(workspace).check(new ConflictService.CheckInput("s1",
        Optional.empty(), Optional.empty(), List.of()));
    assertThat(checked.report().findings()).containsExactly(new Finding.Interface("Api.java", "Api.run", "s2",
        checked.report().findings().get(0) instanceof Finding.Interface i ? i.advice() : ""));
    ObjectId before = tip("coordination");

    for (String source : List.of("s1", "s2")) {
      Landing.Outcome frozen = land(source);
      assertThat(frozen.disposition()).as(source).isEqualTo(Disposition.BLOCKED);
      assertThat(((Landing.Blocked) frozen).reasons()).singleElement().asString()
          .startsWith("frozen: interface clash on Api.java: Api.run with " + (source.equals("s1") ? "s2" : "s1"))
          .contains("junction clash resolve");
    }
    assertThat(tip("coordination")).as("nothing moved").isEqualTo(before);
    List<Clashes.Clash> clashes = new ClashService(workspace).list();
    assertThat(clashes).as("recorded once, by the check that saw it first").singleElement().satisfies(c -> {
      assertThat(c.a()).isEqualTo("s1");
      assertThat(c.b()).isEqualTo("s2");
      assertThat(c.by()).isEqualTo("check");
      assertThat(c.resolution()).isEmpty();
    });
    long id = clashes.get(0).id();
    assertThat(board()).contains("BLOCKED: interface conflict", "declaration: Api.java: Api.run", "status: BLOCKED");
    assertThat(dev.junction.report.StatusFile.yaml(new StatusService(workspace).report(
        new StatusService.Input("two", Optional.empty(), false)).status())).contains("BLOCKED: interface conflict",
        "Api.java: Api.run");

    // A session cannot resolve its own freeze; the coordinator can, once.
    assertThat(resolve(id, "one@example.org")).isInstanceOfSatisfying(ClashService.NotAllowed.class,
        n -> assertThat(n.reason()).contains("coordinator role"));
    assertThat(new ClashService(workspace).list().get(0).resolution()).isEmpty();
    assertThat(resolve(id, "lead@example.org")).isInstanceOf(ClashService.Resolved.class);
    assertThat(resolve(id, "lead@example.org")).isInstanceOf(ClashService.NotAllowed.class);
    assertThat(board()).contains("interface conflict resolved", "resolution: run(long a, long b): both adopt it",
        "resolved_by: lead@example.org");

    // In the plan's order: B (s2) waits for A (s1).
    Landing.Outcome early = land("s2");
    assertThat(early.disposition()).isEqualTo(Disposition.BLOCKED);
    assertThat(((Landing.Blocked) early).reasons()).singleElement().asString().contains("s1 lands first");
    assertThat(tip("coordination")).isEqualTo(before);

    Landing.Landed first = (Landing.Landed) land("s1");
    assertThat(first.gates()).extracting(Verdict::gate).containsExactly("unit");
    Landing.Landed second = (Landing.Landed) land("s2");
    assertThat(second.gates()).extracting(Verdict::gate).containsExactly("unit", "cross-session");
    assertThat(second.gates()).allMatch(Verdict::passed);
    assertThat(tip("coordination").name()).isEqualTo(second.merge());
  }

  /** Without a resolution nothing is frozen by a clash that is gone: the other branch changed its mind. */
  @Test
  void aClashThatNoLongerHoldsFreezesNothing() throws Exception {
    new ConflictService(workspace).check(new ConflictService.CheckInput("s1", Optional.empty(), Optional.empty(),
        List.of()));
    repo.commit("s2", "revert: keep int b\n", "Api.java", API);
    assertThat(land("s1")).isInstanceOf(Landing.Landed.class);
  }

  String board() throws Exception {
    return new PlanService(workspace).board(new PlanService.BoardInput(new PlanService.ViewInput(Optional.empty(),
        Optional.empty()), Optional.empty())).markdown();
  }
}
