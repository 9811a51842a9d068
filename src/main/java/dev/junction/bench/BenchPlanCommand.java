package dev.junction.bench;

import dev.junction.app.JsonContract;
import dev.junction.git.HistoryBuilder;
import dev.junction.git.PlanStatus;
import dev.junction.git.Trailers;
import dev.junction.plan.Disposition;
import dev.junction.plan.Plan;
import dev.junction.plan.PlanLoad;
import dev.junction.plan.PlanLoader;
import dev.junction.plan.TaskGraph;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.util.FileUtils;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code junction bench plan}: times planning a generated plan, in-process, after warm-up. */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {
      "Times planning a generated plan: loading, the graph and the whole plan view.",
      "The plan is seeded and acyclic, its tasks spread over sessions and phases, and committed to "
          + "a throwaway repository with a share of its tasks landed. Prints figures; judges nothing."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  junction bench plan",
      "  junction bench plan --tasks 2000 --sessions 20 --json"
    })
final class BenchPlanCommand implements Callable<Integer> {
  private final BenchCommand.Exits exits;

  @Spec CommandSpec spec;

  BenchPlanCommand(BenchCommand.Exits exits) {
    this.exits = exits;
  }

  @Option(names = "--tasks", defaultValue = "2000", description = "Tasks in the plan (default: ${DEFAULT-VALUE}).")
  int tasks;

  @Option(names = "--sessions", defaultValue = "20", description = "Sessions (default: ${DEFAULT-VALUE}).")
  int sessions;

  @Option(names = "--landed", defaultValue = "200", description = "Tasks landed on coordination first (default: ${DEFAULT-VALUE}).")
  int landed;

  @Option(names = "--iterations", defaultValue = "10", description = "Timed runs after warm-up (default: ${DEFAULT-VALUE}).")
  int iterations;

