package dev.junction.bench;

import dev.junction.app.JsonContract;
import dev.junction.gate.Verdict;
import dev.junction.git.MergeEngine;
import dev.junction.git.SystemConfig;
import dev.junction.land.Landing;
import dev.junction.plan.Disposition;
import dev.junction.store.EventStore;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.FileUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code junction bench land}: what {@code junction land} costs beyond its gates on a large
 * repository, next to the spec's manual sequence ({@code git checkout}, {@code git merge --no-ff},
 * tests, {@code git push}) with the same no-op test.
 */
@Command(
    name = "land",
    mixinStandardHelpOptions = true,
    description = {
      "Times junction land against the spec's manual merge sequence, on a generated repository.",
      "The repository (default 10,000 files, 50,000 commits) is generated with git fast-import. "
          + "junction land of a session branch (one no-op gate) is timed against checkout, merge --no-ff, "
          + "the same no-op test and push. Prints figures."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  junction bench land",
      "  junction bench land --files 2000 --commits 5000 --runs 3 --json"
    })
final class BenchLandCommand implements Callable<Integer> {
  private final BenchCommand.Exits exits;

  @Spec CommandSpec spec;

  BenchLandCommand(BenchCommand.Exits exits) {
    this.exits = exits;
  }

  @Option(names = "--files", defaultValue = "10000", description = "Files in the tree (default: ${DEFAULT-VALUE}).")
  int files;

  @Option(names = "--commits", defaultValue = "50000", description = "Commits of history (default: ${DEFAULT-VALUE}).")
  int commits;

