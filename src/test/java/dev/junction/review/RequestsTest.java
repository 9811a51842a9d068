package dev.junction.review;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.Reviews;
import dev.junction.store.EventStore;
import dev.junction.testing.Plans;
import dev.junction.testing.TestRepo;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Merge requests and reviews on a real repository and a real SQLite store. */
public class RequestsTest {

  @TempDir Path dir;
  TestRepo repo;
  EventStore store;
  final Clock clock = Clock.fixed(Instant.parse("2026-11-24T09:00:00Z"), ZoneOffset.UTC);

  @BeforeEach
  void setUp() throws Exception {
    repo = TestRepo.init(dir);
    repo.commit("main", "chore: plan\n", "junction.yaml", Plans.REVIEWS, ".github/CODEOWNERS", "/src/api.py @b\n/docs/ b@x.org\n");
    repo.branch("coordination", "main");
    repo.branch("sa", "main");
    repo.branch("sb", "main");
    store = EventStore.sqlite(dir.resolve(".git/junction/junction.db"));
  }

  @org.junit.jupiter.api.AfterEach
  void tearDown() {
    store.close();
    repo.close();
  }

  static PersonIdent who(String email) {
    return new PersonIdent(email, email);
  }

  Requests.Opening open(String source, String as, Optional<String> title) throws Exception {
    return Requests.open(repo.repo(), store, new Requests.Open(source, Optional.empty(), Optional.empty(), Optional.empty(),
        title, Optional.empty(), List.of(), who(as)), clock);
  }

  @Test
  void openFillsTheComponentTemplateAndAsksAReviewerFromAnotherSession() throws Exception {
    repo.commit("sa", "feat: store\n", "src/store.py", "def put():\n    return 1\n", "tests/test_store.py", "assert True\n");
    Requests.Opened opened = (Requests.Opened) open("sa", "a@x.org", Optional.empty());
    Reviews.Request r = opened.request();
    assertThat(r.title()).isEqualTo("feat(store): Add store [T1]");
    assertThat(r.task()).contains("T1");
    assertThat(r.type()).isEqualTo("component");
    assertThat(r.lines()).isEqualTo(3);
    assertThat(r.size()).isEqualTo("small");
    assertThat(r.body()).contains("## Component Delivery: store", "**Task ID:** T1", "**Session:** a",
        "- [x] `src/store.py` changed here", "**Requires (merged before this):**\n- none",
        "- T2 (claims, a)", "- `src/store.py` (+2 -0)", "- `tests/test_store.py` (+1 -0)", "none yet",
        "1 approval(s) for a component request (spec 7.1), from sessions other than a");
    // No session but a owns the changed paths: the integration owner is asked.
    assertThat(opened.reviewers()).containsExactly("c@x.org");
    assertThat(opened.policy().missing()).containsExactly(
        "needs 1 approval for a component request (review.min_approvals.component) from sessions other than a; has 0");
    assertThat(store.reviews().assignments(r.number())).extracting(Reviews.Assignment::reviewer).containsExactly("c@x.org");
    // One open request per source and target.
    Requests.Refused again = (Requests.Refused) open("sa", "a@x.org", Optional.empty());
    assertThat(again.reasons()).containsExactly("request #1 from sa into coordination is open already: review it, or close it first");
  }

