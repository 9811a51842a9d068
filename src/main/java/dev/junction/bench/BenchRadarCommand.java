package dev.junction.bench;

import dev.junction.app.JsonContract;
import dev.junction.conflict.Radar;
import dev.junction.git.BranchScan;
import dev.junction.git.GitMergeTree;
import dev.junction.git.HistoryBuilder;
import dev.junction.git.MergeEngine;
import dev.junction.git.MergeResult;
import dev.junction.git.PlanSource;
import dev.junction.git.SystemConfig;
import dev.junction.plan.Disposition;
import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.FileUtils;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code junction bench radar}: Junction's radar against the plain ways of asking git about every
 * pair, side by side on the same repository, with the answers compared.
 */
@Command(
    name = "radar",
    mixinStandardHelpOptions = true,
    description = {
      "Times the radar against git merge-tree, and checks that the answers agree.",
      "The radar is timed against 'git merge-tree --stdin' over all pairs and against one 'git "
          + "merge-tree' process per pair (sampled and extrapolated beyond --sample pairs), on a "
          + "generated repository or a given one."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  junction bench radar --branches 60",
      "  junction bench radar --repo ../git --into master \\",
      "      --pattern 'refs/remotes/origin/*' --json"
    })
final class BenchRadarCommand implements Callable<Integer> {
  private final BenchCommand.Exits exits;

  @Spec CommandSpec spec;

  BenchRadarCommand(BenchCommand.Exits exits) {
    this.exits = exits;
  }

  @Option(names = "--repo", paramLabel = "DIR", description = "Measure this repository instead of a generated one.")
  Path repo;

  @Option(names = "--into", paramLabel = "TARGET", defaultValue = "main", description = "Target branch (default: ${DEFAULT-VALUE}).")
  String into;

  @Option(names = "--pattern", paramLabel = "PATTERN", defaultValue = "refs/heads/topic/*",
      description = "Branches to scan (default: ${DEFAULT-VALUE}).")
  String pattern;

  @Option(names = "--branches", defaultValue = "60", description = "Branches to generate (default: ${DEFAULT-VALUE}).")
  int branches;

  @Option(names = "--sample", defaultValue = "150",
      description = "Pairs timed with one process each before extrapolating (default: ${DEFAULT-VALUE}).")
  int sample;