  @Option(names = "--runs", defaultValue = "3", description = "Timed runs of each (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    SystemConfig.locate();
    if (files < 1 || commits < 2 || runs < 1) {
      throw BenchCommand.invalid("--files", "files, commits and runs must be positive");
    }
    Path dir = Files.createTempDirectory("junction-bench-land-");
    try {
      Path repoDir = dir.resolve("hub.git");
      progress("generating " + files + " files and " + commits + " commits in " + repoDir);
      generate(repoDir);
      git(dir, "clone", "-q", repoDir.toString(), "work");
      Path work = dir.resolve("work");
      git(work, "config", "user.email", "bench@example.org");
      git(work, "config", "user.name", "Bench");
      double[] land = new double[runs];
      double[] gates = new double[runs];
      double[] manual = new double[runs];
      try (Repository repo = new FileRepositoryBuilder().setGitDir(repoDir.toFile()).setMustExist(true).build();
          MergeEngine engine = MergeEngine.open(repo);
          EventStore store = EventStore.sqlite(repoDir.resolve("junction/junction.db"))) {
        String start = repo.resolve("refs/heads/coordination").name();
        for (int i = -1; i < runs; i++) { // run -1 warms the JVM up and is not counted
          progress("junction land, run " + (i + 2) + " of " + (runs + 1));
          long t0 = System.nanoTime();
          Landing.Outcome o = Landing.land(repo, store, engine, new Landing.Request("s1", Optional.empty(), Optional.empty(),
              Optional.empty(), false, new PersonIdent("Bench", "bench@example.org")), Clock.systemUTC(), m -> { });
          double total = (System.nanoTime() - t0) / 1e6;
          if (!(o instanceof Landing.Landed landed)) {
            throw new IllegalStateException("the bench landing did not land: " + o);
          }
          if (i >= 0) {
            land[i] = total;
            gates[i] = landed.gates().stream().mapToLong(Verdict::millis).sum()
                + landed.validation().stream().mapToLong(Verdict::millis).sum();
          }
          git(repoDir, "update-ref", "refs/heads/coordination", start);
        }
      }
      for (int i = -1; i < runs; i++) {
        progress("manual sequence, run " + (i + 2) + " of " + (runs + 1));
        git(work, "checkout", "-q", "main");
        git(work, "fetch", "-q", "origin");
        git(work, "checkout", "-q", "-B", "coordination", "origin/coordination");
        long t0 = System.nanoTime();
        git(work, "checkout", "-q", "coordination");
        git(work, "merge", "--no-ff", "-q", "origin/s1", "-m", "feat(a): Merge first [A]");
        run(work, List.of("true")); // the tests: the same no-op as the gate
        git(work, "push", "-q", "origin", "coordination");
        double took = (System.nanoTime() - t0) / 1e6;
        if (i >= 0) {
          manual[i] = took;
        }
        git(work, "reset", "-q", "--hard", "origin/coordination~1");
        git(work, "push", "-q", "-f", "origin", "coordination");
      }
      Arrays.sort(land);
      Arrays.sort(gates);
      Arrays.sort(manual);
      double landMedian = land[runs / 2];
      double gateMedian = gates[runs / 2];
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("files", files);
      result.put("commits", commits);
      result.put("runs", runs);
      result.put("landMillis", landMedian);
      result.put("gatesMillis", gateMedian);
      result.put("landBeyondGatesMillis", landMedian - gateMedian);
      result.put("manualMillis", manual[runs / 2]);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(JsonContract.write(result));
      } else {
        out.printf("%d files, %d commits, medians of %d runs%n", files, commits, runs);
        out.printf("junction land, total                 %10.1f ms%n", landMedian);
        out.printf("  of which gates (copy + no-op test) %10.1f ms%n", gateMedian);
        out.printf("  land beyond its gates              %10.1f ms%n", landMedian - gateMedian);
        out.printf("manual checkout, merge, test, push   %10.1f ms%n", manual[runs / 2]);
      }
      return exits.of(Disposition.DONE);
    } finally {
      FileUtils.delete(dir.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY);
    }
  }

  private void progress(String m) {
    if (!json) {
      spec.commandLine().getErr().println("bench: " + m);
      spec.commandLine().getErr().flush();
    }
  }

  /** A bare repository written by one git fast-import stream. */
  private void generate(Path repoDir) throws IOException, InterruptedException {
    git(repoDir.getParent(), "init", "-q", "--bare", "-b", "main", repoDir.toString());
    Process p = new ProcessBuilder("git", "--git-dir", repoDir.toString(), "fast-import", "--quiet")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    Random random = new Random(42);
    try (OutputStream raw = new BufferedOutputStream(p.getOutputStream(), 1 << 20)) {
      w(raw, "commit refs/heads/main\nmark :1\ncommitter Bench <bench@example.org> 1700000000 +0000\n");
      data(raw, "chore: base\n");
      inline(raw, "junction.yaml", plan());
      for (int f = 0; f < files; f++) {
        inline(raw, path(f), "file " + f + "\n");
      }
      for (int c = 2; c <= commits; c++) {
        w(raw, "commit refs/heads/main\nmark :" + c + "\ncommitter Bench <bench@example.org> " + (1700000000 + c) + " +0000\n");
        data(raw, "chore: change " + c + "\n");
        w(raw, "from :" + (c - 1) + "\n");
        int f = random.nextInt(files);
        inline(raw, path(f), "file " + f + " changed by " + c + "\n");
      }
      w(raw, "reset refs/heads/coordination\nfrom :" + commits + "\n\n");
      w(raw, "commit refs/heads/s1\ncommitter Bench <bench@example.org> " + (1700000000 + commits + 1) + " +0000\n");
      data(raw, "feat: a\n");
      w(raw, "from :" + commits + "\n");
      inline(raw, "src/a.txt", "task A\n");
      w(raw, "\n");
    }
    if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("git fast-import failed");
    }
  }

  private String plan() {
    return "version: 1\nbranches: {main: main, coordination: coordination}\n"
        + "sessions: [{id: one, branch: s1}]\n"
        + "phases: [{id: p, tasks: [{id: A, title: first, owner: one, deliverables: [src/a.txt]}]}]\n"
        + "gates: [{name: tests, command: \"true\", stages: [component]}]\n";
  }

  private static String path(int f) {
    return "src/d" + (f % 100) + "/f" + f + ".txt";
  }

  private static void w(OutputStream out, String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.UTF_8));
  }

  private static void data(OutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    w(out, "data " + b.length + "\n");
    out.write(b);
    w(out, "\n");
  }

  private static void inline(OutputStream out, String path, String content) throws IOException {
    w(out, "M 100644 inline " + path + "\n");
    data(out, content);
  }

  private static void git(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    run(dir, command);
  }

  private static void run(Path dir, List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + out.strip());
    }
  }
}