  /**
   * An opening killed after the request was stored and before anyone was asked (the state written
   * here with the very call {@code open} makes): its author's re-run asks the reviewers the opening
   * would have and answers opened; once asked, a re-run is refused as before, and nobody else's
   * re-run completes it.
   */
  @Test
  void reRunningAnOpeningCutShortAsksTheReviewersOnce() throws Exception {
    repo.commit("sa", "feat: store\n", "src/store.py", "def put():\n    return 1\n", "tests/test_store.py", "assert True\n");
    Instant at = clock.instant();
    Reviews.Request stored = store.reviews().open(new EventStore.Event(at, "request.opened", "new", Optional.of("a@x.org"),
        "{}"), new Reviews.Request(0, "sa", "coordination", Optional.of("T1"), "component", "feat(store): Add store [T1]",
        "body", "a@x.org", "a", 3, "small", Optional.empty(), "open", at, Optional.empty())).orElseThrow();
    assertThat(store.reviews().assignments(stored.number())).as("nobody asked").isEmpty();

    Requests.Refused other = (Requests.Refused) open("sa", "a2@x.org", Optional.empty());
    assertThat(other.reasons()).containsExactly("request #1 from sa into coordination is open already: review it, or close it first");
    assertThat(store.reviews().assignments(stored.number())).as("not the author's re-run").isEmpty();

    Requests.Opened completed = (Requests.Opened) open("sa", "a@x.org", Optional.empty());

    assertThat(completed.request().number()).isEqualTo(stored.number());
    assertThat(completed.reviewers()).containsExactly("c@x.org");
    assertThat(completed.disposition()).isEqualTo(dev.junction.plan.Disposition.DONE);
    assertThat(store.reviews().assignments(stored.number())).extracting(Reviews.Assignment::reviewer, Reviews.Assignment::reason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("c@x.org", "opened"));
    assertThat(store.reviews().requests(Optional.of("open"))).hasSize(1);

    Requests.Refused again = (Requests.Refused) open("sa", "a@x.org", Optional.empty());
    assertThat(again.reasons()).containsExactly("request #1 from sa into coordination is open already: review it, or close it first");
    assertThat(store.reviews().assignments(stored.number())).hasSize(1);
  }

  @Test
  void aTitleAgainstTheConventionIsRefusedWithACorrectedOne() throws Exception {
    repo.commit("sa", "feat: store\n", "src/store.py", "x = 1\n");
    Requests.Refused bad = (Requests.Refused) open("sa", "a@x.org", Optional.of("Added the store"));
    assertThat(bad.reasons()).containsExactly(
        "title 'Added the store' is not in the form type(scope): Brief description [TaskID] (spec 6.2)");
    assertThat(bad.suggestion()).contains("feat(store): Added the store [T1]");
    Requests.Refused noTask = (Requests.Refused) open("sa", "a@x.org", Optional.of("feat(store): Add the store"));
    assertThat(noTask.reasons()).containsExactly("title 'feat(store): Add the store' must end with the task id [T1] (spec 6.2)");
    assertThat(noTask.suggestion()).contains("feat(store): Add the store [T1]");
    Requests.Refused type = (Requests.Refused) open("sa", "a@x.org", Optional.of("feature(store): Add the store [T1]"));
    assertThat(type.reasons().get(0)).contains("unknown type 'feature'");
    Requests.Refused scope = (Requests.Refused) open("sa", "a@x.org", Optional.of("feat: Add the store [T1]"));
    assertThat(scope.reasons().get(0)).contains("has no (scope)");
    assertThat(open("sa", "a@x.org", Optional.of("refactor(store): Keep values in a map [T1]")))
        .isInstanceOf(Requests.Opened.class);
  }

  @Test
  void anExtraLargeRequestNeedsAJustificationAndIsToldHowToSplit() throws Exception {
    repo.commit("sa", "feat: store\n", "src/store.py", "x = 1\n".repeat(700), "tests/test_store.py", "t = 1\n".repeat(250),
        "docs/store.md", "# EventStore\n".repeat(60));
    Requests.Refused refused = (Requests.Refused) open("sa", "a@x.org", Optional.empty());
    assertThat(refused.reasons()).containsExactly(
        "1010 changed lines make an extra-large request (1000 or more, spec 6.3): split it, or give --justification");
    assertThat(refused.split()).containsExactly("request 1: core logic (1 file, 700 lines)",
        "request 2: tests (1 file, 250 lines)", "request 3: documentation (1 file, 60 lines)");
    Requests.Opening justified = Requests.open(repo.repo(), store, new Requests.Open("sa", Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.of("generated fixtures"), List.of(), who("a@x.org")), clock);
    assertThat(((Requests.Opened) justified).request().size()).isEqualTo("extra-large");
    assertThat(((Requests.Opened) justified).request().body()).contains("### Why it is this large\ngenerated fixtures");
  }

