package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.junction.cli.CliTest.Run;
import dev.junction.review.ConflictLog;
import dev.junction.store.Reviews;
import dev.junction.store.EventStore;
import dev.junction.testing.Plans;
import dev.junction.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code junction check} keeping the conflict clock, {@code junction escalations} and
 * {@code junction status}, in-process against a real repository and store: parsing, rendering
 * and exit codes (the behaviour is tested on the services in {@code dev.junction.app}). The
 * commands read the system clock, so requests and conflicts are put in the store as if opened hours ago.
 */
class EscalationsAndStatusTest {
  /** The time of every command and every event here: no test reads the wall clock. */
  static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  static final String PLAN = Plans.THREE_SESSIONS;

  @TempDir Path dir;
  TestRepo repo;
  ObjectId s1;

  @BeforeEach
  void build() throws Exception {
    repo = TestRepo.init(dir);
    repo.commit("main", "chore: plan\n", "junction.yaml", PLAN, ".github/CODEOWNERS", "a.txt @two\n",
        "shared.txt", "base\n");
    repo.branch("coordination", "main");
    repo.branch("s1", "main");
    repo.branch("s2", "main");
    repo.branch("s3", "main");
    s1 = repo.commit("s1", "feat: a [A]\n", "a.txt", "a\n");
    repo.commit("s2", "feat: b [B]\n", "b.txt", "b\n");
    repo.commit("s3", "feat: mine\n", "shared.txt", "three\n");
    repo.commit("coordination", "feat: theirs\n", "shared.txt", "coordination\n");
    repo.git("checkout", "-q", "coordination");
  }

  @org.junit.jupiter.api.AfterEach
  void close() {
    repo.close();
  }

