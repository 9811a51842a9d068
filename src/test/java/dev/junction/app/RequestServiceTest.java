package dev.junction.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.testing.Plans;
import dev.junction.plan.Disposition;
import dev.junction.plan.InputError;
import dev.junction.review.RequestType;
import dev.junction.review.Requests;
import dev.junction.testing.Plans;
import dev.junction.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The merge-request and review services on a real repository and store, at a fixed time. */
class RequestServiceTest {
  static final Instant NOW = Instant.parse("2026-11-24T09:00:00Z");

  @TempDir Path dir;
  TestRepo repo;
  Workspace workspace;
  RequestService requests;
  ReviewService reviews;

  @BeforeEach
  void setUp() throws Exception {
    repo = TestRepo.init(dir);
    repo.commit("main", "chore: plan\n", "junction.yaml", Plans.REVIEWS);
    repo.branch("coordination", "main");
    repo.branch("sa", "main");
    repo.commit("sa", "feat: store\n", "src/store.py", "x = 1\n");
    workspace = Workspace.over(repo.repo(), Clock.fixed(NOW, ZoneOffset.UTC));
    requests = new RequestService(workspace);
    reviews = new ReviewService(workspace);
  }

  @AfterEach
  void tearDown() {
    workspace.close();
    repo.close();
  }