  @Test
  void sizeClassesFollowSpecSixThree() {
    assertThat(SizeClass.of(0)).isEqualTo(SizeClass.SMALL);
    assertThat(SizeClass.of(199)).isEqualTo(SizeClass.SMALL);
    assertThat(SizeClass.of(200)).isEqualTo(SizeClass.MEDIUM);
    assertThat(SizeClass.of(499)).isEqualTo(SizeClass.MEDIUM);
    assertThat(SizeClass.of(500)).isEqualTo(SizeClass.LARGE);
    assertThat(SizeClass.of(999)).isEqualTo(SizeClass.LARGE);
    assertThat(SizeClass.of(1000)).isEqualTo(SizeClass.EXTRA_LARGE);
  }

  @Test
  void badInputChangesNothing() throws Exception {
    repo.commit("sa", "feat: store\n", "src/store.py", "x = 1\n");
    Requests.Opening stranger = open("sa", "stranger@x.org", Optional.empty());
    assertThat(stranger.disposition()).isEqualTo(dev.junction.plan.Disposition.INVALID);
    assertThat(((Requests.Invalid) stranger).errors()).singleElement().satisfies(e -> {
      assertThat(e.field()).isEqualTo("actor");
      assertThat(e.message()).startsWith("stranger@x.org is not a member of any session");
    });
    assertThat(((Requests.Invalid) open("nope", "a@x.org", Optional.empty())).errors())
        .singleElement().satisfies(e -> assertThat(e.toString()).startsWith("source: no branch or task 'nope'; valid: "));
    assertThat(store.reviews().requests(Optional.empty())).isEmpty();
  }

  @Test
  void reviewsCountOnlyFromOtherSessionsAndNeverFromTheAuthor() throws Exception {
    repo.commit("sa", "feat: store\n", "src/store.py", "x = 1\n");
    long n = ((Requests.Opened) open("sa", "a@x.org", Optional.empty())).request().number();
    assertThat(Requests.review(repo.repo(), store, n, Requests.Verdict.APPROVE, List.of(), who("a@x.org"), clock))
        .isEqualTo(new Requests.NotAllowed("a@x.org opened request #1: authors comment on their own requests, they do not approve them"));
    Requests.Done sameSession = (Requests.Done) Requests.review(repo.repo(), store, n, Requests.Verdict.APPROVE, List.of(),
        who("a2@x.org"), clock);
    assertThat(sameSession.status().policy().met()).isFalse();
    assertThat(sameSession.status().policy().notes()).containsExactly(
        "the approval by a2@x.org does not count: a is the author's session (spec 7.1: reviewers come from another session)");
    assertThat(Requests.review(repo.repo(), store, n, Requests.Verdict.APPROVE, List.of(), who("x@y.org"), clock))
        .isInstanceOf(Requests.BadInput.class);
    Requests.Done approved = (Requests.Done) Requests.review(repo.repo(), store, n, Requests.Verdict.APPROVE, List.of(),
        who("b@x.org"), clock);
    assertThat(approved.status().policy().met()).isTrue();
    assertThat(approved.status().policy().approvals()).containsExactly("b@x.org (b)");
    // A later request for changes by the same reviewer replaces the approval.
    Requests.Done changes = (Requests.Done) Requests.review(repo.repo(), store, n, Requests.Verdict.REQUEST_CHANGES, List.of(),
        who("b@x.org"), clock);
    assertThat(changes.status().policy().missing()).contains(
        "b@x.org (b) requested changes: a new review by them must approve");
  }

