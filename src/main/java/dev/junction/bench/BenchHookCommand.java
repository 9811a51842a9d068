package dev.junction.bench;

import dev.junction.app.JsonContract;
import dev.junction.git.SystemConfig;
import dev.junction.plan.Disposition;
import dev.junction.plan.Plan;
import dev.junction.plan.PlanLoad;
import dev.junction.plan.PlanLoader;
import dev.junction.plan.Session;
import dev.junction.protect.Install;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.FileUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code junction bench hook}: what the push guard costs a typical push. A hub is generated with
 * the shipped example's plan, its session branches and some history, the guard is installed with
 * the running JVM and class path, and a session member pushes one new commit, fast-forward, to
 * their session branch with the real {@code git push} over {@code file://}: with the guard, and with
 * an {@code exit 0} pre-receive hook as the reference, in turns so that both see the same load.
 * Then the installed hook runs alone, as git starts it (in the hub, {@code GIT_DIR=.}, the update
 * line on stdin), from its start to its exit: with everything, without the class-data-sharing
 * archive, and without the plan memo.
 */
@Command(
    name = "hook",
    mixinStandardHelpOptions = true,
    description = {
      "Times what the push guard adds to a real git push, and the hook alone from start to exit.",
      "Generates a hub with the shipped example's plan, session branches and history (git "
          + "fast-import), installs the push guard, and times a session member's one-commit fast-forward "
          + "push with the real git push over file://, with the guard and with an exit-0 hook; then the "
          + "hook alone, from start to exit, with and without its class-data archive and plan memo. "
          + "Prints figures (min, median, max)."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  junction bench hook",
      "  junction bench hook --pushes 40 --files 10000 --commits 20000 --json"
    })
final class BenchHookCommand implements Callable<Integer> {
  private final BenchCommand.Exits exits;

  /** The shipped example's plan, as the jar holds it (the demo builds its repository from the same file). */
  static final String EXAMPLE = "examples/infrafabric-phase0/junction.yaml";

  private static final Pattern TIMES = Pattern.compile("(\\d+)m([\\d.]+)s\\s+(\\d+)m([\\d.]+)s");

  @Spec CommandSpec spec;

  BenchHookCommand(BenchCommand.Exits exits) {
    this.exits = exits;
  }

  @Option(names = "--pushes", defaultValue = "20", description = "Timed pushes and hook runs of each kind (default: ${DEFAULT-VALUE}).")
  int pushes;

  @Option(names = "--files", defaultValue = "2000", description = "Files in the tree (default: ${DEFAULT-VALUE}).")
  int files;

  @Option(names = "--commits", defaultValue = "3000", description = "Commits of history (default: ${DEFAULT-VALUE}).")
  int commits;

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  /** One timed run: wall clock, and the processor time of the process tree when it was measured. */
  record Sample(double millis, double cpuMillis) {}

  /** Minimum, median and maximum of samples, in milliseconds; {@code cpuMedian} is -1 when not measured. */
  record Figures(double min, double median, double max, double cpuMedian) {
    static Figures of(List<Sample> samples) {
      double[] wall = samples.stream().mapToDouble(Sample::millis).sorted().toArray();
      double[] cpu = samples.stream().mapToDouble(Sample::cpuMillis).sorted().toArray();
      return new Figures(round(wall[0]), round(wall[wall.length / 2]), round(wall[wall.length - 1]),
          round(cpu[cpu.length / 2]));
    }
  }

  @Override
  public Integer call() throws Exception {
    SystemConfig.locate();
    if (pushes < 1 || files < 1 || commits < 1) {
      throw BenchCommand.invalid("--pushes", "pushes, files and commits must be positive");
    }
    byte[] planBytes = example();
    Plan plan = ((PlanLoad.Loaded) PlanLoader.load(EXAMPLE, planBytes)).plan();
    Session session = plan.sessions().stream().filter(s -> s.branch().isPresent() && !s.members().isEmpty()).findFirst()
        .orElseThrow(() -> new IllegalStateException("the example plan has no session with a branch and a member"));
    String branch = session.branch().get();
    String member = session.members().get(0).email();
    double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    Path dir = Files.createTempDirectory("junction-bench-hook-");
    try {
      Path hub = dir.resolve("hub.git");
      progress("generating " + files + " files, " + commits + " commits and the session branches in " + hub);
      generate(hub, planBytes, plan);
      progress("installing the push guard (with its class-data-sharing training run)");
      Install.Installed installed;
      try (Repository repo = new FileRepositoryBuilder().setGitDir(hub.toFile()).setMustExist(true).build()) {
        Install.Outcome o = Install.install(repo, ProcessHandle.current().info().command().orElse("java"),
            System.getProperty("java.class.path"), Optional.empty());
        if (!(o instanceof Install.Installed done)) {
          throw new IllegalStateException("the guard did not install: " + o);
        }
        installed = done;
      }
      Path hook = hub.resolve("hooks/pre-receive");
      String guard = Files.readString(hook, StandardCharsets.UTF_8);
      String reference = "#!/bin/sh\nexit 0\n";
      Path work = dir.resolve("work");
      git(dir, Map.of(), "clone", "-q", "file://" + hub.toAbsolutePath(), work.toString());
      git(work, Map.of(), "checkout", "-q", branch);
      Map<String, String> as = Map.of("REMOTE_USER", member);

      List<Sample> withGuard = new ArrayList<>();
      List<Sample> withReference = new ArrayList<>();
      for (int i = -1; i < pushes; i++) { // round -1 warms the caches up and is not counted
        progress("push " + (i + 2) + " of " + (pushes + 1) + " with the guard and with the exit-0 hook");
        writeHook(hook, guard);
        commit(work, "feat(bench): Guarded change " + i + " [P0.1.1]");
        Sample guarded = timed(work, as, "git", "push", "-q", "origin", branch);
        writeHook(hook, reference);
        commit(work, "feat(bench): Reference change " + i + " [P0.1.1]");
        Sample plain = timed(work, as, "git", "push", "-q", "origin", branch);
        if (i >= 0) {
          withGuard.add(guarded);
          withReference.add(plain);
        }
      }
      writeHook(hook, guard);

      // The hook alone, on an update whose commit the hub holds but no ref reaches, as in a real
      // pre-receive (git quarantines the pushed objects until the hook accepts them).
      Path noArchive = dir.resolve("pre-receive-without-archive");
      writeHook(noArchive, guard.replaceAll(" -XX:SharedArchiveFile='[^']*'", ""));
      Path memo = hub.resolve("junction/hook-plans");
      List<Sample> alone = new ArrayList<>();
      List<Sample> aloneNoArchive = new ArrayList<>();
      List<Sample> aloneNoMemo = new ArrayList<>();
      List<Sample> jvm = new ArrayList<>();
      String java = ProcessHandle.current().info().command().orElse("java");
      List<String> floor = new ArrayList<>(List.of(java));
      floor.addAll(Install.JVM_FLAGS);
      if (installed.archive()) {
        floor.add("-XX:SharedArchiveFile=" + hub.toAbsolutePath().resolve("junction/hook.jsa"));
      }
      floor.add("-version");
      String line = update(hub, work, branch, -1);
      for (int i = -1; i < pushes; i++) {
        progress("hook run " + (i + 2) + " of " + (pushes + 1) + ": as installed, without the archive, without the memo");
        Sample a = alone(hub, hook, line, as);
        Sample b = alone(hub, noArchive, line, as);
        FileUtils.delete(memo.toFile(), FileUtils.RECURSIVE | FileUtils.SKIP_MISSING);
        Sample c = alone(hub, hook, line, as);
        Sample d = timedCpu(hub, as, Path.of("/dev/null"), floor);
        if (i >= 0) {
          alone.add(a);
          aloneNoArchive.add(b);
          aloneNoMemo.add(c);
          jvm.add(d);
        }
      }
      double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();

      Figures a = Figures.of(withGuard);
      Figures b = Figures.of(withReference);
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("files", files);
      result.put("commits", commits);
      result.put("pushes", pushes);
      result.put("branch", branch);
      result.put("pusher", member);
      result.put("archive", installed.archive());
      result.put("pushWithGuard", a);
      result.put("pushWithExitZeroHook", b);
      result.put("guardAddsMillis", round(a.median() - b.median()));
      result.put("hookAlone", Figures.of(alone));
      result.put("hookAloneWithoutArchive", Figures.of(aloneNoArchive));
      result.put("hookAloneWithoutMemo", Figures.of(aloneNoMemo));
      result.put("jvmStart", Figures.of(jvm));
      result.put("processors", Runtime.getRuntime().availableProcessors());
      result.put("loadAverage", List.of(round(loadBefore), round(loadAfter)));
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(JsonContract.write(result));
      } else {
        out.printf("hub: %d files, %d commits, %d session branches; plan: %s%n", files, commits,
            plan.sessions().stream().filter(s -> s.branch().isPresent()).count(), EXAMPLE);
        out.printf("push: one new commit, fast-forward, to %s as %s; class-data archive: %s%n", branch, member,
            installed.archive() ? "recorded" : "NOT recorded");
        out.printf("%d runs each, milliseconds                 min   median      max   cpu median%n", pushes);
        row(out, "(a) git push, Junction guard", a);
        row(out, "(b) git push, exit-0 hook", b);
        out.printf("    (a) - (b): what the guard adds      %8.1f%n", a.median() - b.median());
        row(out, "(c) the hook alone, start to exit", Figures.of(alone));
        row(out, "    without the class-data archive", Figures.of(aloneNoArchive));
        row(out, "    without the plan memo", Figures.of(aloneNoMemo));
        row(out, "    JVM start alone (java -version)", Figures.of(jvm));
        out.printf("%d processors; load average %.1f before, %.1f after%n", Runtime.getRuntime().availableProcessors(),
            loadBefore, loadAfter);
      }
      return exits.of(Disposition.DONE);
    } finally {
      FileUtils.delete(dir.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY);
    }
  }

  private static byte[] example() throws IOException {
    try (java.io.InputStream in = BenchHookCommand.class.getClassLoader().getResourceAsStream(EXAMPLE)) {
      if (in == null) {
        throw new IOException(EXAMPLE + " is missing from the jar");
      }
      return in.readAllBytes();
    }
  }

  private static void row(PrintWriter out, String label, Figures f) {
    out.printf("%-36s %8.1f %8.1f %8.1f %s%n", label, f.min(), f.median(), f.max(),
        f.cpuMedian() < 0 ? "" : String.format("%12.1f", f.cpuMedian()));
  }

  private void progress(String m) {
    if (!json) {
      spec.commandLine().getErr().println("bench: " + m);
      spec.commandLine().getErr().flush();
    }
  }

  /**
   * The update line of a one-commit push: a new commit on the hub's tip of {@code branch}, fetched
   * into the hub without any ref reaching it.
   */
  private static String update(Path hub, Path work, String branch, int round) throws IOException, InterruptedException {
    git(work, Map.of(), "fetch", "-q", "origin");
    git(work, Map.of(), "reset", "-q", "--hard", "origin/" + branch);
    String old = git(work, Map.of(), "rev-parse", "HEAD").strip();
    commit(work, "feat(bench): Hook change " + round + " [P0.1.1]");
    String neu = git(work, Map.of(), "rev-parse", "HEAD").strip();
    git(hub, Map.of(), "fetch", "-q", "file://" + work.toAbsolutePath(), "HEAD");
    return old + " " + neu + " refs/heads/" + branch + "\n";
  }

  /** The hook started as git starts it, in the hub with {@code GIT_DIR=.}; a refusal is an error. */
  private static Sample alone(Path hub, Path hook, String line, Map<String, String> as)
      throws IOException, InterruptedException {
    Path input = Files.createTempFile("junction-bench-hook-", ".in");
    try {
      Files.writeString(input, line, StandardCharsets.UTF_8);
      Map<String, String> env = new LinkedHashMap<>(as);
      env.put("GIT_DIR", ".");
      return timedCpu(hub, env, input, List.of(hook.toAbsolutePath().toString()));
    } finally {
      Files.deleteIfExists(input);
    }
  }

  /**
   * Runs a command under {@code sh}, whose {@code times} reports the processor time of what it
   * ran; the wall clock is taken around the whole.
   */
  private static Sample timedCpu(Path dir, Map<String, String> env, Path input, List<String> command)
      throws IOException, InterruptedException {
    List<String> wrapped = new ArrayList<>(List.of("sh", "-c", "\"$@\" >/dev/null 2>&1; s=$?; times; exit $s", "sh"));
    wrapped.addAll(command);
    ProcessBuilder pb = new ProcessBuilder(wrapped).directory(dir.toFile()).redirectInput(input.toFile());
    pb.environment().remove("GL_USER");
    pb.environment().remove("REMOTE_USER");
    pb.environment().putAll(env);
    long t0 = System.nanoTime();
    Process p = pb.start();
    String times = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", command) + " did not end in 300 s");
    }
    double millis = (System.nanoTime() - t0) / 1e6;
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " exited with " + p.exitValue() + ": the guard refused the"
          + " bench's push");
    }
    double cpu = -1;
    for (Matcher m = TIMES.matcher(times); m.find(); ) { // the last line: the children's user and system time
      cpu = (Long.parseLong(m.group(1)) * 60 + Double.parseDouble(m.group(2)) + Long.parseLong(m.group(3)) * 60
          + Double.parseDouble(m.group(4))) * 1000;
    }
    return new Sample(millis, cpu);
  }

  /** A git command timed from its start to its exit; a failure (a refused push) is an error. */
  private static Sample timed(Path dir, Map<String, String> env, String... command) throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    String out = run(dir, env, List.of(command));
    double millis = (System.nanoTime() - t0) / 1e6;
    if (out.contains("REFUSED")) {
      throw new IOException("the guard refused the bench's push: " + out.strip());
    }
    return new Sample(millis, -1);
  }

  private static void writeHook(Path hook, String script) throws IOException {
    Files.writeString(hook, script, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static void commit(Path work, String subject) throws IOException, InterruptedException {
    Files.writeString(work.resolve("bench.txt"), subject + "\n", StandardCharsets.UTF_8);
    git(work, Map.of(), "add", "bench.txt");
    git(work, Map.of(), "commit", "-q", "-m", subject);
  }

  /** A bare hub written by one git fast-import stream: history on main, coordination at its tip, session branches. */
  private void generate(Path hub, byte[] planBytes, Plan plan) throws IOException, InterruptedException {
    git(hub.getParent(), Map.of(), "init", "-q", "--bare", "-b", plan.branches().main(), hub.toString());
    Process p = new ProcessBuilder("git", "--git-dir", hub.toString(), "fast-import", "--quiet")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    Random random = new Random(7);
    String main = "refs/heads/" + plan.branches().main();
    long time = 1_700_000_000L;
    try (OutputStream raw = new BufferedOutputStream(p.getOutputStream(), 1 << 20)) {
      w(raw, "commit " + main + "\nmark :1\ncommitter Bench <bench@example.org> " + time + " +0000\n");
      data(raw, "chore(plan): Start the plan\n");
      w(raw, "M 100644 inline " + Plan.FILE_NAME + "\n");
      data(raw, planBytes);
      for (int f = 0; f < files; f++) {
        inline(raw, path(f), "file " + f + "\n");
      }
      for (int c = 2; c <= commits; c++) {
        w(raw, "commit " + main + "\nmark :" + c + "\ncommitter Bench <bench@example.org> " + (time + c) + " +0000\n");
        data(raw, "chore(history): Change " + c + "\n");
        w(raw, "from :" + (c - 1) + "\n");
        int f = random.nextInt(files);
        inline(raw, path(f), "file " + f + " changed by " + c + "\n");
      }
      w(raw, "reset refs/heads/" + plan.branches().coordination() + "\nfrom :" + commits + "\n\n");
      long at = time + commits;
      for (Session s : plan.sessions()) {
        if (s.branch().isEmpty()) {
          continue;
        }
        w(raw, "reset refs/heads/" + s.branch().get() + "\nfrom :" + commits + "\n\n");
        for (int c = 1; c <= 3; c++) {
          w(raw, "commit refs/heads/" + s.branch().get() + "\ncommitter Bench <bench@example.org> " + ++at + " +0000\n");
          data(raw, "feat(" + s.id() + "): Session work " + c + " [P0.1.1]\n");
          inline(raw, "sessions/" + s.id() + "/work.txt", "work " + c + "\n");
        }
      }
      w(raw, "\n");
    }
    if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("git fast-import failed");
    }
  }

  private static String path(int f) {
    return "src/d" + (f % 50) + "/f" + f + ".txt";
  }

  private static void w(OutputStream out, String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.UTF_8));
  }

  private static void data(OutputStream out, String s) throws IOException {
    data(out, s.getBytes(StandardCharsets.UTF_8));
  }

  private static void data(OutputStream out, byte[] b) throws IOException {
    w(out, "data " + b.length + "\n");
    out.write(b);
    w(out, "\n");
  }

  private static void inline(OutputStream out, String path, String content) throws IOException {
    w(out, "M 100644 inline " + path + "\n");
    data(out, content);
  }

  private static String git(Path dir, Map<String, String> env, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=Bench", "-c", "user.email=bench@example.org",
        "-c", "commit.gpgsign=false"));
    command.addAll(Arrays.asList(args));
    return run(dir, env, command);
  }

  private static String run(Path dir, Map<String, String> env, List<String> command) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().remove("GL_USER");
    pb.environment().remove("REMOTE_USER");
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + out.strip());
    }
    return out;
  }

  private static double round(double millis) {
    return Math.round(millis * 10) / 10.0;
  }
}