  Run run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--repo", dir.toString()));
    return CliTest.run(CLOCK, all.toArray(String[]::new));
  }

  EventStore store() throws Exception {
    return EventStore.sqlite(dir.resolve(".git/junction/junction.db"));
  }

  /** Opens a small component request from s1, as {@code junction mr open} would have {@code ago}. */
  static Reviews.Request open(EventStore store, Duration ago) {
    Instant at = NOW.minus(ago);
    Reviews.Request r = new Reviews.Request(0, "s1", "coordination", Optional.of("A"), "component", "feat(a): a [A]", "",
        "one@example.org", "one", 2, "small", Optional.empty(), "open", at, Optional.empty());
    Reviews.Request opened = store.reviews().open(new EventStore.Event(at, "request.opened", "s1 -> coordination",
        Optional.of("one@example.org"), "{}"), r).orElseThrow();
    store.reviews().assign(new EventStore.Event(at, "request.assigned", "request:" + opened.number(), Optional.empty(), "{}"),
        opened.number(), "three@example.org", "opened");
    return opened;
  }

  // check

  @Test
  void checkRecordsAConflictOnceAndClearsItWhenItIsGone() throws Exception {
    assertThat(run("check", "s1").code()).as("a clean check").isZero();
    assertThat(run("check", "s2").code()).as("blocked by a dependency, no conflict").isEqualTo(3);
    assertThat(dir.resolve(".git/junction/junction.db")).as("a check without conflict creates no store").doesNotExist();

    Run conflict = run("check", "s3");
    assertThat(conflict.code()).isEqualTo(1);
    assertThat(conflict.out()).contains("Conflict open since ", "spec 3.3 level 2");
    assertThat(run("check", "s3", "--json").code()).isEqualTo(1);
    try (EventStore store = store()) {
      assertThat(store.events(ConflictLog.SEEN)).singleElement().satisfies(e -> {
        assertThat(e.subject()).isEqualTo("s3 -> coordination");
        assertThat(e.payload()).contains("shared.txt", "\"kind\":\"content\"");
      });
    }

    repo.commit("s3", "fix: take theirs\n", "shared.txt", "coordination\n");
    Run clean = run("check", "s3");
    assertThat(clean.code()).as(clean.out()).isZero();
    assertThat(clean.out()).contains("Conflict cleared: open since ");
    try (EventStore store = store()) {
      assertThat(store.events(ConflictLog.CLEARED)).hasSize(1);
      assertThat(ConflictLog.open(store)).isEmpty();
    }
  }

  @Test
  void checkEscalationsAndStatusUseTheStoreDbNames(@TempDir Path elsewhere) throws Exception {
    Path db = elsewhere.resolve("events.db");
    assertThat(run("check", "s3", "--db", db.toString()).code()).isEqualTo(1);
    assertThat(db).exists();
    assertThat(dir.resolve(".git/junction/junction.db")).doesNotExist();
    JsonNode three = new YAMLMapper().readTree(run("status", "three", "--db", db.toString()).out());
    assertThat(three.get("conflicts").get(0).get("pair").asText()).isEqualTo("s3 -> coordination");
    assertThat(run("escalations", "--db", db.toString()).code()).isZero();
    assertThat(dir.resolve(".git/junction/junction.db")).doesNotExist();
  }

  // escalations

  @Test
  void nothingIsDueWithoutAStoreAndNoneIsCreated() {
    Run r = run("escalations");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("Nothing is due at ");
    assertThat(dir.resolve(".git/junction/junction.db")).doesNotExist();
  }

  @Test
  void escalationsPrintEachLevelWithWhoAndWhatAsJsonAndText() throws Exception {
    long number;
    try (EventStore store = store()) {
      number = open(store, Duration.ofHours(5)).number();
      ConflictLog.seen(store, "s3", "coordination", List.of("shared.txt"),
          Clock.fixed(NOW.minus(Duration.ofMinutes(70)), ZoneOffset.UTC));
    }
    Run first = run("escalations", "--json");
    assertThat(first.code()).as(first.err()).isEqualTo(1);
    JsonNode due = first.json().get("due");
    List<String> subjects = new ArrayList<>();
    due.forEach(d -> subjects.add(d.get("subject").asText()));
    assertThat(subjects).hasSize(4).startsWith("request:" + number + ":ping", "request:" + number + ":backup");
    assertThat(subjects.get(2)).startsWith("conflict:s3 -> coordination@").endsWith(":30");
    assertThat(subjects.get(3)).endsWith(":60");
    JsonNode backup = due.get(1);
    // lead@ comes first in plan order outside session one; three@ is assigned already.
    assertThat(backup.get("assigned").asText()).isEqualTo("lead@example.org");
    assertThat(backup.get("who").get(0).asText()).isEqualTo("lead@example.org");
    assertThat(due.get(0).get("who").get(0).asText()).isEqualTo("three@example.org");
    assertThat(due).allMatch(d -> d.get("new").asBoolean());
    assertThat(due.get(3).get("who").toString()).contains("lead@example.org", "three");

    Run again = run("escalations");
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.out()).contains("request #" + number, "backup", "conflict s3 -> coordination", "who: lead@example.org",
        "do:  ").doesNotContain("(new)", "assigned as backup reviewer now");
  }

  @Test
  void escalationsWithAnInvalidPlanExitTwo(@TempDir Path other) throws Exception {
    try (TestRepo bad = TestRepo.init(other)) {
      bad.commit("main", "chore: plan\n", "junction.yaml", "version: 1\nbogus: 2\n");
      Run r = CliTest.run(CLOCK, "escalations", "--repo", other.toString(), "--into", "main");
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err()).contains("bogus: unknown key");
    }
  }

  // status

  @Test
  void statusWithoutAStoreShowsTasksAndNoTestVerdict() throws Exception {
    Run r = run("status", "one");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode yaml = new YAMLMapper().readTree(r.out());
    assertThat(yaml.get("session").asText()).isEqualTo("one");
    assertThat(yaml.get("branch").asText()).isEqualTo("s1");
    assertThat(yaml.get("tip").asText()).isEqualTo(s1.name());
    assertThat(yaml.get("tests_passing").isNull()).isTrue();
    assertThat(yaml.get("tasks_in_progress").get(0).get("task").asText()).isEqualTo("A");
    assertThat(yaml.get("tasks_blocked").get(0).get("task").asText()).isEqualTo("C");
    assertThat(yaml.get("tasks_blocked").get(0).get("waits_for").get(0).asText()).isEqualTo("B");
    assertThat(yaml.get("blockers").get(0).asText()).isEqualTo("C waits for B to land on coordination");
    assertThat(r.out()).startsWith("session: one\n").contains("tests_passing: null\n");
    assertThat(dir.resolve(".git/junction/junction.db")).doesNotExist();
  }

  @Test
  void statusTellsRequestsReviewsEscalationsGatesAndRollbacksOfTheSession() throws Exception {
    long number;
    // A gate of the target's plan, run on s1 under that plan: STATUS shows only such runs.
    repo.commit("coordination", "chore: gate\n", "junction.yaml", PLAN
        + "gates:\n  - {name: unit, command: \"test -f a.txt\", stages: [component]}\n");
    Run gate = run("gate", "--on", "s1", "--into", "coordination");
    assertThat(gate.code()).as(gate.out() + gate.err()).isZero();
    try (EventStore store = store()) {
      number = open(store, Duration.ofHours(3)).number();
      store.append(new EventStore.Event(Instant.parse("2025-11-12T16:45:00Z"), "rollback", "abc123", Optional.empty(),
          "{\"merge\":\"abc123\",\"tasks\":\"A\",\"reason\":\"Integration tests failing\",\"rootCause\":\"R.md\"}"));
    }
    JsonNode one = new YAMLMapper().readTree(run("status", "one").out());
    assertThat(one.get("tests_passing").asBoolean()).isTrue();
    assertThat(one.get("gates").get(0).get("gate").asText()).isEqualTo("unit");
    JsonNode request = one.get("requests").get(0);
    assertThat(request.get("number").asLong()).isEqualTo(number);
    assertThat(request.get("into").asText()).isEqualTo("coordination");
    assertThat(request.get("size").asText()).isEqualTo("small");
    assertThat(request.get("approvals").asInt()).isZero();
    List<String> missing = new ArrayList<>();
    request.get("missing").forEach(m -> missing.add(m.asText()));
    assertThat(missing).containsExactly(
        "needs 1 approval for a component request (review.min_approvals.component) from sessions other than one; has 0",
        "a.txt owned by @two (CODEOWNERS line 1, a.txt): needs an approval from one of them");
    assertThat(one.get("escalations").get(0).get("subject").asText()).isEqualTo("request:" + number + ":ping");
    assertThat(one.get("escalations").get(0).get("who").get(0).asText()).isEqualTo("three@example.org");
    JsonNode rollback = one.get("rollbacks").get(0);
    assertThat(rollback.get("event").asText()).isEqualTo("ROLLBACK");
    assertThat(rollback.get("timestamp").asText()).isEqualTo("2025-11-12T16:45:00Z");
    assertThat(rollback.get("reason").asText()).isEqualTo("Integration tests failing");
    assertThat(rollback.get("affected_work").get(0).asText()).isEqualTo("A");
    assertThat(one.get("blockers").toString()).contains("request #" + number + ": needs 1 approval");

    JsonNode three = new YAMLMapper().readTree(run("status", "three").out());
    assertThat(three.get("reviews_requested").get(0).get("request").asLong()).isEqualTo(number);
    assertThat(three.get("reviews_requested").get(0).get("reviewer").asText()).isEqualTo("three@example.org");
    assertThat(three.get("escalations").get(0).get("level").asText()).isEqualTo("ping");
    assertThat(three.get("rollbacks")).isEmpty();
    assertThat(three.get("requests")).isEmpty();

    JsonNode two = new YAMLMapper().readTree(run("status", "two").out());
    assertThat(two.get("escalations")).isEmpty();
    assertThat(two.get("reviews_requested")).isEmpty();

    repo.commit("coordination", "chore: stricter gate\n", "junction.yaml", PLAN
        + "gates:\n  - {name: unit, command: \"test -f proof.txt\", stages: [component]}\n");
    assertThat(run("gate", "--on", "s1", "--into", "coordination").code()).isEqualTo(1);
    JsonNode failing = new YAMLMapper().readTree(run("status", "one").out());
    assertThat(failing.get("tests_passing").asBoolean()).isFalse();
    assertThat(failing.get("blockers").get(0).asText()).isEqualTo("gate unit failed on s1 at " + s1.name().substring(0, 10));
  }

  @Test
  void statusListsTheConflictsOfTheSession() throws Exception {
    assertThat(run("check", "s3").code()).isEqualTo(1);
    JsonNode three = new YAMLMapper().readTree(run("status", "three").out());
    assertThat(three.get("conflicts").get(0).get("pair").asText()).isEqualTo("s3 -> coordination");
    assertThat(three.get("conflicts").get(0).get("level").asInt()).isEqualTo(2);
    assertThat(three.get("conflicts").get(0).get("paths").get(0).asText()).isEqualTo("shared.txt");
    assertThat(three.get("blockers").get(0).asText()).startsWith("conflict s3 -> coordination open since ");
  }

  @Test
  void statusWritesTheFileAtTheWorkTreeRoot() throws Exception {
    Run r = run("status", "one", "--write", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    Path file = dir.resolve("STATUS-one.yaml");
    assertThat(r.json().get("written").asText()).isEqualTo(file.toString());
    assertThat(r.json().get("status").get("session").asText()).isEqualTo("one");
    assertThat(new YAMLMapper().readTree(Files.readString(file)).get("branch").asText()).isEqualTo("s1");
    Run text = run("status", "one", "--write");
    assertThat(text.out()).isEqualTo("wrote " + file + System.lineSeparator());
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
  }

  @Test
  void statusOfAnUnknownSessionExitsTwoNamingIt() {
    Run r = run("status", "nobody");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines().toList()).containsExactly(
        "SESSION: no session 'nobody' in coordination:junction.yaml; valid: lead, one, two, three");
  }

  @Test
  void statusCannotWriteIntoABareHub(@TempDir Path hub) throws Exception {
    repo.git("clone", "-q", "--bare", dir.toString(), hub.resolve("hub.git").toString());
    Run r = CliTest.run(CLOCK, "status", "one", "--write", "--repo", hub.resolve("hub.git").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("--write: a bare repository has no work tree");
    Run printed = CliTest.run(CLOCK, "status", "one", "--repo", hub.resolve("hub.git").toString());
    assertThat(printed.code()).as(printed.err()).isZero();
    assertThat(printed.out()).contains("session: one");
  }

  @ParameterizedTest
  @ValueSource(strings = {"escalations", "status"})
  void helpHasAnExampleAndExitCodes(String command) {
    Run r = CliTest.run(command, "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("Examples:", "junction " + command, "--json", "Exit codes:");
  }
}