  @Test
  void aCriticalFindingBlocksUntilTheAuthorResolvesItAndTheReviewerAcceptsIt() throws Exception {
    repo.commit("sa", "feat: store\n", "src/store.py", "x = 1\n");
    long n = ((Requests.Opened) open("sa", "a@x.org", Optional.empty())).request().number();
    assertThat(Requests.review(repo.repo(), store, n, Requests.Verdict.APPROVE, List.of("blocker: it is wrong"),
        who("b@x.org"), clock)).isInstanceOf(Requests.BadInput.class);
    Requests.Done reviewed = (Requests.Done) Requests.review(repo.repo(), store, n, Requests.Verdict.APPROVE,
        List.of("critical: src/store.py:1 CAS not atomic", "nice-to-have: name it better"), who("b@x.org"), clock);
    Reviews.Finding critical = reviewed.status().findings().get(0);
    assertThat(critical.path()).contains("src/store.py");
    assertThat(critical.line()).contains(1);
    assertThat(critical.text()).isEqualTo("CAS not atomic");
    assertThat(reviewed.status().findings().get(1).path()).isEmpty();
    assertThat(reviewed.status().policy().missing()).containsExactly("critical finding #1 by b@x.org (src/store.py:1 CAS not atomic)"
        + " is open: the author resolves it, then b@x.org accepts");
    long f = critical.id();
    assertThat(Requests.finding(repo.repo(), store, n, f, Requests.FindingAction.ACCEPT, who("b@x.org"), clock))
        .isEqualTo(new Requests.NotAllowed("finding #1 is open, not resolved"));
    assertThat(Requests.finding(repo.repo(), store, n, f, Requests.FindingAction.RESOLVE, who("b@x.org"), clock))
        .isInstanceOf(Requests.NotAllowed.class);
    Requests.Done resolved = (Requests.Done) Requests.finding(repo.repo(), store, n, f, Requests.FindingAction.RESOLVE,
        who("a2@x.org"), clock);
    assertThat(resolved.status().policy().missing()).containsExactly("critical finding #1 by b@x.org (src/store.py:1 CAS not atomic)"
        + " is resolved by the author and waits for b@x.org to accept it");
    assertThat(Requests.finding(repo.repo(), store, n, f, Requests.FindingAction.ACCEPT, who("a@x.org"), clock))
        .isEqualTo(new Requests.NotAllowed("only b@x.org, who raised finding #1, accepts it"));
    Requests.Done reopened = (Requests.Done) Requests.finding(repo.repo(), store, n, f, Requests.FindingAction.REOPEN,
        who("b@x.org"), clock);
    assertThat(reopened.status().findings().get(0).state()).isEqualTo("open");
    Requests.finding(repo.repo(), store, n, f, Requests.FindingAction.RESOLVE, who("a@x.org"), clock);
    Requests.Done accepted = (Requests.Done) Requests.finding(repo.repo(), store, n, f, Requests.FindingAction.ACCEPT,
        who("b@x.org"), clock);
    assertThat(accepted.status().policy().met()).isTrue();
    assertThat(Requests.finding(repo.repo(), store, n, 99, Requests.FindingAction.ACCEPT, who("b@x.org"), clock))
        .isInstanceOf(Requests.BadInput.class);
  }

  @Test
  void aSecurityRequestNeedsASecurityReviewerAndCodeOwnersNeedTheirOwner() throws Exception {
    repo.commit("sa", "feat: api\n", "src/api.py", "x = 1\n", "src/store.py", "y = 2\n");
    Requests.Opened opened = (Requests.Opened) Requests.open(repo.repo(), store, new Requests.Open("sa", Optional.empty(),
        Optional.of("T1"), Optional.of(RequestType.SECURITY), Optional.empty(), Optional.empty(), List.of(), who("a@x.org")), clock);
    assertThat(opened.request().title()).isEqualTo("fix(store): Add store [T1]");
    assertThat(opened.reviewers()).containsExactly("b@x.org");
    assertThat(opened.policy().missing()).contains(
        "a security request needs an approval from a security-reviewer (b@x.org)",
        "src/api.py owned by @b (CODEOWNERS line 1, /src/api.py): needs an approval from one of them");
    long n = opened.request().number();
    Requests.Done byC = (Requests.Done) Requests.review(repo.repo(), store, n, Requests.Verdict.APPROVE, List.of(), who("c@x.org"), clock);
    assertThat(byC.status().policy().missing()).containsExactly(
        "a security request needs an approval from a security-reviewer (b@x.org)",
        "src/api.py owned by @b (CODEOWNERS line 1, /src/api.py): needs an approval from one of them");
    Requests.Done byB = (Requests.Done) Requests.review(repo.repo(), store, n, Requests.Verdict.APPROVE, List.of(), who("b@x.org"), clock);
    assertThat(byB.status().policy().met()).isTrue();
  }

