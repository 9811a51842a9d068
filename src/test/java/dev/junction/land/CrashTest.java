package dev.junction.land;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.gate.Runner;
import dev.junction.git.History;
import dev.junction.git.Trailers;
import dev.junction.review.Requests;
import dev.junction.store.EventStore;
import dev.junction.testing.Plans;
import dev.junction.testing.TestRepo;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A landing process killed with SIGKILL, then {@code resume}: the repository and the store agree,
 * the target never points at an ungated commit, and nothing the landing made is left behind. The
 * kill comes after each step the journal records (through {@link CrashingLander}), and during the
 * gates and the post-merge validation.
 */
@org.junit.jupiter.api.Tag("process")
class CrashTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String PLAN = Plans.ONE_SESSION + """
      gates:
        - {name: stage, command: "%s", stages: [component], timeout: 60s}
        - {name: post, command: "%s", post_merge: true, timeout: 3s}
      """;

  @TempDir Path dir;
  final Clock clock = Clock.fixed(Instant.parse("2026-11-24T08:00:00Z"), ZoneOffset.UTC);

  /** An integration batch of s1 then s2, whose validation outlives its timeout. */
  static final String BATCH_PLAN = """
      version: 1
      branches: {main: main, coordination: coordination}
      sessions: [{id: one, branch: s1}, {id: two, branch: s2}]
      phases:
        - id: p
          tasks:
            - {id: A, title: first, owner: one, deliverables: [a.txt]}
            - {id: B, title: second, owner: two, deliverables: [b.txt], depends_on: [A]}
      gates:
        - {name: post, command: "sleep 50", post_merge: true, timeout: 3s}
      """;

  Process landInAnotherProcess(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("java", "-cp", System.getProperty("java.class.path"),
        "dev.junction.cli.Main", "land"));
    command.addAll(args.length == 0 ? List.of("s1") : List.of(args));
    command.addAll(List.of("--repo", dir.toString(), "--as", "one@example.org"));
    return new ProcessBuilder(command)
        .redirectErrorStream(true).redirectOutput(dir.resolve("land.out").toFile()).start();
  }

  static void awaitEvent(Path db, String kind) throws Exception {
    for (int i = 0; i < 600; i++) {
      if (Files.exists(db)) {
        try (EventStore store = EventStore.sqlite(db)) {
          if (!store.events(kind).isEmpty()) {
            return;
          }
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no " + kind + " event");
  }

  /** Waits until a gate of the lander {@code pid} has begun its command in its scratch copy. */
  void awaitGateStarted(long pid) throws Exception {
    for (int i = 0; i < 600; i++) {
      if (copiesOf(pid).stream().anyMatch(c -> Files.exists(c.resolve("gate-started")))) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the gate never started");
  }

  /** Waits until the lander has recorded its gate's process (it does so once the command started). */
  void awaitGateRecorded() throws Exception {
    Path records = dir.resolve(".git/junction/gates");
    for (int i = 0; i < 600; i++) {
      if (Files.isDirectory(records)) {
        try (Stream<Path> files = Files.list(records)) {
          if (files.anyMatch(f -> f.getFileName().toString().matches("\\d+\\.json"))) {
            return;
          }
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the gate's process was never recorded");
  }

  List<Path> copiesOf(long pid) throws Exception {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of(System.getProperty("java.io.tmpdir")),
        Runner.COPY_PREFIX + pid + "-*")) {
      dirs.forEach(out::add);
    }
    return out;
  }

  Recovery.Report resume(Path db) throws Exception {
    try (EventStore store = EventStore.sqlite(db); TestRepo again = TestRepo.open(dir)) {
      return Recovery.resume(again.repo(), store, new PersonIdent("Ops", "ops@example.org"), clock, m -> { });
    }
  }

  /** The gate's shell and its background sleep, written once both run: "SHELL SLEEP". */
  static final String SHELL_AND_SLEEP = "sleep 50 & echo $$ $! > started.tmp && mv started.tmp gate-started && wait";

  /** The pids the gate wrote in its scratch copy, with their start times (clock ticks since boot). */
  Map<Long, Long> gatePids(long lander) throws Exception {
    Map<Long, Long> out = new java.util.LinkedHashMap<>();
    for (Path copy : copiesOf(lander)) {
      Path started = copy.resolve("gate-started");
      if (Files.exists(started)) {
        for (String pid : Files.readString(started).strip().split(" ")) {
          long p = Long.parseLong(pid);
          out.put(p, startOf(p).orElseThrow(() -> new AssertionError("gate process " + p + " not running")));
        }
      }
    }
    return out;
  }

  /** A process's start time from /proc, empty when it is gone or a zombie (PID 1 here may never reap it). */
  static Optional<Long> startOf(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return f[0].equals("Z") || f[0].equals("X") ? Optional.empty() : Optional.of(Long.parseLong(f[19]));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The processes among {@code pids} still running as the same process (same start time). */
  static List<Long> stillRunning(Map<Long, Long> pids) {
    return pids.entrySet().stream().filter(e -> startOf(e.getKey()).equals(Optional.of(e.getValue())))
        .map(Map.Entry::getKey).toList();
  }

  @Test
  void killedDuringTheGatesIsUndone() throws Exception {
    ObjectId before;
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.commit("main", "plan\n", "junction.yaml", PLAN.formatted(SHELL_AND_SLEEP, "true"));
      repo.branch("coordination", "main");
      repo.branch("s1", "main");
      repo.commit("s1", "feat: a\n", "a.txt", "a\n");
      before = repo.repo().resolve("refs/heads/coordination");
    }
    Path db = dir.resolve(".git/junction/junction.db");
    Process p = landInAnotherProcess();
    long pid = p.pid();
    awaitGateStarted(pid); // the gate's command runs in its scratch copy: inside its sleep now
    awaitGateRecorded();
    p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    try (TestRepo repo = TestRepo.open(dir)) {
      assertThat(repo.repo().resolve("refs/heads/coordination")).as("the target never moved").isEqualTo(before);
      assertThat(repo.repo().getRefDatabase().getRefsByPrefix(Landing.CANDIDATES)).hasSize(1);
    }
    assertThat(copiesOf(pid)).isNotEmpty();
    Map<Long, Long> gate = gatePids(pid);
    assertThat(gate).as("the gate's shell and its sleep").hasSize(2);
    assertThat(stillRunning(gate)).as("the lander's death leaves its gate running").hasSize(2);
    long shell = gate.keySet().iterator().next();
    String landing;
    try (TestRepo repo = TestRepo.open(dir); EventStore store = EventStore.sqlite(db)) {
      landing = store.events("land.started").get(0).subject();
      Recovery.Found found = Recovery.doctor(repo.repo(), store, clock);
      assertThat(found.processes()).as("doctor lists the gate").singleElement().satisfies(g -> {
        assertThat(g.pid()).isEqualTo(shell);
        assertThat(g.gate()).isEqualTo("stage");
        assertThat(g.landing()).contains(landing);
        assertThat(g.state()).isEqualTo("running");
        assertThat(g.running()).containsExactlyInAnyOrderElementsOf(gate.keySet());
        assertThat(g.since()).isNotEmpty();
      });
      assertThat(found.disposition()).isEqualTo(dev.junction.plan.Disposition.NO);
      assertThat(stillRunning(gate)).as("doctor changes nothing").hasSize(2);
    }
    Recovery.Report report = resume(db);
    assertThat(stillRunning(gate)).as("no gate process of the landing is left after resume").isEmpty();
    assertThat(report.processes()).singleElement().satisfies(g -> {
      assertThat(g.state()).isEqualTo("ended");
      assertThat(g.landing()).contains(landing);
    });
    assertThat(dir.resolve(".git/junction/gates")).isEmptyDirectory();
    assertThat(report.landings()).singleElement().asString().contains("undone");
    try (TestRepo repo = TestRepo.open(dir); EventStore store = EventStore.sqlite(db)) {
      assertThat(repo.repo().getRefDatabase().getRefsByPrefix(Landing.CANDIDATES)).isEmpty();
      assertThat(repo.repo().resolve("refs/heads/coordination")).isEqualTo(before);
      assertThat(store.events("land.aborted")).hasSize(1);
    }
    assertThat(copiesOf(pid)).isEmpty();
    assertThat(resume(db).clean()).isTrue();
  }

  @Test
  void killedDuringPostMergeValidationIsCompletedAndRolledBack() throws Exception {
    ObjectId before;
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.commit("main", "plan\n", "junction.yaml", PLAN.formatted("true", "sleep 50"));
      repo.branch("coordination", "main");
      repo.branch("s1", "main");
      repo.commit("s1", "feat: a\n", "a.txt", "a\n");
      before = repo.repo().resolve("refs/heads/coordination");
    }
    Path db = dir.resolve(".git/junction/junction.db");
    Process p = landInAnotherProcess();
    awaitEvent(db, "land.moved");
    p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    ObjectId merge;
    try (TestRepo repo = TestRepo.open(dir); EventStore store = EventStore.sqlite(db)) {
      merge = repo.repo().resolve("refs/heads/coordination");
      assertThat(merge).isNotEqualTo(before);
      // The target points at the candidate, which passed the stage gate before the move.
      assertThat(store.events("gate.run", merge.name())).anySatisfy(e ->
          assertThat(e.payload()).contains("\"gate\":\"stage\"", "\"status\":\"passed\""));
    }
    Recovery.Report report = resume(db);
    assertThat(report.landings()).singleElement().asString().contains("validation failed; reverted by");
    try (TestRepo repo = TestRepo.open(dir); RevWalk walk = new RevWalk(repo.repo()); EventStore store = EventStore.sqlite(db)) {
      var tip = walk.parseCommit(repo.repo().resolve("refs/heads/coordination"));
      assertThat(tip.getParent(0).getId()).isEqualTo(merge);
      assertThat(tip.getTree().getId()).isEqualTo(walk.parseCommit(before).getTree().getId());
      assertThat(store.events("rollback")).hasSize(1);
      assertThat(repo.repo().getRefDatabase().getRefsByPrefix(Landing.CANDIDATES)).isEmpty();
    }
  }

  @Test
  void aBatchKilledDuringPostMergeValidationIsRevertedAsAWhole() throws Exception {
    ObjectId before;
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.commit("main", "plan\n", "junction.yaml", BATCH_PLAN);
      repo.branch("coordination", "main");
      repo.branch("s1", "main");
      repo.branch("s2", "main");
      repo.commit("s1", "feat: a\n", "a.txt", "a\n");
      repo.commit("s2", "feat: b\n", "b.txt", "b\n");
      before = repo.repo().resolve("refs/heads/coordination");
    }
    Path db = dir.resolve(".git/junction/junction.db");
    Process p = landInAnotherProcess("--stage", "integration", "s1", "s2");
    awaitEvent(db, "land.moved");
    p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    ObjectId last;
    try (TestRepo repo = TestRepo.open(dir); RevWalk walk = new RevWalk(repo.repo())) {
      last = repo.repo().resolve("refs/heads/coordination");
      var first = walk.parseCommit(walk.parseCommit(last).getParent(0));
      assertThat(first.getParent(0).getId()).as("both merges landed by one move").isEqualTo(before);
    }
    Recovery.Report report = resume(db);
    assertThat(report.landings()).singleElement().asString().contains("validation failed; reverted by");
    try (TestRepo repo = TestRepo.open(dir); RevWalk walk = new RevWalk(repo.repo()); EventStore store = EventStore.sqlite(db)) {
      var tip = walk.parseCommit(repo.repo().resolve("refs/heads/coordination"));
      assertThat(store.events("rollback")).singleElement().satisfies(e -> assertThat(e.subject()).isEqualTo(last.name()));
      assertThat(tip.getParent(0).getId()).isEqualTo(last);
      assertThat(tip.getTree().getId()).isEqualTo(walk.parseCommit(before).getTree().getId());
      assertThat(Trailers.values(tip.getFullMessage(), Trailers.REVERT)).hasSize(2);
      assertThat(History.mergedTasks(repo.repo(), tip)).isEmpty();
      assertThat(repo.repo().getRefDatabase().getRefsByPrefix(Landing.CANDIDATES)).isEmpty();
    }
  }

  /**
   * A real {@code rollback} process killed right after a step of its journal: before its swap it
   * is undone (the target unchanged, no rollback recorded); after, resume writes the event and the
   * root-cause document it never wrote. Either way doctor saw it, and a second resume finds nothing.
   */
  @ParameterizedTest(name = "rollback killed after {0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"rollback.moving", "rollback.moved"})
  void aRollbackKilledAfterAnyStepIsFinishedOrUndone(String kind) throws Exception {
    Path db = dir.resolve(".git/junction/junction.db");
    ObjectId merge;
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.commit("main", "plan\n", "junction.yaml", Plans.ONE_SESSION);
      repo.branch("coordination", "main");
      repo.branch("s1", "main");
      ObjectId work = repo.commit("s1", "feat: a\n", "a.txt", "a\n");
      merge = repo.merge("coordination", "s1", "feat(a): Merge first [A]\n\nJunction-Task: A\n");
      assertThat(merge).isNotEqualTo(work);
    }
    Path out = dir.resolve("rollback.out");
    Process p = new ProcessBuilder("java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
        System.getProperty("java.class.path"), CrashingRollback.class.getName(), dir.toString(), kind, merge.name())
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the rollback ended").isTrue();
    assertThat(p.exitValue()).as("killed by SIGKILL; it said:%n%s", Files.readString(out)).isEqualTo(137);
    boolean swapped = kind.equals("rollback.moved");
    try (TestRepo repo = TestRepo.open(dir); EventStore store = EventStore.sqlite(db)) {
      assertThat(store.events("rollback")).isEmpty();
      assertThat(Recovery.doctor(repo.repo(), store, clock).rollbacks()).as("doctor sees it").singleElement()
          .asString().contains("unfinished after " + kind);
    }

    Recovery.Report report = resume(db);

    assertThat(report.rollbacks()).singleElement().asString()
        .contains(swapped ? "completed (reverted by" : "undone (the target never moved)");
    try (TestRepo repo = TestRepo.open(dir); RevWalk walk = new RevWalk(repo.repo()); EventStore store = EventStore.sqlite(db)) {
      RevCommit tip = walk.parseCommit(repo.repo().resolve("refs/heads/coordination"));
      if (swapped) {
        assertThat(tip.getParent(0).getId()).isEqualTo(merge);
        assertThat(store.events("rollback")).singleElement().satisfies(e -> {
          assertThat(e.subject()).isEqualTo(merge.name());
          String doc = JSON.readTree(e.payload()).path("rootCause").asText();
          assertThat(Files.readString(Path.of(doc))).contains("Known so far: broke the build");
        });
      } else {
        assertThat(tip.getId()).isEqualTo(merge);
        assertThat(store.events("rollback")).isEmpty();
        assertThat(store.events("rollback.aborted")).hasSize(1);
      }
    }
    assertThat(resume(db).clean()).as("a second resume finds nothing").isTrue();
  }

  /** The plan of the step-by-step crashes: a gate for component and integration landings, and validation. */
  static final String STEPS_PLAN = """
      version: 1
      branches: {main: main, coordination: coordination}
      sessions:
        - {id: one, branch: s1, members: [{email: one@example.org}]}
        - {id: two, branch: s2, members: [{email: two@example.org}]}
      phases:
        - id: p
          tasks:
            - {id: A, title: first, owner: one, deliverables: [a.txt]}
            - {id: B, title: second, owner: two, deliverables: [b.txt], depends_on: [A]}
      review:
        min_approvals: {component: 1}
      gates:
        - {name: stage, command: "%s", stages: [component, integration], timeout: 60s}
        - {name: post, command: "%s", post_merge: true, timeout: 60s}
      """;

  /** What is landed, and how its gates and validation go. */
  enum Scenario {
    /** s1 alone, through its approved merge request; it lands. */
    SINGLE(List.of("s1"), "true", "true", false),
    /** s1 alone; its post-merge validation fails. */
    VALIDATION_FAILS(List.of("s1"), "true", "false", false),
    /** s1 alone; the gate on the candidate fails. */
    GATES_FAIL(List.of("s1"), "false", "true", false),
    /** An integration batch of s1 then s2, whose validation fails. */
    BATCH(List.of("s1", "s2"), "true", "false", true),
    /** s1 alone, while another writer moves the target once between the tip's read and the swap. */
    RACE(List.of("s1"), "true", "true", false);

    final List<String> sources;
    final String gate;
    final String validation;
    final boolean batch;

    Scenario(List<String> sources, String gate, String validation, boolean batch) {
      this.sources = sources;
      this.gate = gate;
      this.validation = validation;
      this.batch = batch;
    }

    List<String> tasks() {
      return batch ? List.of("A", "B") : List.of("A");
    }
  }

  /** How the landing ends once resumed. */
  enum End {
    /** The target is where the landing found it (or where another writer put it). */
    UNDONE("land.aborted", "undone"),
    /** The target is at the gated, validated candidate. */
    LANDED("land.done", "completed (validated"),
    /** The target is at a revert of the gated candidate. */
    ROLLED_BACK("land.rolled-back", "validation failed; reverted by");

    final String kind;
    final String report;

    End(String kind, String report) {
      this.kind = kind;
      this.report = report;
    }
  }

  /** The lander dies right after the journal records {@code kind}; resume ends the landing as {@code end}. */
  record Step(Scenario scenario, String kind, End end) {
    @Override
    public String toString() {
      return scenario + " killed after " + kind;
    }

    /** Whether the journal had ended before the kill: resume then has only leftovers to clear. */
    boolean ended() {
      return kind.equals(end.kind);
    }
  }

  /** Every kind each landing records, in order (see {@link Landing}). */
  static Stream<Step> steps() {
    return Stream.of(
        new Step(Scenario.SINGLE, "land.started", End.UNDONE),
        new Step(Scenario.SINGLE, "land.candidate", End.UNDONE),
        new Step(Scenario.SINGLE, "land.gated", End.UNDONE),
        new Step(Scenario.SINGLE, "land.moving", End.UNDONE),
        new Step(Scenario.SINGLE, "land.moved", End.LANDED),
        new Step(Scenario.SINGLE, "land.done", End.LANDED),
        new Step(Scenario.VALIDATION_FAILS, "land.moved", End.ROLLED_BACK),
        new Step(Scenario.VALIDATION_FAILS, "rollback.moving", End.ROLLED_BACK),
        new Step(Scenario.VALIDATION_FAILS, "rollback.moved", End.ROLLED_BACK),
        new Step(Scenario.VALIDATION_FAILS, "land.rolled-back", End.ROLLED_BACK),
        new Step(Scenario.GATES_FAIL, "land.gated", End.UNDONE),
        new Step(Scenario.GATES_FAIL, "land.aborted", End.UNDONE),
        new Step(Scenario.BATCH, "land.started", End.UNDONE),
        new Step(Scenario.BATCH, "land.candidate", End.UNDONE),
        new Step(Scenario.BATCH, "land.gated", End.UNDONE),
        new Step(Scenario.BATCH, "land.moving", End.UNDONE),
        new Step(Scenario.BATCH, "land.moved", End.ROLLED_BACK),
        new Step(Scenario.BATCH, "rollback.moved", End.ROLLED_BACK),
        new Step(Scenario.BATCH, "land.rolled-back", End.ROLLED_BACK),
        new Step(Scenario.RACE, "land.retry", End.UNDONE),
        new Step(Scenario.RACE, "land.moved", End.LANDED));
  }

  /**
   * A real lander killed right after one journal step, then resume twice: the first ends the
   * landing as the step implies, the second finds nothing to do.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("steps")
  void killedAfterAnyStepIsResumedToAgreeingRepositoryAndStore(Step step) throws Exception {
    Scenario scenario = step.scenario();
    Path db = dir.resolve(".git/junction/junction.db");
    ObjectId before;
    Optional<Long> request = Optional.empty();
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.commit("main", "plan\n", "junction.yaml", STEPS_PLAN.formatted(scenario.gate, scenario.validation));
      repo.branch("coordination", "main");
      repo.branch("s1", "main");
      repo.branch("s2", "main");
      repo.commit("s1", "feat: a\n", "a.txt", "a\n");
      repo.commit("s2", "feat: b\n", "b.txt", "b\n");
      before = repo.repo().resolve("refs/heads/coordination");
      if (!scenario.batch) {
        request = Optional.of(approvedRequest(repo, db));
      } else { // the batch's component tasks need their approvals too, whatever the stage
        approvedRequest(repo, db);
        approvedRequest(repo, db, "s2", "B", new PersonIdent("Two", "two@example.org"),
            new PersonIdent("One", "one@example.org"));
      }
    }

    List<String> command = new ArrayList<>(List.of("java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
        System.getProperty("java.class.path"), CrashingLander.class.getName(), dir.toString(), step.kind(),
        scenario == Scenario.RACE ? "race" : "still"));
    command.addAll(scenario.sources);
    Path out = dir.resolve("lander.out");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the lander ended").isTrue();
    String output = Files.readString(out);
    assertThat(p.exitValue()).as("killed by SIGKILL; the lander said:%n%s", output).isEqualTo(137);
    // Where the target was when the landing last read it: another writer's commit when it raced.
    ObjectId old = output.lines().filter(l -> l.startsWith("raced ")).map(l -> ObjectId.fromString(l.substring(6)))
        .findFirst().orElse(before);

    try (TestRepo repo = TestRepo.open(dir); EventStore store = EventStore.sqlite(db)) {
      String id = store.events("land.started").get(0).subject();
      // Killed in the automatic revert: the landing's journal stops at the move, the rollback's at the step.
      boolean inRevert = step.kind().startsWith("rollback.");
      assertThat(store.about(id)).extracting(EventStore.Event::kind).as("the journal at the kill").last()
          .isEqualTo(inRevert ? "land.moved" : step.kind());
      Recovery.Found found = Recovery.doctor(repo.repo(), store, clock);
      assertThat(found.landings()).as("doctor, before resume").hasSize(step.ended() ? 0 : 1);
      assertThat(found.rollbacks()).as("doctor, before resume").hasSize(inRevert ? 1 : 0);
    }

    Recovery.Report report = resume(db);

    if (step.ended()) {
      assertThat(report.landings()).as("the journal had ended").isEmpty();
      assertThat(report.candidates()).as("the kill came before the landing deleted its candidate ref").hasSize(1);
    } else {
      assertThat(report.landings()).singleElement().asString().contains(step.end().report);
    }
    ObjectId tip;
    List<EventStore.Event> journal;
    try (TestRepo repo = TestRepo.open(dir); EventStore store = EventStore.sqlite(db)) {
      tip = repo.repo().resolve("refs/heads/coordination");
      journal = agree(repo, store, step, old, request);
      assertThat(copiesOf(p.pid())).isEmpty();
      assertNothingLeft(Recovery.doctor(repo.repo(), store, clock), p.pid());
    }

    Recovery.Report again = resume(db);

    assertNothingLeft(again, p.pid());
    try (TestRepo repo = TestRepo.open(dir); EventStore store = EventStore.sqlite(db)) {
      assertThat(repo.repo().resolve("refs/heads/coordination")).as("a second resume moves nothing").isEqualTo(tip);
      assertThat(store.about(journal.get(0).subject())).as("a second resume journals nothing").isEqualTo(journal);
    }
  }

  /** s1's merge request for A, approved by the other session: the component landing needs it. */
  long approvedRequest(TestRepo repo, Path db) throws Exception {
    return approvedRequest(repo, db, "s1", "A", new PersonIdent("One", "one@example.org"),
        new PersonIdent("Two", "two@example.org"));
  }

  /** A request from {@code source} for {@code task}, opened by {@code author} and approved by {@code reviewer}. */
  long approvedRequest(TestRepo repo, Path db, String source, String task, PersonIdent author, PersonIdent reviewer)
      throws Exception {
    try (EventStore store = EventStore.sqlite(db)) {
      long n = ((Requests.Opened) Requests.open(repo.repo(), store, new Requests.Open(source, Optional.empty(),
          Optional.of(task), Optional.empty(), Optional.empty(), Optional.empty(), List.of(), author), clock))
          .request().number();
      Requests.review(repo.repo(), store, n, Requests.Verdict.APPROVE, List.of(), reviewer, clock);
      return n;
    }
  }

  /**
   * The repository and the store agree on how the landing ended: the target, the tasks its history
   * says merged, the journal's last event, the merge request's state and the rollback events. The
   * target never points at a candidate whose gates did not pass, and no candidate ref is left.
   * Answers the landing's journal.
   */
  List<EventStore.Event> agree(TestRepo repo, EventStore store, Step step, ObjectId old, Optional<Long> request) throws Exception {
    List<EventStore.Event> started = store.events("land.started");
    assertThat(started).hasSize(1);
    List<EventStore.Event> journal = store.about(started.get(0).subject());
    assertThat(journal).extracting(EventStore.Event::kind).as("the journal ends").last().isEqualTo(step.end().kind);
    assertThat(repo.repo().getRefDatabase().getRefsByPrefix(Landing.CANDIDATES)).isEmpty();
    Optional<ObjectId> candidate = journal.stream().filter(e -> e.kind().equals("land.candidate")).reduce((a, b) -> b)
        .map(CrashTest::candidateOf);
    try (RevWalk walk = new RevWalk(repo.repo())) {
      RevCommit tip = walk.parseCommit(repo.repo().resolve("refs/heads/coordination"));
      Map<String, String> merged = History.mergedTasks(repo.repo(), tip);
      switch (step.end()) {
        case UNDONE -> {
          assertThat(tip.getId()).as("the target is where the landing found it").isEqualTo(old);
          assertThat(merged).doesNotContainKeys(step.scenario().tasks().toArray(String[]::new));
        }
        case LANDED -> {
          assertThat(candidate).contains(tip.getId());
          assertGated(store, journal, tip);
          assertThat(store.gateRuns(tip.getName())).as("validated").anyMatch(r -> r.gate().equals("post") && r.passed());
          assertThat(tip.getParent(0).getId()).isEqualTo(old);
          assertThat(merged).containsKeys(step.scenario().tasks().toArray(String[]::new));
        }
        case ROLLED_BACK -> {
          assertThat(candidate).contains(tip.getParent(0).getId());
          assertGated(store, journal, tip.getParent(0));
          assertThat(tip.getTree().getId()).isEqualTo(walk.parseCommit(old).getTree().getId());
          assertThat(merged).doesNotContainKeys(step.scenario().tasks().toArray(String[]::new));
          assertThat(store.events("rollback")).singleElement()
              .satisfies(e -> assertThat(e.subject()).isEqualTo(tip.getParent(0).getName()));
        }
      }
      if (step.end() != End.ROLLED_BACK) {
        assertThat(store.events("rollback")).isEmpty();
      }
      for (long n : request.stream().toList()) {
        assertThat(store.reviews().request(n).orElseThrow().state()).as("merge request #%d", n)
            .isEqualTo(step.end() == End.LANDED ? "landed" : "open");
      }
    }
    return journal;
  }

  static ObjectId candidateOf(EventStore.Event made) {
    try {
      return ObjectId.fromString(JSON.readTree(made.payload()).path("candidate").asText());
    } catch (IOException e) {
      throw new AssertionError("unreadable journal entry: " + made.payload(), e);
    }
  }

  /** The gate ran and passed on {@code commit}, and the journal says so after its last candidate. */
  static void assertGated(EventStore store, List<EventStore.Event> journal, ObjectId commit) {
    assertThat(store.gateRuns(commit.name())).as("gate runs on %s", commit.name())
        .anyMatch(r -> r.gate().equals("stage") && r.passed());
    List<String> kinds = journal.stream().map(EventStore.Event::kind).toList();
    int gated = kinds.lastIndexOf("land.gated");
    assertThat(gated).isGreaterThan(kinds.lastIndexOf("land.candidate"));
    assertThat(journal.get(gated).payload()).contains("\"passed\":true");
  }

  /**
   * Nothing unfinished, no candidate ref, no lock, no scratch copy of the killed lander. Copies of
   * other processes are not counted: on a shared machine another test run's may come and go.
   */
  static void assertNothingLeft(Recovery.Report report, long pid) {
    assertThat(report.landings()).isEmpty();
    assertThat(report.rollbacks()).isEmpty();
    assertThat(report.candidates()).isEmpty();
    assertThat(report.locks()).isEmpty();
    assertThat(report.copies()).noneMatch(c -> c.contains(Runner.COPY_PREFIX + pid + "-"));
  }
}
