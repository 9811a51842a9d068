package dev.junction.land;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.git.MergeEngine;
import dev.junction.review.Requests;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A branch never weakens what judges it: changes to the plan, CODEOWNERS and gate tooling need a
 * coordinator's approval before the landing runs any gate, and an invalid plan never lands.
 */
class PlanChangeLandingTest {
  static final String PLAN = """
      version: 1
      branches: {main: main, coordination: coordination}
      sessions:
        - {id: lead, roles: [coordinator], members: [{email: lead@example.org}]}
        - {id: one, branch: s1, members: [{email: one@example.org}]}
        - {id: two, branch: s2, members: [{email: two@example.org}]}
      phases:
        - id: p
          tasks:
            - {id: A, title: first, owner: one, deliverables: [a.txt]}
      gates:
        - name: check
          command: sh tools/gate.sh
          stages: [component]
      """;
  static final String GATE = "grep -q good a.txt || exit 1\n";

  @TempDir Path dir;
  TestRepo repo;
  EventStore store;
  MergeEngine engine;
  final Clock clock = Clock.fixed(Instant.parse("2026-11-24T07:00:00Z"), ZoneOffset.UTC);
  final PersonIdent one = new PersonIdent("One", "one@example.org");
  final PersonIdent two = new PersonIdent("Two", "two@example.org");
  final PersonIdent lead = new PersonIdent("Lead", "lead@example.org");

  @BeforeEach
  void setUp() throws Exception {
    repo = TestRepo.init(dir);
    repo.commit("main", "chore: plan\n", "junction.yaml", PLAN, "tools/gate.sh", GATE, "a.txt", "start\n");
    repo.branch("coordination", "main");
    repo.branch("s1", "main");
    store = EventStore.sqlite(dir.resolve(".git/junction/junction.db"));
    engine = MergeEngine.open(repo.repo());
  }

  @AfterEach
  void tearDown() {
    engine.close();
    store.close();
    repo.close();
  }

  Landing.Outcome land() throws Exception {
    return Landing.land(repo.repo(), store, engine, new Landing.Request("s1", Optional.empty(), Optional.empty(),
        Optional.empty(), false, one), clock, m -> { });
  }

  long open() throws Exception {
    return ((Requests.Opened) Requests.open(repo.repo(), store, new Requests.Open("s1", Optional.empty(), Optional.of("A"),
        Optional.empty(), Optional.empty(), Optional.empty(), List.of(), one), clock)).request().number();
  }

  ObjectId coordination() throws Exception {
    return repo.repo().resolve("refs/heads/coordination");
  }

  @Test
  void aBranchThatRewritesTheGateScriptToExitZeroDoesNotPassTheGateItWeakened() throws Exception {
    repo.commit("s1", "feat(a): A, and a gate that always passes [A]\n", "a.txt", "bad\n", "tools/gate.sh", "exit 0\n");
    ObjectId before = coordination();
    Landing.Outcome outcome = land();
    assertThat(outcome).isInstanceOf(Landing.Refused.class);
    assertThat(((Landing.Refused) outcome).reasons()).containsExactly("s1 changes plan files, tools/gate.sh (gate tooling"
        + " of check): a plan change needs an approval from a coordinator (lead@example.org), and there is no open merge"
        + " request from s1 into coordination to approve: open one with junction mr open s1");
    // Another session's approval is not a coordinator's.
    long n = open();
    Requests.review(repo.repo(), store, n, Requests.Verdict.APPROVE, List.of(), two, clock);
    assertThat(((Landing.Refused) land()).reasons()).containsExactly("request #" + n + ": changes plan files,"
        + " tools/gate.sh (gate tooling of check): a plan change needs an approval from a coordinator (lead@example.org);"
        + " has none");
    assertThat(coordination()).isEqualTo(before);
    // Once the coordinator approves, the change of tooling is the plan's: it lands, gated by the approved script.
    Requests.review(repo.repo(), store, n, Requests.Verdict.APPROVE, List.of(), lead, clock);
    assertThat(land()).isInstanceOf(Landing.Landed.class);
  }

  @Test
  void aBranchThatLeavesTheToolingAloneIsGatedByItAndLandsWithoutACoordinator() throws Exception {
    repo.commit("s1", "feat(a): A [A]\n", "a.txt", "bad\n");
    assertThat(land()).isInstanceOf(Landing.GateFailed.class);
    repo.commit("s1", "fix(a): A done right [A]\n", "a.txt", "good\n");
    assertThat(land()).isInstanceOf(Landing.Landed.class);
  }

  @Test
  void addingACodeOwnersFileOrChangingThePlanIsAPlanChange() throws Exception {
    repo.commit("s1", "feat(a): A, owned by me [A]\n", "a.txt", "good\n", ".github/CODEOWNERS", "* @one\n");
    assertThat(((Landing.Refused) land()).reasons()).singleElement().asString()
        .startsWith("s1 changes plan files, .github/CODEOWNERS (CODEOWNERS): a plan change needs an approval from a"
            + " coordinator");
    repo.commit("s1", "chore(a): Drop it, take the plan [A]\n", "junction.yaml", PLAN.replace("stages: [component]",
        "stages: [phase]"), ".github/CODEOWNERS", "");
    assertThat(((Landing.Refused) land()).reasons()).singleElement().asString()
        .startsWith("s1 changes plan files, .github/CODEOWNERS (CODEOWNERS), junction.yaml (the plan): a plan change");
  }

  @Test
  void anInvalidPlanNeverLandsEvenApproved() throws Exception {
    repo.commit("s1", "feat(a): A, and a broken plan [A]\n", "a.txt", "good\n", "junction.yaml", PLAN + "bogus: 1\n");
    long n = open();
    Requests.review(repo.repo(), store, n, Requests.Verdict.APPROVE, List.of(), lead, clock);
    ObjectId before = coordination();
    Landing.Refused refused = (Landing.Refused) land();
    assertThat(refused.reasons()).hasSize(2);
    assertThat(refused.reasons().get(0)).matches("coordination:junction\\.yaml@[0-9a-f]{10}:15: bogus: unknown key.*");
    assertThat(refused.reasons().get(1)).isEqualTo("the merge would put an invalid junction.yaml on coordination"
        + " (problems above): fix it on the source branch");
    assertThat(coordination()).isEqualTo(before);
    // The coordinator's valid plan change lands.
    repo.commit("s1", "fix(plan): Valid again [A]\n", "junction.yaml", PLAN + "# reviewed\n");
    Requests.review(repo.repo(), store, n, Requests.Verdict.APPROVE, List.of(), lead, clock);
    assertThat(land()).isInstanceOf(Landing.Landed.class);
  }
}