  @Test
  void closingIsForTheAuthorsSessionOrACoordinatorAndEndsReviews() throws Exception {
    repo.commit("sa", "feat: store\n", "src/store.py", "x = 1\n");
    long n = ((Requests.Opened) open("sa", "a@x.org", Optional.empty())).request().number();
    assertThat(Requests.close(repo.repo(), store, n, who("b@x.org"), clock)).isInstanceOf(Requests.NotAllowed.class);
    assertThat(Requests.close(repo.repo(), store, n, who("lead@x.org"), clock)).isInstanceOf(Requests.Done.class);
    assertThat(Requests.close(repo.repo(), store, n, who("a@x.org"), clock))
        .isEqualTo(new Requests.NotAllowed("request #1 is closed"));
    assertThat(Requests.review(repo.repo(), store, n, Requests.Verdict.APPROVE, List.of(), who("b@x.org"), clock))
        .isEqualTo(new Requests.NotAllowed("request #1 is closed"));
    assertThat(Requests.close(repo.repo(), store, 42, who("a@x.org"), clock)).isInstanceOf(Requests.BadInput.class);
    // Closed, a new request for the same branches may open.
    assertThat(open("sa", "a@x.org", Optional.empty())).isInstanceOf(Requests.Opened.class);
  }

  /** A request for T1 from {@code feature/move}, a branch made at coordination's tip by the git CLI running {@code steps}. */
  Requests.Status moved(String... steps) throws Exception {
    repo.git("checkout", "-q", "-b", "feature/move", "coordination");
    for (String step : steps) {
      repo.git(step.split(" "));
    }
    repo.git("commit", "-q", "-m", "refactor(store): Move it [T1]");
    Requests.Opened opened = (Requests.Opened) Requests.open(repo.repo(), store, new Requests.Open("feature/move",
        Optional.empty(), Optional.of("T1"), Optional.empty(), Optional.empty(), Optional.empty(), List.of(), who("a@x.org")),
        clock);
    Requests.Acted approved = Requests.review(repo.repo(), store, opened.request().number(), Requests.Verdict.APPROVE,
        List.of(), who("c@x.org"), clock);
    return ((Requests.Done) approved).status();
  }

  static final String API = "def serve():\n    return 'one'\n\ndef stop():\n    return 'two'\n\ndef wait():\n    return 3\n";

  /** The attack: renaming b's file out of its CODEOWNERS pattern. The old path is matched too. */
  @Test
  void aRenameIsMatchedOnItsOldPathAsWellAsItsNewOne() throws Exception {
    repo.commit("coordination", "feat(api): api [T3]\n", "src/api.py", API);
    Requests.Status status = moved("mv src/api.py src/store.py");
    assertThat(status.policy().missing()).containsExactly(
        "src/api.py owned by @b (CODEOWNERS line 1, /src/api.py): needs an approval from one of them");
  }

  @Test
  void aRenameOfAFileNobodyOwnsNeedsNoOwner() throws Exception {
    repo.commit("coordination", "feat(x): x [T1]\n", "src/x.py", API);
    assertThat(moved("mv src/x.py src/store.py").policy().met()).isTrue();
  }