  static RequestService.Open open(String source, String actor) {
    return new RequestService.Open(source, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), List.of(), Optional.of(Actor.of(actor)));
  }

  static InputError problem(InvalidInput e) {
    assertThat(e.problems()).hasSize(1);
    return (InputError) e.problems().get(0);
  }

  @Test
  void readingCreatesNoStoreAndFindsNothing() throws Exception {
    assertThat(requests.list(new RequestService.Query("all")).requests()).isEmpty();
    assertThatThrownBy(() -> requests.show(1)).isInstanceOfSatisfying(InvalidInput.class,
        e -> assertThat(problem(e)).isEqualTo(new InputError("request", "no merge request #1")));
    assertThat(Files.exists(workspace.storeFile())).isFalse();
  }

  @Test
  void openedRequestsAreListedShownAndClosedWithTheirDispositions() throws Exception {
    Requests.Opening opening = requests.open(open("T1", "a@x.org"));
    assertThat(opening.disposition()).isEqualTo(Disposition.DONE);
    Requests.Opened opened = (Requests.Opened) opening;
    assertThat(opened.request().openedAt()).isEqualTo(NOW);
    assertThat(opened.request().title()).isEqualTo("feat(store): Add store [T1]");

    Requests.Opening again = requests.open(open("sa", "a@x.org"));
    assertThat(again.disposition()).isEqualTo(Disposition.NO);
    assertThat(((Requests.Refused) again).reasons()).containsExactly(
        "request #1 from sa into coordination is open already: review it, or close it first");

    RequestService.Listed open = requests.list(new RequestService.Query("open"));
    assertThat(open.disposition()).isEqualTo(Disposition.DONE);
    assertThat(open.requests()).containsExactly(new RequestService.Summary(1, "open", "feat(store): Add store [T1]", "sa",
        "coordination", Optional.of("T1"), "component", "small", 1, "a@x.org", "a", NOW));
    assertThat(requests.show(1).status().request().number()).isEqualTo(1);

    Requests.Acted notAuthor = requests.close(new RequestService.Close(1, Optional.of(Actor.of("b@x.org"))));
    assertThat(notAuthor.disposition()).isEqualTo(Disposition.NO);
    Requests.Acted closed = requests.close(new RequestService.Close(1, Optional.of(Actor.of("a@x.org"))));
    assertThat(closed.disposition()).isEqualTo(Disposition.DONE);
    assertThat(((Requests.Done) closed).status().request().state()).isEqualTo("closed");
    assertThat(requests.list(new RequestService.Query("open")).requests()).isEmpty();
    assertThat(requests.list(new RequestService.Query("closed")).requests()).extracting(RequestService.Summary::number)
        .containsExactly(1L);
  }

  @Test
  void inputTheOperationCannotBeginWithIsRaisedInDomainWords() {
    assertThatThrownBy(() -> RequestService.type("nonsense")).isInstanceOfSatisfying(InvalidInput.class,
        e -> assertThat(problem(e).field()).isEqualTo("type"));
    assertThat(RequestService.type("docs")).isEqualTo(RequestType.DOCS);
    assertThatThrownBy(() -> new RequestService.Query("weird")).isInstanceOfSatisfying(InvalidInput.class,
        e -> assertThat(problem(e)).isEqualTo(
            new InputError("state", "unknown state 'weird' (expected open, closed, landed, rolled-back or all)")));
    assertThatThrownBy(() -> requests.open(open("sa", "nobody@x.org"))).isInstanceOfSatisfying(InvalidInput.class,
        e -> assertThat(problem(e).field()).isEqualTo("actor"));
    assertThatThrownBy(() -> requests.open(open("nope", "a@x.org"))).isInstanceOfSatisfying(InvalidInput.class,
        e -> assertThat(problem(e).toString()).startsWith("source: no branch or task 'nope'; valid: T1, T2, T3, "));
    assertThatThrownBy(() -> requests.open(new RequestService.Open("sa", Optional.of("nowhere"), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Optional.of(Actor.of("a@x.org")))))
        .isInstanceOf(InvalidInput.class);
    assertThatThrownBy(() -> requests.close(new RequestService.Close(9, Optional.of(Actor.of("a@x.org")))))
        .isInstanceOfSatisfying(InvalidInput.class,
            e -> assertThat(problem(e)).isEqualTo(new InputError("request", "no merge request #9")));
  }

  @Test
  void reviewsRecordVerdictsAndFindingStepsAndRaiseBadFindingsByPosition() throws Exception {
    requests.open(open("T1", "a@x.org"));
    Requests.Acted own = reviews.review(new ReviewService.Review(1,
        new ReviewService.Verdict(Requests.Verdict.APPROVE, List.of()), Optional.of(Actor.of("a@x.org"))));
    assertThat(own).isEqualTo(new Requests.NotAllowed(
        "a@x.org opened request #1: authors comment on their own requests, they do not approve them"));
    assertThat(own.disposition()).isEqualTo(Disposition.NO);

    assertThatThrownBy(() -> reviews.review(new ReviewService.Review(1, new ReviewService.Verdict(Requests.Verdict.APPROVE,
        List.of("critical: fine text", "oops")), Optional.of(Actor.of("b@x.org")))))
        .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(problem(e).field()).isEqualTo("findings[1]"));

    Requests.Acted changes = reviews.review(new ReviewService.Review(1, new ReviewService.Verdict(
        Requests.Verdict.REQUEST_CHANGES, List.of("critical: src/store.py:1 not atomic")), Optional.of(Actor.of("b@x.org"))));
    assertThat(changes.disposition()).isEqualTo(Disposition.DONE);
    assertThat(((Requests.Done) changes).status().policy().met()).isFalse();
    long finding = ((Requests.Done) changes).status().findings().get(0).id();

    assertThatThrownBy(() -> reviews.review(new ReviewService.Review(1,
        new ReviewService.Step(99, Requests.FindingAction.RESOLVE), Optional.of(Actor.of("a@x.org")))))
        .isInstanceOfSatisfying(InvalidInput.class,
            e -> assertThat(problem(e)).isEqualTo(new InputError("finding", "request #1 has no finding #99")));
    assertThat(reviews.review(new ReviewService.Review(1, new ReviewService.Step(finding, Requests.FindingAction.ACCEPT),
        Optional.of(Actor.of("b@x.org")))).disposition()).isEqualTo(Disposition.NO);
    Requests.Done resolved = (Requests.Done) reviews.review(new ReviewService.Review(1,
        new ReviewService.Step(finding, Requests.FindingAction.RESOLVE), Optional.of(Actor.of("a@x.org"))));
    assertThat(resolved.what()).isEqualTo("finding #" + finding + " resolved");
    assertThat(resolved.status().findings().get(0).state()).isEqualTo("resolved");
  }

  /** {@code Plans.REVIEWS} with one gate {@code unit} running {@code command}, committed on {@code branch}. */
  void gate(String branch, String command) throws Exception {
    repo.commit(branch, "chore: gate\n", "junction.yaml", Plans.REVIEWS
        + "gates:\n  - {name: unit, command: \"" + command + "\", stages: [component]}\n");
  }

  dev.junction.plan.Disposition runGate(String on, String into) throws Exception {
    return dev.junction.gate.Gates.run(repo.repo(), workspace.store(), new dev.junction.gate.Gates.Request(Optional.empty(),
        Optional.empty(), on, Optional.of(into), true), workspace.clock(), m -> { }).disposition();
  }

  /**
   * The attack: the branch weakens the gate in its own {@code junction.yaml} and passes it under
   * that plan. The request's body shows only runs under the target's configuration.
   */
  @Test
  void theBodyShowsOnlyGateRunsUnderTheTargetsConfiguration() throws Exception {
    gate("coordination", "test -f proof.txt");
    gate("sa", "true");
    assertThat(runGate("sa", "sa")).isEqualTo(Disposition.DONE);
    Requests.Opened weakened = (Requests.Opened) requests.open(open("T1", "a@x.org"));
    assertThat(weakened.request().body()).contains("- none yet: `junction gate --on sa`").doesNotContain("unit: passed");
    requests.close(new RequestService.Close(weakened.request().number(), Optional.of(Actor.of("a@x.org"))));

    assertThat(runGate("sa", "coordination")).isEqualTo(Disposition.NO);
    Requests.Opened judged = (Requests.Opened) requests.open(open("T1", "a@x.org"));
    assertThat(judged.request().body()).contains("- ❌ unit: failed").doesNotContain("unit: passed");
  }

  @Test
  void theBodyShowsAPassingRunUnderTheTargetsConfiguration() throws Exception {
    gate("coordination", "test -f src/store.py");
    assertThat(runGate("sa", "coordination")).isEqualTo(Disposition.DONE);
    assertThat(((Requests.Opened) requests.open(open("T1", "a@x.org"))).request().body()).contains("- ✅ unit: passed");
  }

  @Test
  void findingsOfAClosedRequestDoNotMove() throws Exception {
    requests.open(open("T1", "a@x.org"));
    reviews.review(new ReviewService.Review(1, new ReviewService.Verdict(Requests.Verdict.REQUEST_CHANGES,
        List.of("critical: src/store.py:1 not atomic")), Optional.of(Actor.of("b@x.org"))));
    requests.close(new RequestService.Close(1, Optional.of(Actor.of("a@x.org"))));
    Requests.Acted moved = reviews.review(new ReviewService.Review(1,
        new ReviewService.Step(1, Requests.FindingAction.RESOLVE), Optional.of(Actor.of("a@x.org"))));
    assertThat(moved).isEqualTo(new Requests.NotAllowed("request #1 is closed: its findings no longer move"));
    assertThat(moved.disposition()).isEqualTo(Disposition.NO);
  }
}
