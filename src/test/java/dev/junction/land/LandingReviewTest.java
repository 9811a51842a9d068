package dev.junction.land;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.git.MergeEngine;
import dev.junction.git.Trailers;
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
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Landing consults the merge request of its source: spec 7.1's review policy is step 2's. */
class LandingReviewTest {
  static final String PLAN = """
      version: 1
      branches: {main: main, coordination: coordination}
      sessions:
        - {id: one, branch: s1, members: [{email: one@example.org}]}
        - {id: two, branch: s2, members: [{email: two@example.org}]}
      phases:
        - id: p
          tasks:
            - {id: A, title: first, owner: one, deliverables: [a.txt]}
            - {id: B, title: second, owner: one, deliverables: [b.txt]}
      review:
        min_approvals: {component: 1}
      """;

  @TempDir Path dir;
  TestRepo repo;
  EventStore store;
  MergeEngine engine;
  final Clock clock = Clock.fixed(Instant.parse("2026-11-24T07:00:00Z"), ZoneOffset.UTC);
  final PersonIdent one = new PersonIdent("One", "one@example.org");
  final PersonIdent two = new PersonIdent("Two", "two@example.org");

  @BeforeEach
  void setUp() throws Exception {
    repo = TestRepo.init(dir);
    repo.commit("main", "chore: plan\n", "junction.yaml", PLAN);
    repo.branch("coordination", "main");
    repo.branch("s1", "main");
    repo.commit("s1", "feat(a): A\n", "a.txt", "a\n");
    store = EventStore.sqlite(dir.resolve(".git/junction/junction.db"));
    engine = MergeEngine.open(repo.repo());
  }

  @AfterEach
  void tearDown() {
    engine.close();
    store.close();
    repo.close();
  }

  Landing.Outcome land(String source) throws Exception {
    return Landing.land(repo.repo(), store, engine, new Landing.Request(source, Optional.empty(), Optional.empty(),
        Optional.empty(), false, one), clock, m -> { });
  }

  long open(String task) throws Exception {
    return ((Requests.Opened) Requests.open(repo.repo(), store, new Requests.Open("s1", Optional.empty(), Optional.of(task),
        Optional.empty(), Optional.empty(), Optional.empty(), List.of(), one), clock)).request().number();
  }

  @Test
  void withoutARequestTheLandingIsRefusedAndSaysHowToOpenOne() throws Exception {
    ObjectId before = repo.repo().resolve("refs/heads/coordination");
    Landing.Refused refused = (Landing.Refused) land("A");
    assertThat(refused.reasons()).containsExactly("no open merge request from s1 into coordination: a component landing"
        + " needs 1 approval (review.min_approvals.component); open one with junction mr open s1");
    assertThat(repo.repo().resolve("refs/heads/coordination")).isEqualTo(before);
  }

  @Test
  void anUnapprovedRequestIsRefusedWithWhatItMisses() throws Exception {
    long n = open("A");
    Landing.Refused refused = (Landing.Refused) land("A");
    assertThat(refused.reasons()).containsExactly("request #" + n + ": needs 1 approval for a component request"
        + " (review.min_approvals.component) from sessions other than one; has 0");
    Requests.review(repo.repo(), store, n, Requests.Verdict.APPROVE, List.of("critical: a.txt:1 wrong letter"), two, clock);
    assertThat(((Landing.Refused) land("A")).reasons()).containsExactly("request #" + n + ": critical finding #1 by"
        + " two@example.org (a.txt:1 wrong letter) is open: the author resolves it, then two@example.org accepts");
  }

  @Test
  void anApprovedRequestLandsWithItsTrailerAndIsMarkedLanded() throws Exception {
    long n = open("A");
    Requests.review(repo.repo(), store, n, Requests.Verdict.APPROVE, List.of(), two, clock);
    Landing.Landed landed = (Landing.Landed) land("A");
    try (RevWalk walk = new RevWalk(repo.repo())) {
      String message = walk.parseCommit(ObjectId.fromString(landed.merge())).getFullMessage();
      assertThat(Trailers.values(message, Trailers.REQUEST)).containsExactly(String.valueOf(n));
    }
    assertThat(store.reviews().request(n).orElseThrow().state()).isEqualTo("landed");
    assertThat(store.events("request.landed", "request:" + n)).hasSize(1);
  }

  @Test
  void aRequestForAnotherTaskDoesNotCover() throws Exception {
    long n = open("B");
    Requests.review(repo.repo(), store, n, Requests.Verdict.APPROVE, List.of(), two, clock);
    assertThat(((Landing.Refused) land("A")).reasons()).containsExactly(
        "request #" + n + " is for B, but this landing delivers A: close it or land B");
  }