  @Test
  void findingsDoNotMoveOnClosedOrLandedRequests() throws Exception {
    repo.commit("sa", "feat: store\n", "src/store.py", "x = 1\n");
    repo.commit("sb", "feat: api\n", "src/api.py", "y = 1\n");
    long closed = ((Requests.Opened) open("sa", "a@x.org", Optional.empty())).request().number();
    long landed = ((Requests.Opened) open("sb", "b@x.org", Optional.empty())).request().number();
    Requests.review(repo.repo(), store, closed, Requests.Verdict.REQUEST_CHANGES, List.of("critical: src/store.py:1 no"),
        who("b@x.org"), clock);
    Requests.review(repo.repo(), store, landed, Requests.Verdict.REQUEST_CHANGES, List.of("critical: src/api.py:1 no"),
        who("a@x.org"), clock);
    // The legitimate case first: on an open request the author's session resolves.
    assertThat(Requests.finding(repo.repo(), store, closed, 1, Requests.FindingAction.RESOLVE, who("a2@x.org"), clock))
        .isInstanceOf(Requests.Done.class);
    Requests.close(repo.repo(), store, closed, who("a@x.org"), clock);
    Requests.landed(store, store.reviews().request(landed).orElseThrow(), "abc", who("lead@x.org"), clock);

    assertThat(Requests.finding(repo.repo(), store, closed, 1, Requests.FindingAction.ACCEPT, who("b@x.org"), clock))
        .isEqualTo(new Requests.NotAllowed("request #" + closed + " is closed: its findings no longer move"));
    assertThat(Requests.finding(repo.repo(), store, closed, 1, Requests.FindingAction.REOPEN, who("b@x.org"), clock))
        .isEqualTo(new Requests.NotAllowed("request #" + closed + " is closed: its findings no longer move"));
    assertThat(Requests.finding(repo.repo(), store, landed, 2, Requests.FindingAction.RESOLVE, who("b@x.org"), clock))
        .isEqualTo(new Requests.NotAllowed("request #" + landed + " is landed: its findings no longer move"));
    assertThat(store.reviews().findings(closed)).extracting(Reviews.Finding::state).containsExactly("resolved");
    assertThat(store.reviews().findings(landed)).extracting(Reviews.Finding::state).containsExactly("open");
    assertThat(store.events("finding.accepted")).isEmpty();
    // The store refuses the move itself, for a caller that checked before the request was closed.
    assertThat(store.reviews().moveFinding(new EventStore.Event(clock.instant(), "finding.accepted", "request:" + closed,
        Optional.of("b@x.org"), "{}"), closed, 1, "resolved", "accepted")).isFalse();
    assertThat(store.events("finding.accepted")).isEmpty();
  }

  @Test
  void aReviewRecordsTheCommitItReviewedAndTheSizeIsMeasuredOnTheCurrentTip() throws Exception {
    org.eclipse.jgit.lib.ObjectId first = repo.commit("sa", "feat: store\n", "src/store.py", "x = 1\n");
    long n = ((Requests.Opened) open("sa", "a@x.org", Optional.empty())).request().number();
    Requests.Done approved = (Requests.Done) Requests.review(repo.repo(), store, n, Requests.Verdict.APPROVE, List.of(),
        who("b@x.org"), clock);
    assertThat(approved.status().reviews().get(0).commit()).contains(first.name());
    assertThat(approved.status().policy().met()).isTrue();
    assertThat(approved.status().policy().commit()).contains(first.name());

    org.eclipse.jgit.lib.ObjectId grown = repo.commit("sa", "feat: more store\n", "src/store.py", "x = 1\n".repeat(1200));
    Requests.Status now = Requests.status(repo.repo(), store, Plans.load(Plans.REVIEWS), n).orElseThrow();
    assertThat(now.request().size()).isEqualTo("small");
    assertThat(now.policy().size()).isEqualTo("extra-large");
    assertThat(now.policy().commit()).contains(grown.name());
    assertThat(now.policy().missing()).containsExactly(
        "needs 1 approval for a component request (review.min_approvals.component) from sessions other than a; has 0",
        "sa has grown to 1200 changed lines, an extra-large request (1000 or more, spec 6.3) with no justification:"
            + " split it, or close it and open it again with --justification");

    repo.git("branch", "-D", "sa");
    assertThat(Requests.review(repo.repo(), store, n, Requests.Verdict.APPROVE, List.of(), who("b@x.org"), clock))
        .isEqualTo(new Requests.NotAllowed("branch sa of request #" + n + " does not exist: there is no commit to approve"));
  }
}
