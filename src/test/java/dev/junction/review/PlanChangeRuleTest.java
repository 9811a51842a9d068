package dev.junction.review;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.plan.Plan;
import dev.junction.plan.PlanLoad;
import dev.junction.plan.PlanLoader;
import dev.junction.store.Reviews;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one rule for plan changes: a coordinator approves a change to the plan, CODEOWNERS or gate tooling. */
class PlanChangeRuleTest {
  static final Instant OPENED = Instant.parse("2025-11-12T09:00:00Z");
  static final Plan PLAN = plan("""
      version: 1
      branches: {main: main, coordination: coordination}
      sessions:
        - {id: lead, roles: [coordinator], branch: lead-work, members: [{email: lead@example.org}]}
        - {id: one, branch: s1, members: [{email: one@example.org}]}
        - {id: two, branch: s2, members: [{email: two@example.org}]}
      phases: [{id: p, tasks: [{id: A, title: first, owner: one, deliverables: [a.txt]}]}]
      gates: [{name: check, command: sh tools/gate.sh}]
      """);

  static Plan plan(String yaml) {
    return ((PlanLoad.Loaded) PlanLoader.load("junction.yaml", yaml)).plan();
  }

  static Reviews.Request request(String session, String author) {
    return new Reviews.Request(3, "s1", "coordination", Optional.of("A"), "component", "feat(a): a [A]", "", author,
        session, 4, "small", Optional.empty(), "open", OPENED, Optional.empty());
  }

  /** The source tip every review and judgement below is of. */
  private static final String TIP = "1111111111111111111111111111111111111111";

  static Reviews.Review approval(String email, String session) {
    return new Reviews.Review(1, 3, email, session, "approve", OPENED.plusSeconds(60), Optional.of(TIP));
  }

  static ReviewRules.Verdict evaluate(Reviews.Request r, List<Reviews.Review> reviews, List<String> paths) {
    return ReviewRules.evaluate(PLAN, r, reviews, List.of(), new ReviewRules.Change(Optional.of(TIP), paths, 40),
        Optional.empty());
  }

  @Test
  void aChangeOfGateToolingNeedsACoordinatorsApproval() {
    Reviews.Request r = request("one", "one@example.org");
    assertThat(evaluate(r, List.of(), List.of("a.txt", "tools/gate.sh")).missing()).containsExactly("changes plan files,"
        + " tools/gate.sh (gate tooling of check): a plan change needs an approval from a coordinator (lead@example.org);"
        + " has none");
    assertThat(evaluate(r, List.of(approval("two@example.org", "two")), List.of("tools/gate.sh")).met()).isFalse();
    assertThat(evaluate(r, List.of(approval("lead@example.org", "lead")), List.of("tools/gate.sh")).met()).isTrue();
  }

  @Test
  void aChangeThatTouchesNoPlanFileNeedsNoCoordinator() {
    assertThat(evaluate(request("one", "one@example.org"), List.of(), List.of("a.txt", "tools/other.sh")).met()).isTrue();
  }

  @Test
  void theCoordinatorsOwnSessionChangesThePlanWithoutApprovingItself() {
    Reviews.Request own = request("lead", "lead@example.org");
    assertThat(evaluate(own, List.of(), List.of("junction.yaml", ".github/CODEOWNERS")).met()).isTrue();
    // A coordinator approving their own request does not count: the author never approves (one's request here).
    Reviews.Request byOne = request("one", "lead@example.org");
    assertThat(evaluate(byOne, List.of(approval("lead@example.org", "lead")), List.of("junction.yaml")).met()).isFalse();
  }
}