  @Option(names = "--seed", description = "Generator seed (default: random, printed).")
  Long seed;

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (tasks < 1 || sessions < 1 || iterations < 1 || landed < 0) {
      throw BenchCommand.invalid("--tasks", "tasks, sessions and iterations must be positive");
    }
    long s = seed != null ? seed : new Random().nextLong();
    LoggerFactory.getLogger(BenchPlanCommand.class).info("bench plan seed {}", s);
    String yaml = generate(tasks, sessions, s);
    PlanLoad load = PlanLoader.load("generated.yaml", yaml);
    if (!(load instanceof PlanLoad.Loaded loaded)) {
      throw new IllegalStateException("generated plan is invalid: " + ((PlanLoad.Invalid) load).errors().get(0));
    }
    Plan plan = loaded.plan();
    PrintWriter out = spec.commandLine().getOut();
    Path dir = Files.createTempDirectory("junction-bench-");
    try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
      Repository repo = git.getRepository();
      if (!json) {
        out.printf("seed %d: %d tasks, %d sessions; landing %d of them in %s%n", s, tasks, sessions, landed, dir);
        out.flush();
      }
      populate(repo, plan, yaml.getBytes(StandardCharsets.UTF_8));
      git.gc().call(); // a shared repository is packed; loose objects would measure inflation instead
      Map<String, double[]> figures = new LinkedHashMap<>();
      figures.put("load", time(() -> PlanLoader.load("generated.yaml", yaml)));
      figures.put("graph", time(() -> TaskGraph.of(plan).criticalPath()));
      figures.put("view", time(() -> {
        try {
          return PlanStatus.view(repo, new PlanStatus.Request(Optional.of("coordination"), Optional.empty()));
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }));
      if (json) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("seed", s);
        result.put("tasks", tasks);
        result.put("sessions", sessions);
        result.put("landed", landed);
        result.put("iterations", iterations);
        Map<String, Object> ms = new LinkedHashMap<>();
        figures.forEach((k, v) -> ms.put(k, Map.of("min", v[0], "median", v[1], "max", v[2])));
        result.put("millis", ms);
        out.println(JsonContract.write(result));
      } else {
        out.printf("%-6s %10s %10s %10s   (ms, %d runs after warm-up)%n", "step", "min", "median", "max", iterations);
        figures.forEach((k, v) -> out.printf("%-6s %10.2f %10.2f %10.2f%n", k, v[0], v[1], v[2]));
      }
    } finally {
      FileUtils.delete(dir.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY);
    }
    return exits.of(Disposition.DONE);
  }

  private double[] time(Supplier<Object> work) {
    for (int i = 0; i < Math.max(3, iterations / 2); i++) {
      work.get();
    }
    double[] runs = new double[iterations];
    for (int i = 0; i < iterations; i++) {
      long start = System.nanoTime();
      work.get();
      runs[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(runs);
    return new double[] {runs[0], runs[runs.length / 2], runs[runs.length - 1]};
  }

  /** A plan of {@code tasks} tasks over ten phases; each depends on up to three earlier ones. */
  static String generate(int tasks, int sessions, long seed) {
    Random random = new Random(seed);
    StringBuilder y = new StringBuilder("version: 1\nproject: Generated\nbranches:\n  main: main\n"
        + "  coordination: coordination\n  session_patterns: [\"s/*\"]\nsessions:\n");
    for (int s = 1; s <= sessions; s++) {
      y.append("  - id: session-").append(s).append("\n    branch: s/session-").append(s)
          .append("\n    members:\n      - email: s").append(s).append("@example.org\n");
    }
    y.append("phases:\n");
    int phases = Math.min(10, tasks);
    List<String> ids = new ArrayList<>();
    int n = 0;
    for (int p = 1; p <= phases; p++) {
      y.append("  - id: phase-").append(p).append("\n    tasks:\n");
      int inPhase = tasks / phases + (p <= tasks % phases ? 1 : 0);
      for (int i = 1; i <= inPhase; i++, n++) {
        String id = "T" + p + "." + i;
        int owner = 1 + random.nextInt(sessions);
        y.append("      - id: ").append(id).append("\n        title: task ").append(id)
            .append("\n        owner: session-").append(owner)
            .append("\n        deliverables: [src/session-").append(owner).append('/').append(id).append(".py]\n");
        int deps = ids.isEmpty() ? 0 : random.nextInt(4);
        List<String> chosen = new ArrayList<>();
        for (int d = 0; d < deps; d++) {
          String dep = ids.get(Math.max(0, ids.size() - 1 - random.nextInt(Math.min(ids.size(), 200))));
          if (!chosen.contains(dep)) {
            chosen.add(dep);
          }
        }
        if (!chosen.isEmpty()) {
          y.append("        depends_on: [").append(String.join(", ", chosen)).append("]\n");
        }
        ids.add(id);
      }
    }
    return y.toString();
  }

  /** Commits the plan to main and coordination, then lands the first tasks of the merge order. */
  private void populate(Repository repo, Plan plan, byte[] yaml) throws IOException {
    PersonIdent who = new PersonIdent("Bench", "bench@example.org", Instant.parse("2025-11-12T09:00:00Z"), ZoneOffset.UTC);
    try (HistoryBuilder history = new HistoryBuilder(repo, () -> who, "bench")) {
      ObjectId root = history.branch("main").commit().add(Plan.FILE_NAME, yaml).message("chore: plan\n").create();
      history.branch("coordination").create(root);
      for (var s : plan.sessions()) {
        history.branch(s.branch().orElseThrow()).create(root);
      }
      List<String> order = TaskGraph.of(plan).order();
      for (int i = 0; i < Math.min(landed, order.size()); i++) {
        var task = plan.task(order.get(i)).orElseThrow();
        String branch = plan.session(task.owner()).orElseThrow().branch().orElseThrow();
        history.branch(branch).commit().add(task.deliverables().get(0), "# " + task.id() + "\n")
            .message("feat: " + task.id() + "\n").create();
        history.branch("coordination").merge(branch)
            .message("feat: Merge " + task.id() + "\n\n" + Trailers.TASK + ": " + task.id() + "\n").create();
      }
    }
  }
}
