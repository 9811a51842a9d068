package dev.junction.review;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.plan.CodeOwners;
import dev.junction.plan.Plan;
import dev.junction.plan.PlanLoad;
import dev.junction.plan.PlanLoader;
import dev.junction.store.Reviews;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every rule of {@link ReviewRules}: each refuses with its precise reason while unmet and lets the
 * request through once met. Plain records, no store and no git.
 */
class ReviewRulesTest {
  static final Instant OPENED = Instant.parse("2025-11-12T09:00:00Z");
  /** The source's tip every review here is of, unless a test says otherwise. */
  static final String TIP = "1111111111111111111111111111111111111111";

  /** The request's source at {@link #TIP}, changing {@code paths} in 40 lines. */
  static ReviewRules.Change at(List<String> paths) {
    return new ReviewRules.Change(Optional.of(TIP), paths, 40);
  }

  /** Session 5 authors; 7 has a security reviewer; all of session 4 reviews security; a coordinator. */
  static final String PLAN = """
      version: 1
      branches: {main: main, coordination: coordination}
      sessions:
        - id: coordinator
          roles: [coordinator]
          members: [{email: lead@example.org}]
        - id: session-5
          branch: s5
          members: [{email: five@example.org}, {email: five-b@example.org}]
        - id: session-7
          branch: s7
          members: [{email: seven@example.org, roles: [security-reviewer]}]
        - id: session-4
          branch: s4
          roles: [security-reviewer]
          members: [{email: four@example.org}]
        - id: session-2
          branch: s2
          members: [{email: two@example.org}]
      phases:
        - id: p
          tasks:
            - {id: A, title: a, owner: session-5}
            - {id: D, title: d, owner: session-5, type: docs}
            - {id: S, title: s, owner: session-7, branch: s7-s}
      review:
        min_approvals: {component: 1, integration: 2, security: 2}
      """;

  static final Plan STRICT = plan(PLAN);
  static final Plan LENIENT = plan(PLAN + "  other_session: false\n");

  static Plan plan(String yaml) {
    PlanLoad load = PlanLoader.load("junction.yaml", yaml);
    assertThat(load).as(load.toString()).isInstanceOf(PlanLoad.Loaded.class);
    return ((PlanLoad.Loaded) load).plan();
  }

  static Reviews.Request request(String type, String state) {
    return request("s5", "A", type, state, "five@example.org", "session-5");
  }

  static Reviews.Request request(String source, String task, String type, String state, String author, String session) {
    return new Reviews.Request(12, source, "coordination", Optional.of(task), type, "feat(a): a [" + task + "]", "", author,
        session, 40, "small", Optional.empty(), state, OPENED, Optional.empty());
  }

  static Reviews.Request request(String type) {
    return request(type, "open");
  }

  private final List<Reviews.Review> reviews = new ArrayList<>();

  /** A review by {@code email}, later than the ones before. */
  Reviews.Review review(String email, String verdict) {
    String session = ReviewRules.sessionOf(STRICT, email).orElseThrow();
    Reviews.Review r = new Reviews.Review(reviews.size() + 1, 12, email, session, verdict,
        OPENED.plusSeconds(60L * (reviews.size() + 1)), Optional.of(TIP));
    reviews.add(r);
    return r;
  }

  static Reviews.Finding finding(String severity, String state) {
    return new Reviews.Finding(3, 12, 1, severity, Optional.of("src/a.py"), Optional.of(7), "race on claim",
        "seven@example.org", state, Optional.empty(), Optional.empty());
  }

  ReviewRules.Verdict evaluate(Plan plan, Reviews.Request request) {
    return ReviewRules.evaluate(plan, request, reviews, List.of(), at(List.of()), Optional.empty());
  }

  ReviewRules.Verdict evaluate(Reviews.Request request, List<String> paths, String codeOwners) {
    return ReviewRules.evaluate(STRICT, request, reviews, List.of(), at(paths),
        Optional.of(CodeOwners.parse("CODEOWNERS", codeOwners)));
  }

