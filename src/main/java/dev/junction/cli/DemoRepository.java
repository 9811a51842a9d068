package dev.junction.cli;

import dev.junction.git.Commits;
import dev.junction.git.Refs;
import dev.junction.git.Trailers;
import dev.junction.plan.Plan;
import dev.junction.plan.PlanLoad;
import dev.junction.plan.PlanLoader;
import dev.junction.plan.Session;
import dev.junction.plan.Task;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;

/**
 * Builds the demo: a throwaway repository for the shipped InfraFabric Phase 0 example, with main,
 * coordination and every session branch holding real commits, the first tasks landed through
 * {@code --no-ff} merges with Junction trailers, work in progress, and one commit whose subject
 * claims a task it did not land. Commit times are fixed, so every run builds the same ids.
 */
final class DemoRepository {
  static final String EXAMPLE = "examples/infrafabric-phase0/junction.yaml";

  /** Tasks landed in this order, each on its owner's branch and then merged into coordination. */
  static final List<String> LANDED = List.of("P0.1.1", "P0.3.1", "P0.2.1", "P0.2.3", "P0.4.1");

  private final Repository repo;
  private final Plan plan;
  private Instant clock = Instant.parse("2025-11-12T09:00:00Z");

  private DemoRepository(Repository repo, Plan plan) {
    this.repo = repo;
    this.plan = plan;
  }

  /** What was built. */
  record Built(Path directory, String coordination, List<String> landed, List<String> inProgress) {}

  static byte[] exampleBytes() throws IOException {
    try (InputStream in = DemoRepository.class.getClassLoader().getResourceAsStream(EXAMPLE)) {
      if (in == null) {
        throw new IOException("the example plan " + EXAMPLE + " is missing from the jar");
      }
      return in.readAllBytes();
    }
  }

