package dev.junction.demo;

import dev.junction.app.Actor;
import dev.junction.app.LandingService;
import dev.junction.app.PlanService;
import dev.junction.app.RequestService;
import dev.junction.app.ReviewService;
import dev.junction.app.Workspace;
import dev.junction.demo.Demo.Built;
import dev.junction.demo.Demo.Step;
import dev.junction.git.HistoryBuilder;
import dev.junction.git.PlanSource;
import dev.junction.git.Refs;
import dev.junction.git.Trailers;
import dev.junction.land.Landing;
import dev.junction.land.Sync;
import dev.junction.plan.Conventions;
import dev.junction.plan.Member;
import dev.junction.plan.Plan;
import dev.junction.plan.PlanLoad;
import dev.junction.plan.PlanLoader;
import dev.junction.plan.PlanView;
import dev.junction.plan.Session;
import dev.junction.plan.Task;
import dev.junction.plan.TaskState;
import dev.junction.review.Requests;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;

/**
 * Builds the demo: a throwaway repository for the shipped InfraFabric Phase 0 example, then plays
 * Phase 0's second window through Junction itself.
 *
 * <p>The history (written by {@link HistoryBuilder}, on the demo's clock): main and coordination
 * start from the example project ({@code examples/infrafabric-phase0/project/}: the package, the
 * integration tests of session 4, the test harness the gates call), and the first window's tasks
 * are merged into coordination with {@code --no-ff} merges carrying Junction trailers.
 *
 * <p>The story, through the services the commands it shows call ({@link LandingService},
 * {@link RequestService}, {@link ReviewService}) on the same clock, with the example's real gates
 * running real tests: each ready task in merge order is synced, written with its tests on its
 * owner's branch, opened as a merge request, approved and landed; session 7's CAS (P0.1.2) goes
 * last: its claim reads then writes, passes its unit tests, lands, fails the cross-session test
 * that runs on coordination after the merge, and is rolled back. Session 5 then tries to land
 * swarm spawn (P0.4.4) before CAS, behind a commit whose subject claims P0.1.2 merged: blocked,
 * because only trailers count. The plan shows P0.1.2 rolled back, with its revert, reason and next
 * step; session 7 syncs, commits the fix (an atomic compare-and-swap, its claim next to the
 * constructor) and, approved again at the new tip, lands P0.1.2 again: spec 8.2's "rolled back,
 * fixed, re-merged", one merge carrying {@code Junction-Reland}, the post-merge test passing.
 */
final class DemoRepository implements AutoCloseable {
  static final String EXAMPLE = "examples/infrafabric-phase0/junction.yaml";
  static final String PROJECT = "examples/infrafabric-phase0/project/";
  /** The example project's files, as the jar holds them under {@link #PROJECT}. */
  static final List<String> PROJECT_FILES = List.of("README.md", "infrafabric/__init__.py", "tools/testgate.py",
      "benchmarks/integration_timing.py", "tests/integration/test_components.py",
      "tests/integration/test_full_coordinator.py");

  /** Tasks of the history, merged in this order. */
  static final List<String> LANDED = List.of("P0.1.1", "P0.3.1", "P0.2.1", "P0.2.3", "P0.4.1");
  /** The flawed task: it lands, fails post-merge validation, is rolled back, fixed and lands again. */
  static final String FLAWED = "P0.1.2";
  /** The task tried out of order: it depends on the flawed one. */
  static final String EARLY = "P0.4.4";

  private final Repository repo;
  private final Plan plan;
  private final DemoClock clock;
  private final HistoryBuilder history;

  private DemoRepository(Repository repo, Plan plan, DemoClock clock) {
    this.repo = repo;
    this.plan = plan;
    this.clock = clock;
    this.history = new HistoryBuilder(repo, () -> ident("coordinator"), "junction demo");
  }