  // Minimum approvals.

  @Test
  void refusesWithoutTheMinimumApprovalsOfItsType() {
    ReviewRules.Verdict v = evaluate(STRICT, request("component"));
    assertThat(v.met()).isFalse();
    assertThat(v.missing()).containsExactly("needs 1 approval for a component request (review.min_approvals.component)"
        + " from sessions other than session-5; has 0");
  }

  @Test
  void acceptsOnceTheMinimumIsReached() {
    review("seven@example.org", "approve");
    ReviewRules.Verdict v = evaluate(STRICT, request("component"));
    assertThat(v.met()).isTrue();
    assertThat(v.approvals()).containsExactly("seven@example.org (session-7)");
    assertThat(v.notes()).isEmpty();
  }

  @Test
  void countsEachReviewerOnceWhateverTheirNumberOfApprovals() {
    review("seven@example.org", "approve");
    review("seven@example.org", "approve");
    ReviewRules.Verdict v = evaluate(STRICT, request("integration"));
    assertThat(v.missing()).containsExactly("needs 2 approvals for an integration request"
        + " (review.min_approvals.integration) from sessions other than session-5; has 1");
    review("two@example.org", "approve");
    assertThat(evaluate(STRICT, request("integration")).met()).isTrue();
  }

  @Test
  void aTypeThePlanDoesNotListNeedsNoApproval() {
    assertThat(ReviewRules.required(STRICT, "docs")).isZero();
    assertThat(evaluate(STRICT, request("s5", "D", "docs", "open", "five@example.org", "session-5")).met()).isTrue();
  }

  /** The attack: the author labels a component task's request {@code docs}, which the plan lets through unreviewed. */
  @Test
  void aCheaperLabelDoesNotLowerWhatThePlanAsksForTheTask() {
    ReviewRules.Verdict v = evaluate(STRICT, request("docs"));
    assertThat(v.missing()).containsExactly("needs 1 approval for a component request (review.min_approvals.component)"
        + " from sessions other than session-5; has 0");
    assertThat(v.notes()).containsExactly("opened as a docs request; the plan makes it a component one (task A is a"
        + " component task), so its approvals count");
    assertThat(ReviewRules.requiredType(STRICT, request("docs"), Optional.empty())).isEqualTo("component");
    // A label asking for more than the plan does is kept: it can only add.
    assertThat(evaluate(STRICT, request("integration")).missing()).containsExactly("needs 2 approvals for an integration"
        + " request (review.min_approvals.integration) from sessions other than session-5; has 0");
  }

  @Test
  void aLandingsStageAsksAtLeastItsOwnApprovals() {
    review("seven@example.org", "approve");
    assertThat(evaluate(STRICT, request("component")).met()).isTrue();
    ReviewRules.Verdict v = ReviewRules.evaluate(STRICT, request("component"), reviews, List.of(), at(List.of()),
        Optional.empty(), Optional.of(dev.junction.plan.Stage.INTEGRATION));
    assertThat(v.missing()).containsExactly("needs 2 approvals for an integration request"
        + " (review.min_approvals.integration) from sessions other than session-5; has 1");
  }

  // The commit reviewed.

  @Test
  void anApprovalOfAnEarlierCommitIsStaleAndDoesNotCount() {
    review("seven@example.org", "approve");
    String newer = "2222222222222222222222222222222222222222";
    ReviewRules.Verdict v = ReviewRules.evaluate(STRICT, request("component"), reviews, List.of(),
        new ReviewRules.Change(Optional.of(newer), List.of(), 40), Optional.empty());
    assertThat(v.met()).isFalse();
    assertThat(v.approvals()).isEmpty();
    assertThat(v.notes()).containsExactly("the approval by seven@example.org is stale: it reviewed 1111111111, and s5 is"
        + " at 2222222222 now: seven@example.org reviews the new commits");
    assertThat(v.commit()).contains(newer);
  }

