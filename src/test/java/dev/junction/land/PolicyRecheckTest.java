package dev.junction.land;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.git.MergeEngine;
import dev.junction.review.Requests;
import dev.junction.store.EventStore;
import dev.junction.testing.TestRepo;
import java.nio.file.Files;
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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Step 6 re-checks the review policy right before the compare-and-swap: what is recorded while
 * the gates run counts. The gate here is a real command that runs the {@code junction} CLI in its
 * own process against the same repository and store, as a reviewer would from another terminal.
 */
@Tag("process")
class PolicyRecheckTest {
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
      review:
        min_approvals: {component: 1}
      gates:
        - name: meanwhile
          command: sh %s
          stages: [component]
      """;

  @TempDir Path dir;
  @TempDir Path tools;
  TestRepo repo;
  EventStore store;
  MergeEngine engine;
  Path script;
  final Clock clock = Clock.fixed(Instant.parse("2026-11-24T07:00:00Z"), ZoneOffset.UTC);
  final PersonIdent one = new PersonIdent("One", "one@example.org");
  final PersonIdent two = new PersonIdent("Two", "two@example.org");

  @BeforeEach
  void setUp() throws Exception {
    script = tools.resolve("meanwhile.sh");
    repo = TestRepo.init(dir);
    repo.commit("main", "chore: plan\n", "junction.yaml", PLAN.formatted(script));
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

  /** The gate's command: runs {@code junction ARGS --repo DIR} in a JVM of its own, then passes. */
  void whileGatesRun(String... args) throws Exception {
    StringBuilder cli = new StringBuilder("exec java -XX:TieredStopAtLevel=1 -cp '")
        .append(System.getProperty("java.class.path")).append("' dev.junction.cli.Main");
    for (String a : args) {
      cli.append(" '").append(a).append('\'');
    }
    cli.append(" --repo '").append(dir).append("'\n");
    Files.writeString(script, "set -e\n" + cli);
  }

  long approved() throws Exception {
    long n = ((Requests.Opened) Requests.open(repo.repo(), store, new Requests.Open("s1", Optional.empty(),
        Optional.of("A"), Optional.empty(), Optional.empty(), Optional.empty(), List.of(), one), clock)).request().number();
    assertThat(Requests.review(repo.repo(), store, n, Requests.Verdict.APPROVE, List.of(), two, clock))
        .isInstanceOf(Requests.Done.class);
    return n;
  }

  Landing.Outcome land() throws Exception {
    return Landing.land(repo.repo(), store, engine, new Landing.Request("A", Optional.empty(), Optional.empty(),
        Optional.empty(), false, one), clock, m -> { });
  }

  void assertNothingMoved(ObjectId before) throws Exception {
    assertThat(repo.repo().resolve("refs/heads/coordination")).isEqualTo(before);
    assertThat(repo.repo().getRefDatabase().getRefsByPrefix(Landing.CANDIDATES)).isEmpty();
    assertThat(store.events("land.aborted")).hasSize(1);
  }

  @Test
  void aRequestForChangesRecordedWhileTheGatesRunStopsTheLanding() throws Exception {
    long n = approved();
    whileGatesRun("review", String.valueOf(n), "--request-changes", "--as", "two@example.org");
    ObjectId before = repo.repo().resolve("refs/heads/coordination");
    Landing.Refused refused = (Landing.Refused) land();
    assertThat(refused.reasons()).containsExactly(
        "the review policy no longer holds after the gates ran (reviews recorded meanwhile): nothing landed",
        "request #" + n + ": two@example.org (two) requested changes: a new review by them must approve",
        "request #" + n + ": needs 1 approval for a component request (review.min_approvals.component) from sessions"
            + " other than one; has 0");
    assertNothingMoved(before);
    assertThat(store.reviews().request(n).orElseThrow().state()).isEqualTo("open");
  }

  @Test
  void aCloseRecordedWhileTheGatesRunStopsTheLanding() throws Exception {
    long n = approved();
    whileGatesRun("mr", "close", String.valueOf(n), "--as", "one@example.org");
    ObjectId before = repo.repo().resolve("refs/heads/coordination");
    Landing.Refused refused = (Landing.Refused) land();
    assertThat(refused.reasons()).containsExactly("request #" + n + " was closed while the gates ran: nothing landed");
    assertNothingMoved(before);
  }

  @Test
  void aCommentRecordedWhileTheGatesRunChangesNothing() throws Exception {
    long n = approved();
    whileGatesRun("review", String.valueOf(n), "--comment", "--as", "two@example.org");
    assertThat(land()).isInstanceOf(Landing.Landed.class);
    assertThat(store.reviews().reviews(n)).extracting(r -> r.verdict()).containsExactly("approve", "comment");
    assertThat(store.reviews().request(n).orElseThrow().state()).isEqualTo("landed");
  }
}