  static byte[] resource(String path) throws IOException {
    try (InputStream in = DemoRepository.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IOException(path + " is missing from the jar");
      }
      return in.readAllBytes();
    }
  }

  static byte[] exampleBytes() throws IOException {
    return resource(EXAMPLE);
  }

  /**
   * Builds the repository and plays the story.
   *
   * @param clock the demo's clock: every commit and every act of the story moves it on a step
   * @param progress told what each step is doing, for long work
   */
  static Built build(Path dir, DemoClock clock, Consumer<String> progress) throws IOException, GitAPIException {
    byte[] yaml = exampleBytes();
    PlanLoad load = PlanLoader.load(EXAMPLE, yaml);
    if (!(load instanceof PlanLoad.Loaded loaded)) {
      throw new IllegalStateException("the shipped example is invalid: " + ((PlanLoad.Invalid) load).errors());
    }
    try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch(loaded.plan().branches().main()).call()) {
      List<Step> story;
      try (DemoRepository demo = new DemoRepository(git.getRepository(), loaded.plan(), clock)) {
        demo.history(yaml);
        story = demo.story(progress);
      }
      Refs.link(git.getRepository(), Constants.HEAD, "refs/heads/" + loaded.plan().branches().coordination());
      git.reset().setMode(ResetCommand.ResetType.HARD).call();
      return new Built(dir, loaded.plan().branches().coordination(), LANDED, story);
    }
  }

  private void history(byte[] yaml) throws IOException {
    Map<String, byte[]> initial = new LinkedHashMap<>();
    initial.put(Plan.FILE_NAME, yaml);
    initial.put(".gitignore", text("__pycache__/\nreports/\n"));
    for (String file : PROJECT_FILES) {
      initial.put(file, resource(PROJECT + file));
    }
    ObjectId root = history.commit().add(initial).message("chore: Start Phase 0 with the Junction plan\n")
        .author(ident("coordinator")).create();
    history.branch(plan.branches().main()).create(root);
    history.branch(plan.branches().coordination()).create(root);
    for (Session s : plan.sessions()) {
      if (s.branch().isPresent()) {
        history.branch(s.branch().get()).create(root);
      }
    }
    for (String id : LANDED) {
      Task task = plan.task(id).orElseThrow();
      commit(branchOf(task), work(task), subject(task, "Add " + task.title()) + "\n", ident(task.owner()));
      mergeByHand(task);
    }
  }

  private List<Step> story(Consumer<String> progress) throws IOException {
    List<Step> steps = new ArrayList<>();
    try (Workspace workspace = Workspace.over(repo, clock)) {
      LandingService landing = new LandingService(workspace);
      PlanView view = new PlanService(workspace).view(new PlanService.ViewInput(Optional.empty(), Optional.empty())).view();
      List<String> readyNow = view.tasks().stream().filter(t -> t.state() == TaskState.READY).map(t -> t.id()).toList();
      List<String> ready = view.order().stream().filter(readyNow::contains).toList();
      List<String> order = new ArrayList<>(ready.stream().filter(id -> !id.equals(FLAWED)).toList());
      if (ready.contains(FLAWED)) {
        order.add(FLAWED);
      }
      Map<String, Requests.Opened> requests = new LinkedHashMap<>();
      for (String id : order) {
        Task task = plan.task(id).orElseThrow();
        sync(landing, task.owner(), steps);
        commit(branchOf(task), work(task), subject(task, "Add " + task.title()) + "\n", ident(task.owner()));
        requests.put(id, review(workspace, task, steps));
        progress.accept("landing " + id + " (" + task.title() + ") from " + task.owner());
        steps.add(new Step("junction land " + id, id, land(landing, id, m -> progress.accept("  " + m))));
      }
      // Out of order: swarm spawn needs CAS, which was just rolled back; a subject claiming it changes nothing.
      Task early = plan.task(EARLY).orElseThrow();
      sync(landing, early.owner(), steps);
      Map<String, byte[]> swarm = new LinkedHashMap<>(work(early));
      swarm.put("infrafabric/coordinator.py", text(read("infrafabric/coordinator.py", branchOf(early))
          + "\n\ndef spawn_claims(coordinator, tasks):\n    \"\"\"Claims tasks for a swarm (as session 5 needs it).\"\"\"\n"
          + "    return [t for t in tasks if coordinator.claim(t, \"swarm\")]\n"));
      commit(branchOf(early), swarm, subject(early, "Spawn swarms through the coordinator") + "\n", ident(early.owner()));
      commit(branchOf(early), Map.of("STATUS-session-5.yaml", text("session: session-5\ntests_passing: true\n")),
          "chore(status): P0.1.2 merged, CAS verified [P0.1.2]\n", ident(early.owner()));
      review(workspace, early, steps);
      progress.accept("landing " + EARLY + " before " + FLAWED + " has landed");
      steps.add(new Step("junction land " + EARLY, EARLY, land(landing, EARLY, m -> { })));
      // The plan says what happened to P0.1.2 and what comes next.
      PlanView after = new PlanService(workspace).view(new PlanService.ViewInput(Optional.empty(), Optional.empty())).view();
      steps.add(new Step("junction plan", FLAWED, after.tasks().stream().filter(t -> t.id().equals(FLAWED)).findFirst()
          .orElseThrow()));
      // Session 7 takes the rollback and fixes it: compare-and-swap instead of read-then-write, with the
      // claim next to the constructor (away from the end of the file, where session 5 adds spawn_claims).
      Task flawed = plan.task(FLAWED).orElseThrow();
      sync(landing, flawed.owner(), steps);
      Map<String, byte[]> fix = new LinkedHashMap<>();
      fix.put("infrafabric/coordinator.py", text(withClaim(read("infrafabric/coordinator.py", branchOf(flawed)))));
      fix.put("tests/test_coordinator_cas.py", text(CAS_TEST));
      String fixSubject = subject(flawed, "Claim tasks with an atomic compare-and-swap");
      ObjectId fixed = commit(branchOf(flawed), fix, fixSubject + "\n", ident(flawed.owner()));
      steps.add(new Step("git commit -m \"" + fixSubject + "\"", FLAWED,
          new Demo.Committed(branchOf(flawed), fixed.name(), fixSubject, List.copyOf(fix.keySet()))));
      // Spec 8.2, "re-merged with fix": the request is approved again at the fixed tip, and P0.1.2 lands
      // again, through the same gates, as one merge carrying Junction-Reland.
      approve(workspace, flawed, requests.get(FLAWED), steps);
      progress.accept("landing " + FLAWED + " (" + flawed.title() + ") again with the fix, from " + flawed.owner());
      steps.add(new Step("junction land " + FLAWED, FLAWED, land(landing, FLAWED, m -> progress.accept("  " + m))));
    }
    return steps;
  }

  /** Session 7's coordinator with the atomic claim right after the constructor. */
  private static String withClaim(String coordinator) {
    String next = "\n    def subscribe(";
    int at = coordinator.indexOf(next);
    if (at < 0) {
      throw new IllegalStateException("demo coordinator.py has no subscribe method to put the claim before");
    }
    return coordinator.substring(0, at) + CLAIM_ATOMIC + coordinator.substring(at);
  }

  /** {@code junction land ID}, by the coordinator. */
  private Landing.Outcome land(LandingService landing, String id, Consumer<String> progress) throws IOException {
    return landing.land(new LandingService.LandInput(List.of(id), Optional.empty(), Optional.empty(), Optional.empty(),
        false, Optional.of(actor("coordinator"))), progress);
  }

  /**
   * Spec 6 and 7: the owner opens a merge request for the task, and the first reviewer Junction
   * asks (a member of another session) approves it, as {@code --as} names them: by e-mail.
   */
  private Requests.Opened review(Workspace workspace, Task task, List<Step> steps) throws IOException {
    Actor owner = actor(task.owner());
    Requests.Opening opening = new RequestService(workspace).open(new RequestService.Open(task.id(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Optional.of(owner)));
    steps.add(new Step("junction mr open " + task.id() + " --as " + owner.email(), task.id(), opening));
    if (!(opening instanceof Requests.Opened opened)) {
      throw new IllegalStateException("demo request for " + task.id() + " not opened: " + opening);
    }
    approve(workspace, task, opened, steps);
    return opened;
  }

  /** The request's first reviewer approves it, at the branch's tip now. */
  private void approve(Workspace workspace, Task task, Requests.Opened opened, List<Step> steps) throws IOException {
    String reviewer = opened.reviewers().get(0);
    long number = opened.request().number();
    Requests.Acted approved = new ReviewService(workspace).review(new ReviewService.Review(number,
        new ReviewService.Verdict(Requests.Verdict.APPROVE, List.of()), Optional.of(Actor.of(reviewer))));
    steps.add(new Step("junction review " + number + " --approve --as " + reviewer, task.id(), approved));
  }

  /** {@code junction sync SESSION}, by the session's member; a step of the story when it merged something. */
  private void sync(LandingService landing, String sessionId, List<Step> steps) throws IOException {
    Sync.Outcome synced = landing.sync(new LandingService.SyncInput(sessionId, Optional.of(actor(sessionId))));
    if (synced instanceof Sync.Synced s && s.merged()) {
      steps.add(new Step("junction sync " + sessionId, "", synced));
    } else if (!(synced instanceof Sync.Synced)) {
      throw new IllegalStateException("demo sync of " + sessionId + " failed: " + synced);
    }
  }

  /** A task's files: each Python deliverable with a unit test that covers it, other files as text. */
  private Map<String, byte[]> work(Task task) throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    switch (task.id()) {
      case "P0.1.1" -> {
        files.put("infrafabric/event_bus.py", text(EVENT_BUS));
        files.put("tests/test_event_bus.py", text(EVENT_BUS_TEST));
        return files;
      }
      case "P0.1.3" -> {
        files.put("infrafabric/coordinator.py", text(COORDINATOR));
        files.put("tests/test_coordinator_pubsub.py", text(PUBSUB_TEST));
        return files;
      }
      case FLAWED -> {
        files.put("infrafabric/coordinator.py", text(read("infrafabric/coordinator.py", branchOf(task)) + CLAIM_RACY));
        files.put("tests/test_coordinator_cas.py", text(CAS_TEST));
        return files;
      }
      default -> { }
    }
    for (String path : task.deliverables()) {
      if (path.endsWith(".py") && path.startsWith("infrafabric/")) {
        String module = path.substring(0, path.length() - 3).replace('/', '.');
        String stem = module.substring(module.lastIndexOf('.') + 1);
        files.put(path, text("\"\"\"" + task.title() + " (" + task.id() + ").\"\"\"\n\n\ndef ready() -> bool:\n"
            + "    \"\"\"Whether " + task.title() + " is in place.\"\"\"\n    return True\n"));
        files.put("tests/test_" + stem + ".py", text("import unittest\n\nfrom " + module + " import ready\n\n\n"
            + "class ReadyTest(unittest.TestCase):\n    def test_ready(self):\n        self.assertTrue(ready())\n"));
      } else {
        files.put(path, text("# " + task.title() + "\n\nDelivered by " + task.id() + ".\n"));
      }
    }
    return files;
  }

  private String read(String path, String branch) throws IOException {
    ObjectId tip = repo.resolve("refs/heads/" + branch);
    return PlanSource.read(repo, tip, path).map(b -> new String(b, StandardCharsets.UTF_8))
        .orElseThrow(() -> new IllegalStateException(path + " is not on " + branch));
  }

  private void mergeByHand(Task task) throws IOException {
    String message = subject(task, "Merge " + task.title()) + "\n\n"
        + Trailers.TASK + ": " + task.id() + "\n"
        + Trailers.SESSION + ": " + task.owner() + "\n"
        + Trailers.STAGE + ": component\n";
    history.branch(plan.branches().coordination()).merge(branchOf(task)).message(message).author(ident("coordinator"))
        .create();
  }

  private String branchOf(Task task) {
    return plan.session(task.owner()).flatMap(Session::branch).orElseThrow();
  }

  private ObjectId commit(String branch, Map<String, byte[]> files, String message, PersonIdent who) throws IOException {
    return history.branch(branch).commit().add(files).message(message).author(who).create();
  }

  @Override
  public void close() {
    history.close();
  }

  /** The session's first member, acting now: the clock moves on a step. */
  private Actor actor(String sessionId) {
    Member member = plan.session(sessionId).orElseThrow().members().get(0);
    clock.step();
    return new Actor(member.name(), member.email());
  }

  /** The session's first member as the author of a commit made now: the clock moves on a step. */
  private PersonIdent ident(String sessionId) {
    Actor who = actor(sessionId);
    return new PersonIdent(who.name(), who.email(), clock.instant(), ZoneOffset.UTC);
  }

  /** A commit subject in the spec 6.2 convention: {@code feat(coordinator): Add etcd setup [P0.1.1]}. */
  static String subject(Task task, String description) {
    return Conventions.type(task) + "(" + scope(task.id()) + "): " + description + " [" + task.id() + "]";
  }

  private static String scope(String id) {
    if (id.startsWith("P0.1.")) {
      return "coordinator";
    } else if (id.startsWith("P0.2.")) {
      return "governor";
    } else if (id.startsWith("P0.3.")) {
      return "chassis";
    } else if (id.startsWith("P0.4.")) {
      return "cli";
    }
    return "docs";
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static final String EVENT_BUS = """
      \"""etcd setup (P0.1.1): keys, values and a revision that grows with every write.\"""

      import threading


      class EventBus:
          \"""An in-memory stand-in for etcd's key-value API.\"""

          def __init__(self):
              self._lock = threading.Lock()
              self._data = {}
              self.revision = 0

          def get(self, key):
              \"""The value of key, or None.\"""
              with self._lock:
                  return self._data.get(key)

          def put(self, key, value):
              \"""Sets key and returns the new revision.\"""
              with self._lock:
                  self._data[key] = value
                  self.revision += 1
                  return self.revision

          def compare_and_swap(self, key, expected, value):
              \"""Sets key to value only if it holds expected (None: absent), in one step.\"""
              with self._lock:
                  if self._data.get(key) != expected:
                      return False
                  self._data[key] = value
                  self.revision += 1
                  return True
      """;

  private static final String EVENT_BUS_TEST = """
      import unittest

      from infrafabric.event_bus import EventBus


      class EventBusTest(unittest.TestCase):
          def test_put_then_get(self):
              bus = EventBus()
              self.assertEqual(1, bus.put("a", "x"))
              self.assertEqual("x", bus.get("a"))
              self.assertIsNone(bus.get("b"))

          def test_compare_and_swap(self):
              bus = EventBus()
              self.assertTrue(bus.compare_and_swap("a", None, "x"))
              self.assertFalse(bus.compare_and_swap("a", None, "y"))
              self.assertEqual("x", bus.get("a"))
      """;

  private static final String COORDINATOR = """
      \"""IF.coordinator (P0.1.3 pub/sub, P0.1.2 CAS): task coordination over the event bus.\"""


      class Coordinator:
          \"""Publishes task events and hands out task claims.\"""

          def __init__(self, bus):
              self.bus = bus
              self._subscribers = {}

          def subscribe(self, topic, callback):
              \"""Calls callback with every message published on topic.\"""
              self._subscribers.setdefault(topic, []).append(callback)

          def publish(self, topic, message):
              \"""Delivers message to the topic's subscribers and returns how many got it.\"""
              callbacks = self._subscribers.get(topic, [])
              for callback in callbacks:
                  callback(message)
              return len(callbacks)
      """;

  private static final String PUBSUB_TEST = """
      import unittest

      from infrafabric.coordinator import Coordinator
      from infrafabric.event_bus import EventBus


      class PubSubTest(unittest.TestCase):
          def test_publish_reaches_subscribers(self):
              coordinator = Coordinator(EventBus())
              got = []
              coordinator.subscribe("tasks", got.append)
              self.assertEqual(1, coordinator.publish("tasks", "hello"))
              self.assertEqual(0, coordinator.publish("other", "nobody"))
              self.assertEqual(["hello"], got)
      """;

  /** Spec 8.2's root cause: "Used get followed by set instead of compare_and_swap". */
  private static final String CLAIM_RACY = """

          def claim(self, task, owner):
              \"""Claims task for owner: True when owner got it.\"""
              key = "tasks/" + task
              if self.bus.get(key) is not None:
                  return False
              self.bus.put(key, owner)
              return True
      """;

  private static final String CLAIM_ATOMIC = """

          def claim(self, task, owner):
              \"""Claims task for owner in one compare-and-swap: True when owner got it.\"""
              return self.bus.compare_and_swap("tasks/" + task, None, owner)
      """;

  private static final String CAS_TEST = """
      import unittest

      from infrafabric.coordinator import Coordinator
      from infrafabric.event_bus import EventBus


      class ClaimTest(unittest.TestCase):
          def test_first_claim_wins(self):
              coordinator = Coordinator(EventBus())
              self.assertTrue(coordinator.claim("P0.1.4", "session-5"))
              self.assertFalse(coordinator.claim("P0.1.4", "session-7"))
      """;
}