  @Test
  void anApprovalOfNoKnownCommitOrOfAGoneBranchDoesNotCount() {
    reviews.add(new Reviews.Review(1, 12, "seven@example.org", "session-7", "approve", OPENED));
    ReviewRules.Verdict v = evaluate(STRICT, request("component"));
    assertThat(v.approvals()).isEmpty();
    assertThat(v.notes()).containsExactly("the approval by seven@example.org does not count: it names no reviewed commit"
        + " (recorded before Junction kept one): seven@example.org reviews again");
    reviews.clear();
    review("seven@example.org", "approve");
    ReviewRules.Verdict gone = ReviewRules.evaluate(STRICT, request("component"), reviews, List.of(),
        ReviewRules.Change.gone(request("component")), Optional.empty());
    assertThat(gone.approvals()).isEmpty();
    assertThat(gone.commit()).isEmpty();
  }

  @Test
  void aRequestForChangesOnAnEarlierCommitStillHolds() {
    review("seven@example.org", "request-changes");
    ReviewRules.Verdict v = ReviewRules.evaluate(STRICT, request("component"), reviews, List.of(),
        new ReviewRules.Change(Optional.of("2222222222222222222222222222222222222222"), List.of(), 40), Optional.empty());
    assertThat(v.missing()).contains("seven@example.org (session-7) requested changes: a new review by them must approve");
  }

  @Test
  void theSizeIsMeasuredOnTheCurrentTip() {
    review("seven@example.org", "approve");
    ReviewRules.Verdict grown = ReviewRules.evaluate(STRICT, request("component"), reviews, List.of(),
        new ReviewRules.Change(Optional.of(TIP), List.of(), 1200), Optional.empty());
    assertThat(grown.size()).isEqualTo("extra-large");
    assertThat(grown.lines()).isEqualTo(1200);
    assertThat(grown.missing()).containsExactly("s5 has grown to 1200 changed lines, an extra-large request (1000 or more,"
        + " spec 6.3) with no justification: split it, or close it and open it again with --justification");
    assertThat(evaluate(STRICT, request("component")).size()).isEqualTo("small");
  }

  // Whose work it is.

  /**
   * The attack: session 7 owns task S on branch s7-s and opens its request as session 5's member,
   * then approves it from session 7. The plan says whose work it is: session 7's approval does not
   * count, nor does session 5's (it opened it).
   */
  @Test
  void theAuthorsSessionIsTheOneOwningTheTaskAndBranchNotWhoeverOpenedIt() {
    Reviews.Request r = request("s7-s", "S", "component", "open", "five@example.org", "session-5");
    assertThat(ReviewRules.authorSessions(STRICT, r)).containsExactly("session-7", "session-5");
    review("seven@example.org", "approve");
    review("five-b@example.org", "approve");
    ReviewRules.Verdict v = evaluate(STRICT, r);
    assertThat(v.approvals()).isEmpty();
    assertThat(v.missing()).containsExactly("needs 1 approval for a component request (review.min_approvals.component)"
        + " from sessions other than session-7, session-5; has 0");
    assertThat(v.notes()).containsExactly(
        "the approval by seven@example.org does not count: session-7 is the author's session (spec 7.1: reviewers come"
            + " from another session)",
        "the approval by five-b@example.org does not count: session-5 is the author's session (spec 7.1: reviewers come"
            + " from another session)");
    review("two@example.org", "approve");
    assertThat(evaluate(STRICT, r).met()).isTrue();
  }