  @Option(names = "--seed", description = "Generator seed (default: random, printed).")
  Long seed;

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    SystemConfig.locate();
    if (branches < 2 || sample < 1) {
      throw BenchCommand.invalid("--branches", "need at least 2 branches and a sample of 1");
    }
    PrintWriter out = spec.commandLine().getOut();
    long s = seed != null ? seed : new Random().nextLong();
    Path generated = null;
    Path dir = repo;
    if (dir == null) {
      generated = Files.createTempDirectory("junction-bench-radar-");
      dir = generated;
      LoggerFactory.getLogger(BenchRadarCommand.class).info("bench radar seed {}", s);
      progress("generating " + branches + " branches (seed " + s + ") in " + dir);
      generate(dir, branches, new Random(s));
    }
    try (Repository r = new FileRepositoryBuilder().findGitDir(dir.toFile()).setMustExist(true).build()) {
      Optional<PlanSource.Tip> target = PlanSource.resolve(r, into);
      List<PlanSource.Tip> tips = BranchScan.matching(r, pattern).stream()
          .filter(t -> target.isEmpty() || !t.refName().equals(target.get().refName())).toList();
      if (target.isEmpty() || tips.size() < 2) {
        throw BenchCommand.invalid("--pattern", "need a target and at least two branches matching " + pattern);
      }
      // Each pair: the two commit ids, then the two branch names.
      List<String[]> pairs = new ArrayList<>();
      for (int a = 0; a < tips.size(); a++) {
        for (int b = a + 1; b < tips.size(); b++) {
          pairs.add(new String[] {tips.get(a).id().name(), tips.get(b).id().name(),
              tips.get(a).branch(), tips.get(b).branch()});
        }
      }
      progress("radar over " + tips.size() + " branches (" + pairs.size() + " pairs)");
      Radar.Request request = new Radar.Request(Optional.of(into), List.of(pattern),
          Runtime.getRuntime().availableProcessors(), /* planBranches= */ false);
      Radar.run(r, request, () -> MergeEngine.open(r), m -> { }); // warm-up: JIT and caches
      long t0 = System.nanoTime();
      Radar.Report report = (Radar.Report) Radar.run(r, request, () -> MergeEngine.open(r), m -> { });
      double radarMs = (System.nanoTime() - t0) / 1e6;
      progress(String.format("radar took %.1f ms", radarMs));

      progress("git merge-tree --stdin over all " + pairs.size() + " pairs");
      t0 = System.nanoTime();
      List<MergeResult> reference = stdinAll(r, pairs);
      double stdinMs = (System.nanoTime() - t0) / 1e6;
      progress(String.format("--stdin took %.1f ms", stdinMs));

      List<String[]> sampled = new ArrayList<>(pairs);
      Collections.shuffle(sampled, new Random(s));
      sampled = sampled.subList(0, Math.min(sample, sampled.size()));
      progress("one git merge-tree process per pair, " + sampled.size() + " pairs");
      t0 = System.nanoTime();
      for (String[] p : sampled) {
        run(r, List.of("merge-tree", "--write-tree", "--name-only", "--allow-unrelated-histories", p[0], p[1]));
      }
      double perPairMs = (System.nanoTime() - t0) / 1e6 / sampled.size() * pairs.size();

      int agree = 0;
      List<String> differ = new ArrayList<>();
      List<String> explained = new ArrayList<>();
      Set<String> conflictsWithTarget = new TreeSet<>();
      report.branches().stream().filter(b -> !b.clean()).forEach(b -> conflictsWithTarget.add(b.name()));
      Map<String, Radar.Pair> byNames = new LinkedHashMap<>();
      report.pairs().forEach(p -> byNames.put(key(p.a(), p.b()), p));
      for (int i = 0; i < pairs.size(); i++) {
        String a = pairs.get(i)[2];
        String b = pairs.get(i)[3];
        Radar.Pair mine = byNames.get(key(a, b));
        MergeResult ref = reference.get(i);
        boolean conflict = mine.state() == Radar.PairState.CONFLICT;
        Set<String> myPaths = aside(mine.paths());
        if (conflict == !ref.clean() && (!conflict || myPaths.equals(aside(ref.paths())))) {
          agree++;
        } else if (conflictsWithTarget.contains(a) || conflictsWithTarget.contains(b)) {
          // The radar counts those paths once, as that branch's conflict with the target.
          explained.add(a + " x " + b);
        } else {
          differ.add(a + " x " + b);
        }
      }
      long overlapping = report.pairs().stream().filter(p -> p.state() != Radar.PairState.INDEPENDENT).count();
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("repository", generated == null ? dir.toString() : "generated (seed " + s + ")");
      result.put("branches", tips.size());
      result.put("pairs", pairs.size());
      result.put("pairsMerged", overlapping);
      result.put("radarMillis", round(radarMs));
      result.put("stdinAllPairsMillis", round(stdinMs));
      result.put("processPerPairMillis", round(perPairMs));
      result.put("processPerPairSampled", sampled.size());
      result.put("ratioToStdin", round(radarMs / stdinMs));
      result.put("ratioToProcessPerPair", round(radarMs / perPairMs));
      result.put("answersAgree", agree);
      result.put("answersDifferAsExplained", explained);
      result.put("answersDiffer", differ);
      if (json) {
        out.println(JsonContract.write(result));
      } else {
        out.printf("%d branches, %d pairs, %d of them share a path and were merged%n", tips.size(), pairs.size(), overlapping);
        out.printf("junction radar                     %10.1f ms%n", radarMs);
        out.printf("git merge-tree --stdin, all pairs  %10.1f ms   ratio %.3f%n", stdinMs, radarMs / stdinMs);
        out.printf("one git process per pair           %10.1f ms   ratio %.3f   (%d pairs timed, extrapolated)%n",
            perPairMs, radarMs / perPairMs, sampled.size());
        out.printf("answers: %d of %d pairs agree%s%n", agree, pairs.size(), differ.isEmpty() ? "" : "; differ: " + differ);
        if (!explained.isEmpty()) {
          out.printf("         %d pairs involve %s, which conflict with %s themselves: a direct pair merge%n"
              + "         repeats those paths on every pair, the radar reports them once, against the target%n",
              explained.size(), String.join(", ", conflictsWithTarget), into);
        }
      }
      return exits.of(differ.isEmpty() ? Disposition.DONE : Disposition.NO);
    } finally {
      if (generated != null) {
        FileUtils.delete(generated.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY);
      }
    }
  }

  private void progress(String message) {
    if (!json) {
      spec.commandLine().getErr().println("bench: " + message);
      spec.commandLine().getErr().flush();
    }
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  private static String key(String a, String b) {
    return a.compareTo(b) < 0 ? a + "\n" + b : b + "\n" + a;
  }

  /** Paths with the name of a side git moved aside ({@code d~<name>}) blanked, as names differ. */
  private static Set<String> aside(List<String> paths) {
    Set<String> out = new TreeSet<>();
    paths.forEach(p -> out.add(p.replaceAll("~[^/]+$", "~")));
    return out;
  }

  /** All pairs through one {@code git merge-tree --stdin}, written by one thread, read by this one. */
  private static List<MergeResult> stdinAll(Repository r, List<String[]> pairs) throws Exception {
    List<String> command = new ArrayList<>(List.of("git", "--git-dir", r.getDirectory().getAbsolutePath()));
    command.addAll(GitMergeTree.ARGUMENTS);
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
      try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(p.getOutputStream(), StandardCharsets.US_ASCII))) {
        for (String[] pair : pairs) {
          w.write(pair[0] + " " + pair[1] + "\n");
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    List<MergeResult> out = new ArrayList<>(pairs.size());
    try (InputStream in = new BufferedInputStream(p.getInputStream(), 1 << 16)) {
      for (int i = 0; i < pairs.size(); i++) {
        out.add(GitMergeTree.read(in));
      }
    }
    writer.join();
    p.waitFor(60, TimeUnit.SECONDS);
    return out;
  }

  private static void run(Repository r, List<String> args) throws Exception {
    List<String> command = new ArrayList<>(List.of("git", "--git-dir", r.getDirectory().getAbsolutePath()));
    command.addAll(args);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    p.waitFor(60, TimeUnit.SECONDS);
  }

  /**
   * A repository shaped like real work: a main line of 300 commits over 400 files in 20
   * folders, and branches that each change a few files of their own area, some of them also
   * touching a handful of shared files (as roughly one pair in ten does on real projects).
   */
  static void generate(Path dir, int branches, Random random) throws Exception {
    try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
      Repository r = git.getRepository();
      PersonIdent who = new PersonIdent("Bench", "bench@example.org", Instant.parse("2025-11-12T09:00:00Z"), ZoneOffset.UTC);
      try (HistoryBuilder history = new HistoryBuilder(r, () -> who, "bench")) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int f = 0; f < 400; f++) {
          files.put(path(f), lines(f, 40, "base"));
        }
        ObjectId tip = history.commit().add(files).message("base\n").create();
        for (int c = 0; c < 300; c++) {
          int f = random.nextInt(400);
          tip = history.commit().parent(tip).add(path(f), lines(f, 40, "main" + c)).message("main " + c + "\n").create();
        }
        history.branch("main").create(tip);
        for (int b = 0; b < branches; b++) {
          Map<String, byte[]> change = new LinkedHashMap<>();
          int area = random.nextInt(20);
          for (int k = 0; k < 3 + random.nextInt(4); k++) {
            int f = area * 20 + random.nextInt(20);
            change.put(path(f), edit(f, random.nextInt(40), "b" + b));
          }
          if (random.nextInt(100) < 50) {
            int f = random.nextInt(4); // the hot shared files
            change.put(path(f), edit(f, random.nextInt(40), "b" + b));
          }
          history.branch("topic/b" + b).create(history.commit().parent(tip).add(change).message("topic " + b + "\n").create());
        }
      }
      git.gc().call();
    }
  }

  private static String path(int f) {
    return "src/area" + (f / 20) + "/file" + f + ".txt";
  }

  private static byte[] lines(int f, int n, String tag) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append("file ").append(f).append(" line ").append(i).append(i == f % n ? " " + tag : "").append('\n');
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] edit(int f, int line, String tag) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      b.append("file ").append(f).append(" line ").append(i).append(i == line ? " " + tag : "").append('\n');
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }
}
