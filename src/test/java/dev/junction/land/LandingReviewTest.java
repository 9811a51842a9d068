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
}