  /** Opening a request in another session's name does not make that session's paths "its own code". */
  @Test
  void codeOwnersExemptOnlyTheSessionsOwningTheWork() {
    Reviews.Request r = request("s7-s", "S", "component", "open", "four@example.org", "session-4");
    review("two@example.org", "approve");
    ReviewRules.Verdict v = ReviewRules.evaluate(STRICT, r, reviews, List.of(), at(List.of("sec/x.py")),
        Optional.of(CodeOwners.parse("CODEOWNERS", "sec/ @session-4\n")));
    assertThat(v.missing()).containsExactly("sec/x.py owned by @session-4 (CODEOWNERS line 1, sec/): needs an approval"
        + " from one of them");
    assertThat(ReviewRules.evaluate(STRICT, r, reviews, List.of(), at(List.of("own/x.py")),
        Optional.of(CodeOwners.parse("CODEOWNERS", "own/ @session-7\n"))).met()).isTrue();
  }

  // Who counts.

  @Test
  void anApprovalFromTheAuthorsOwnSessionNeverCounts() {
    review("five-b@example.org", "approve");
    ReviewRules.Verdict v = evaluate(STRICT, request("component"));
    assertThat(v.met()).isFalse();
    assertThat(v.approvals()).isEmpty();
    assertThat(v.notes()).containsExactly("the approval by five-b@example.org does not count: session-5 is the"
        + " author's session (spec 7.1: reviewers come from another session)");
  }

  @Test
  void withoutTheOtherSessionRuleTheAuthorsSessionCounts() {
    review("five-b@example.org", "approve");
    ReviewRules.Verdict v = evaluate(LENIENT, request("component"));
    assertThat(v.met()).isTrue();
    assertThat(v.approvals()).containsExactly("five-b@example.org (session-5)");
  }

  @Test
  void theAuthorNeverApprovesTheirOwnRequestEvenWithoutTheOtherSessionRule() {
    review("five@example.org", "approve");
    for (Plan plan : List.of(STRICT, LENIENT)) {
      ReviewRules.Verdict v = evaluate(plan, request("component"));
      assertThat(v.met()).isFalse();
      assertThat(v.notes()).containsExactly(
          "the approval by five@example.org does not count: authors do not approve their own requests");
    }
  }

  @Test
  void reviewerEmailsCompareWithoutCase() {
    review("seven@example.org", "request-changes");
    review("Seven@Example.org", "approve");
    assertThat(evaluate(STRICT, request("component")).met()).isTrue();
  }

  // Requested changes.

  @Test
  void aRequestForChangesHoldsTheRequestWhateverTheOtherApprovals() {
    review("two@example.org", "approve");
    review("seven@example.org", "request-changes");
    ReviewRules.Verdict v = evaluate(STRICT, request("component"));
    assertThat(v.missing()).containsExactly(
        "seven@example.org (session-7) requested changes: a new review by them must approve");
    assertThat(v.approvals()).containsExactly("two@example.org (session-2)");
  }

  @Test
  void theReviewersLatestVerdictCountsAndCommentsChangeNothing() {
    review("seven@example.org", "request-changes");
    review("seven@example.org", "approve");
    review("seven@example.org", "comment");
    ReviewRules.Verdict v = evaluate(STRICT, request("component"));
    assertThat(v.met()).isTrue();
    review("seven@example.org", "request-changes");
    assertThat(evaluate(STRICT, request("component")).missing()).hasSize(2)
        .contains("seven@example.org (session-7) requested changes: a new review by them must approve");
  }

  // Security requests.

  @Test
  void aSecurityRequestNeedsASecurityReviewerBesidesItsCount() {
    review("two@example.org", "approve");
    review("lead@example.org", "approve");
    ReviewRules.Verdict v = evaluate(STRICT, request("security"));
    assertThat(v.missing()).containsExactly(
        "a security request needs an approval from a security-reviewer (seven@example.org, four@example.org)");
  }

  @Test
  void aSecurityReviewersApprovalMeetsIt() {
    review("two@example.org", "approve");
    review("seven@example.org", "approve");
    assertThat(evaluate(STRICT, request("security")).met()).isTrue();
  }

  /** The role held by the whole of session 4 is each member's (docs/junction-yaml.md, roles). */
  @Test
  void aSecurityRoleHeldByTheWholeSessionCounts() {
    review("two@example.org", "approve");
    review("four@example.org", "approve");
    ReviewRules.Verdict v = evaluate(STRICT, request("security"));
    assertThat(v.missing()).isEmpty();
  }