  Requests.Acted review(long n, Requests.Verdict verdict, PersonIdent who) throws Exception {
    return Requests.review(repo.repo(), store, n, verdict, List.of(), who, clock);
  }

  /** The attack: an approval given, then more commits pushed behind it. The approval is stale. */
  @Test
  void anApprovalOfAnEarlierCommitDoesNotCoverNewCommits() throws Exception {
    long n = open("A");
    review(n, Requests.Verdict.APPROVE, two);
    ObjectId reviewed = repo.repo().resolve("refs/heads/s1");
    assertThat(store.reviews().reviews(n).get(0).commit()).contains(reviewed.name());
    ObjectId pushed = repo.commit("s1", "feat(a): more\n", "a.txt", "a\nunreviewed\n");
    ObjectId before = repo.repo().resolve("refs/heads/coordination");
    Landing.Refused refused = (Landing.Refused) land("A");
    assertThat(refused.reasons()).containsExactly("request #" + n + ": needs 1 approval for a component request"
        + " (review.min_approvals.component) from sessions other than one; has 0");
    assertThat(Requests.status(repo.repo(), store, dev.junction.testing.Plans.load(PLAN), n).orElseThrow().policy().notes())
        .containsExactly("the approval by two@example.org is stale: it reviewed " + reviewed.abbreviate(10).name()
            + ", and s1 is at " + pushed.abbreviate(10).name() + " now: two@example.org reviews the new commits");
    assertThat(repo.repo().resolve("refs/heads/coordination")).isEqualTo(before);
    // The legitimate case: the new commit reviewed, it lands.
    review(n, Requests.Verdict.APPROVE, two);
    assertThat(land("A")).isInstanceOf(Landing.Landed.class);
  }

  /** The attack: a component task's request labelled docs, a type the plan lets through unreviewed. */
  @Test
  void aCheaperTypeLabelDoesNotLowerTheApprovalsTheTaskNeeds() throws Exception {
    repo.commit("coordination", "chore: docs need none\n", "junction.yaml",
        PLAN.replace("min_approvals: {component: 1}", "min_approvals: {component: 1, docs: 0}"));
    long n = ((Requests.Opened) Requests.open(repo.repo(), store, new Requests.Open("s1", Optional.empty(),
        Optional.of("A"), Optional.of(dev.junction.review.RequestType.DOCS), Optional.of("docs(a): Describe a [A]"),
        Optional.empty(), List.of(), one), clock)).request().number();
    assertThat(store.reviews().request(n).orElseThrow().type()).isEqualTo("docs");
    assertThat(((Landing.Refused) land("A")).reasons()).containsExactly("request #" + n + ": needs 1 approval for a"
        + " component request (review.min_approvals.component) from sessions other than one; has 0");
    review(n, Requests.Verdict.APPROVE, two);
    assertThat(land("A")).isInstanceOf(Landing.Landed.class);
  }

  /**
   * The attack: session one's member opens its own task's request in session two's name
   * ({@code --as two@}), then approves it as "another session". The plan says A and s1 are
   * session one's: its approval does not count.
   */
  @Test
  void theAuthorsSessionIsTheTasksOwnerNotWhoeverOpenedTheRequest() throws Exception {
    repo.commit("coordination", "chore: a third session\n", "junction.yaml", PLAN.replace(
        "- {id: two, branch: s2, members: [{email: two@example.org}]}\n",
        "- {id: two, branch: s2, members: [{email: two@example.org}]}\n"
            + "  - {id: three, branch: s3, members: [{email: three@example.org}]}\n"));
    PersonIdent oneB = new PersonIdent("One", "one@example.org");
    long n = ((Requests.Opened) Requests.open(repo.repo(), store, new Requests.Open("s1", Optional.empty(),
        Optional.of("A"), Optional.empty(), Optional.empty(), Optional.empty(), List.of(), two), clock)).request().number();
    assertThat(store.reviews().request(n).orElseThrow().session()).isEqualTo("two");
    assertThat(review(n, Requests.Verdict.APPROVE, oneB)).isInstanceOf(Requests.Done.class);
    assertThat(((Landing.Refused) land("A")).reasons()).containsExactly("request #" + n + ": needs 1 approval for a"
        + " component request (review.min_approvals.component) from sessions other than one, two; has 0");
    assertThat(review(n, Requests.Verdict.APPROVE, new PersonIdent("Three", "three@example.org")))
        .isInstanceOf(Requests.Done.class);
    assertThat(land("A")).isInstanceOf(Landing.Landed.class);
  }
}