  static Built build(Path dir) throws IOException, GitAPIException {
    byte[] yaml = exampleBytes();
    PlanLoad load = PlanLoader.load(EXAMPLE, yaml);
    if (!(load instanceof PlanLoad.Loaded loaded)) {
      throw new IllegalStateException("the shipped example is invalid: " + ((PlanLoad.Invalid) load).errors());
    }
    try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch(loaded.plan().branches().main()).call()) {
      return new DemoRepository(git.getRepository(), loaded.plan()).populate(git, dir, yaml);
    }
  }

  private Built populate(Git git, Path dir, byte[] yaml) throws IOException, GitAPIException {
    String main = plan.branches().main();
    String coordination = plan.branches().coordination();
    Map<String, byte[]> initial = new LinkedHashMap<>();
    initial.put(Plan.FILE_NAME, yaml);
    initial.put("README.md", text("# InfraFabric\n\nPhase 0: S² core components (Junction demo).\n"));
    initial.put("infrafabric/__init__.py", text("\"\"\"InfraFabric.\"\"\"\n"));
    initial.put(".gitignore", text("__pycache__/\nreports/\n"));
    ObjectId root = Commits.write(repo, null, initial, "chore: Start Phase 0 with the Junction plan\n", ident("coordinator"));
    create(main, root);
    create(coordination, root);
    for (Session s : plan.sessions()) {
      if (s.branch().isPresent()) {
        create(s.branch().get(), root);
      }
    }
    for (String id : LANDED) {
      Task task = plan.task(id).orElseThrow();
      commitDeliverables(task);
      land(task);
    }
    // Work in progress: session 7 starts CAS (P0.1.2), which also touches P0.1.3's file.
    Task cas = plan.task("P0.1.2").orElseThrow();
    commitDeliverables(cas);
    // Session 5 starts swarm spawn (P0.4.4) before its dependency P0.1.2 has landed, and edits
    // session 7's coordinator.py on the way: check and radar have something to say.
    Session five = plan.session("session-5").orElseThrow();
    commit(five.branch().orElseThrow(), Map.of(
        "infrafabric/cli/swarm.py", text("\"\"\"CLI swarm spawn (P0.4.4).\"\"\"\n\n\ndef spawn(count: int) -> list:\n    return []\n"),
        "infrafabric/coordinator.py", text("\"\"\"Coordinator, as session 5 needs it.\"\"\"\n\n\ndef claim(task):\n    return task\n")),
        subject(plan.task("P0.4.4").orElseThrow(), "Spawn swarms through the coordinator") + "\n", ident("session-5"));
    // A commit whose subject claims a task: it lands nothing, because only trailers on merges count.
    commit(five.branch().orElseThrow(), Map.of("STATUS-session-5.yaml",
        text("session: session-5\ntests_passing: true\nnote: waiting for P0.1.2 and P0.1.3\n")),
        "chore(status): P0.1.4 merged, latency verified [P0.1.4]\n", ident("session-5"));
    RefUpdateHead.point(repo, coordination);
    git.reset().setMode(ResetCommand.ResetType.HARD).call();
    return new Built(dir, coordination, LANDED, List.of("P0.1.2", "P0.1.3", "P0.4.4"));
  }

  private void commitDeliverables(Task task) throws IOException {
    Session owner = plan.session(task.owner()).orElseThrow();
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (String path : task.deliverables()) {
      files.put(path, text(content(task, path)));
    }
    commit(owner.branch().orElseThrow(), files,
        subject(task, "Add " + task.title()) + "\n", ident(owner.id()));
  }

  private void land(Task task) throws IOException {
    Session owner = plan.session(task.owner()).orElseThrow();
    String coordination = "refs/heads/" + plan.branches().coordination();
    ObjectId target = repo.resolve(coordination);
    ObjectId source = repo.resolve("refs/heads/" + owner.branch().orElseThrow());
    String message = subject(task, "Merge " + task.title()) + "\n\n"
        + Trailers.TASK + ": " + task.id() + "\n"
        + Trailers.SESSION + ": " + owner.id() + "\n"
        + Trailers.STAGE + ": component\n";
    Commits.Merge merge = Commits.mergeNoFastForward(repo, target, source, message, ident("coordinator"));
    if (!(merge instanceof Commits.Merged merged)) {
      throw new IllegalStateException("demo merge of " + task.id() + " conflicted: " + merge);
    }
    move(coordination, target, merged.commit());
  }

  private void commit(String branch, Map<String, byte[]> files, String message, PersonIdent who) throws IOException {
    String ref = "refs/heads/" + branch;
    ObjectId tip = repo.resolve(ref);
    move(ref, tip, Commits.write(repo, tip, files, message, who));
  }

  private void create(String branch, ObjectId at) throws IOException {
    move("refs/heads/" + branch, ObjectId.zeroId(), at);
  }

  private void move(String ref, ObjectId from, ObjectId to) throws IOException {
    Refs.Swap swap = Refs.compareAndSwap(repo, ref, from, to, ident("coordinator"), "junction demo");
    if (!swap.isMoved()) {
      throw new IOException("could not move " + ref + ": " + swap);
    }
  }

  private PersonIdent ident(String sessionId) {
    Session s = plan.session(sessionId).orElseThrow();
    clock = clock.plus(Duration.ofMinutes(7));
    return new PersonIdent(s.members().get(0).name(), s.members().get(0).email(), clock, ZoneOffset.UTC);
  }

  /** A commit subject in the spec 6.2 convention: {@code feat(coordinator): Add etcd setup [P0.1.1]}. */
  static String subject(Task task, String description) {
    String type = switch (task.type()) {
      case DOCS -> "docs";
      case VALIDATION, INTEGRATION -> "test";
      case COMPONENT, CLI -> "feat";
    };
    return type + "(" + scope(task.id()) + "): " + description + " [" + task.id() + "]";
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

  private static String content(Task task, String path) {
    if (path.endsWith(".py")) {
      return "\"\"\"" + task.title() + " (" + task.id() + ").\"\"\"\n\n\ndef ready() -> bool:\n    return True\n";
    }
    return "# " + task.title() + "\n\nDelivered by " + task.id() + ".\n";
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Points HEAD of a non-bare repository at a branch. */
  private static final class RefUpdateHead {
    static void point(Repository repo, String branch) throws IOException {
      var update = repo.updateRef(Constants.HEAD);
      update.disableRefLog();
      update.link("refs/heads/" + branch);
    }
  }

  static List<String> describe(Built built) {
    List<String> lines = new ArrayList<>();
    lines.add("Built a demo repository in " + built.directory());
    lines.add("  branches: main, " + built.coordination() + " and one per session");
    lines.add("  landed (--no-ff merges with Junction-Task trailers): " + String.join(", ", built.landed()));
    lines.add("  in progress on session branches: " + String.join(", ", built.inProgress()));
    lines.add("  session 5 started P0.4.4 before P0.1.2 landed and edited session 7's coordinator.py");
    lines.add("  a commit whose subject claims P0.1.4: it stays blocked, subjects are never read");
    return lines;
  }
}