  @Test
  void securityReviewersOfTheAuthorsSessionAreNotOffered() {
    Plan plan = plan(PLAN.replace("members: [{email: five@example.org}, {email: five-b@example.org}]",
        "members: [{email: five@example.org}, {email: five-b@example.org, roles: [security-reviewer]}]"));
    ReviewRules.Verdict v = ReviewRules.evaluate(plan, request("security"), List.of(), List.of(), at(List.of()), Optional.empty());
    assertThat(v.missing()).contains(
        "a security request needs an approval from a security-reviewer (seven@example.org, four@example.org)");
  }

  // CODEOWNERS.

  @Test
  void aPathWithAnOwnerNeedsTheirApproval() {
    review("two@example.org", "approve");
    ReviewRules.Verdict v = evaluate(request("component"), List.of("infrafabric/coordinator.py", "README.md"),
        "*.md @session-2\ninfrafabric/ @session-7\n");
    assertThat(v.missing()).containsExactly("infrafabric/coordinator.py owned by @session-7 (CODEOWNERS line 2,"
        + " infrafabric/): needs an approval from one of them");
  }

  @Test
  void anApprovalFromAMemberOfTheOwningSessionSatisfiesIt() {
    review("seven@example.org", "approve");
    ReviewRules.Verdict v = evaluate(request("component"), List.of("infrafabric/coordinator.py"),
        "infrafabric/ @session-7-leads\n");
    assertThat(v.met()).isTrue();
  }

  @Test
  void anOwnerNamedByEmailIsSatisfiedByThatMemberOnly() {
    review("two@example.org", "approve");
    String owners = "*.py seven@example.org\n";
    assertThat(evaluate(request("component"), List.of("a.py"), owners).missing())
        .containsExactly("a.py owned by seven@example.org (CODEOWNERS line 1, *.py): needs an approval from one of them");
    review("seven@example.org", "approve");
    assertThat(evaluate(request("component"), List.of("a.py"), owners).met()).isTrue();
  }

  @Test
  void pathsTheAuthorsSessionOwnsNeedNoOwnerApproval() {
    review("two@example.org", "approve");
    assertThat(evaluate(request("component"), List.of("cli/main.py"), "cli/ @session-5\n").met()).isTrue();
    assertThat(evaluate(request("component"), List.of("cli/main.py"), "cli/ five-b@example.org\n").met()).isTrue();
  }

  @Test
  void ownersListsEveryPathOfARuleOnceAndShortensLongLists() {
    review("two@example.org", "approve");
    ReviewRules.Verdict v = evaluate(request("component"), List.of("d/1", "d/2", "d/3", "d/4", "d/5"), "/d/ @session-7\n");
    assertThat(v.missing()).containsExactly(
        "d/1, d/2, d/3 and 2 more owned by @session-7 (CODEOWNERS line 1, /d/): needs an approval from one of them");
  }

  @Test
  void theLastMatchingRuleDecidesAndAnEmptyOwnerListFreesThePath() {
    review("two@example.org", "approve");
    String owners = "/apps/ @session-7\n/apps/github\n";
    assertThat(evaluate(request("component"), List.of("apps/github/x.py"), owners).met()).isTrue();
    assertThat(evaluate(request("component"), List.of("apps/web/x.py"), owners).met()).isFalse();
    assertThat(evaluate(request("component"), List.of("lib/x.py"), owners).met()).as("no rule matches").isTrue();
  }

  @Test
  void anOwnerThePlanDoesNotKnowIsANoteNotACrash() {
    review("seven@example.org", "approve");
    ReviewRules.Verdict v = evaluate(request("component"), List.of("notes.txt"), "*.txt @octo-org/octocats @session-7\n");
    assertThat(v.met()).isTrue();
    assertThat(v.notes()).containsExactly("CODEOWNERS owner @octo-org/octocats is not a member or session of the plan:"
        + " Junction cannot tell when they approve");
  }

  @Test
  void aPathOwnedOnlyByOwnersThePlanDoesNotKnowSaysNoApprovalCanCount() {
    review("seven@example.org", "approve");
    ReviewRules.Verdict v = evaluate(request("component"), List.of("main.go"), "*.go docs@example.com\n");
    assertThat(v.missing()).containsExactly("main.go owned by docs@example.com (CODEOWNERS line 1, *.go): needs an"
        + " approval from one of them, but none of them is a member or session of the plan, so no approval can count:"
        + " name a session (@session-id) or a member's e-mail in CODEOWNERS");
    assertThat(v.notes()).containsExactly(
        "CODEOWNERS owner docs@example.com is not a member or session of the plan: Junction cannot tell when they approve");
  }

  // Critical findings.

  @Test
  void anOpenCriticalFindingBlocks() {
    review("seven@example.org", "approve");
    ReviewRules.Verdict v = ReviewRules.evaluate(STRICT, request("component"), reviews,
        List.of(finding("critical", "open")), at(List.of()), Optional.empty());
    assertThat(v.missing()).containsExactly("critical finding #3 by seven@example.org (src/a.py:7 race on claim) is open:"
        + " the author resolves it, then seven@example.org accepts");
  }

  @Test
  void aResolvedCriticalFindingWaitsForItsReviewer() {
    review("seven@example.org", "approve");
    ReviewRules.Verdict v = ReviewRules.evaluate(STRICT, request("component"), reviews,
        List.of(finding("critical", "resolved")), at(List.of()), Optional.empty());
    assertThat(v.missing()).containsExactly("critical finding #3 by seven@example.org (src/a.py:7 race on claim) is"
        + " resolved by the author and waits for seven@example.org to accept it");
  }

  @Test
  void anAcceptedCriticalFindingOrAnOpenLesserOneDoesNotBlock() {
    review("seven@example.org", "approve");
    ReviewRules.Verdict v = ReviewRules.evaluate(STRICT, request("component"), reviews,
        List.of(finding("critical", "accepted"), finding("important", "open"), finding("question", "open")),
        at(List.of()), Optional.empty());
    assertThat(v.met()).isTrue();
  }

  @Test
  void aFindingWithoutPathIsShownByItsText() {
    Reviews.Finding general = new Reviews.Finding(4, 12, 1, "critical", Optional.empty(), Optional.empty(), "no tests",
        "two@example.org", "open", Optional.empty(), Optional.empty());
    review("seven@example.org", "approve");
    ReviewRules.Verdict v = ReviewRules.evaluate(STRICT, request("component"), reviews, List.of(general), at(List.of()),
        Optional.empty());
    assertThat(v.missing()).containsExactly(
        "critical finding #4 by two@example.org (no tests) is open: the author resolves it, then two@example.org accepts");
  }

  // State and the whole answer.

  @Test
  void aClosedOrLandedRequestIsRefusedWhateverItsReviews() {
    review("seven@example.org", "approve");
    assertThat(evaluate(STRICT, request("component", "closed")).missing()).containsExactly("request #12 is closed");
    assertThat(evaluate(STRICT, request("component", "landed")).missing()).containsExactly("request #12 is landed");
  }

  @Test
  void everyUnmetRuleIsReportedAtOnce() {
    review("five-b@example.org", "approve");
    review("two@example.org", "request-changes");
    ReviewRules.Verdict v = ReviewRules.evaluate(STRICT, request("security", "closed"), reviews,
        List.of(finding("critical", "open")), at(List.of("infrafabric/x.py")),
        Optional.of(CodeOwners.parse("CODEOWNERS", "infrafabric/ @session-7\n")));
    assertThat(v.missing()).hasSize(6);
    assertThat(v.missing().get(0)).isEqualTo("request #12 is closed");
    assertThat(v.notes()).hasSize(1);
  }
}
