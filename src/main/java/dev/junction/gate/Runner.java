package dev.junction.gate;

import dev.junction.git.Trees;
import dev.junction.plan.Gate;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.util.FileUtils;

/**
 * Runs a gate's command on a commit: copies the commit's tree into a temporary folder (a tree
 * that cannot be copied safely is a problem of the run, naming the path), removes from it every
 * file at the gate's report paths (so only reports this run writes are read), starts the
 * command there in a process group of its own with its output streamed to a log file, kills the
 * whole group at the timeout, hands the folder to a reader of reports, and removes the folder
 * whatever happened. While the command runs it is recorded ({@link GateProcesses}), so that a
 * Junction killed meanwhile leaves its gate to {@code doctor} and {@code resume}; what the command
 * leaves running in its group when it exits is ended with it.
 */
public final class Runner {
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);
  /** How long a process the command left behind has between SIGTERM and SIGKILL once the command ended. */
  private static final Duration LEFTOVER_GRACE = Duration.ofSeconds(2);
  /** Scratch copies are named {@code junction-gate-<pid>-<random>} in the temporary folder. */
  public static final String COPY_PREFIX = "junction-gate-";

  private Runner() {}

  /**
   * How the command ended.
   *
   * @param exitCode the command's exit code; -1 when it timed out or could not start
   * @param carried the report files the commit's tree held, removed before the command ran
   */
  record Run(int exitCode, boolean timedOut, Duration took, Path log, String problem, List<String> carried) {
    Run {
      carried = List.copyOf(carried);
    }

    Run(int exitCode, boolean timedOut, Duration took, Path log, String problem) {
      this(exitCode, timedOut, took, log, problem, List.of());
    }

    Run carrying(List<String> files) {
      return new Run(exitCode, timedOut, took, log, problem, files);
    }

    boolean started() {
      return problem.isEmpty();
    }
  }

  /** Reads what the command left in the copy of the tree, before it is removed. */
  @FunctionalInterface
  interface Reader<T> {
    T read(Run run, Path tree) throws IOException;
  }

  static <T> T run(Repository repo, ObjectId commit, Gate gate, Path log, Consumer<String> progress, Reader<T> reader)
      throws IOException {
    // The pid in the name lets resume and doctor tell a copy a crashed process left behind.
    Path tree = Files.createTempDirectory(COPY_PREFIX + ProcessHandle.current().pid() + "-");
    try {
      try {
        Trees.extract(repo, commit, tree);
      } catch (Trees.Unextractable e) {
        Files.createDirectories(log.toAbsolutePath().getParent());
        Files.writeString(log, "cannot copy the commit's tree: " + e.getMessage() + "\n");
        return reader.read(new Run(-1, false, Duration.ZERO, log, "cannot copy the commit's tree: " + e.getMessage()), tree);
      }
      // A report counts only if this run wrote it: whatever the commit holds at a report's path goes first.
      List<String> carried = Judge.clear(tree, gate.reports());
      return reader.read(execute(tree, commit, gate, log, GateProcesses.folder(repo.getDirectory().toPath()), progress)
          .carrying(carried), tree);
    } finally {
      FileUtils.delete(tree.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY | FileUtils.SKIP_MISSING);
    }
  }

  /** Runs the command in {@code tree}, recording it in {@code records} ({@link GateProcesses}) while it runs. */
  static Run execute(Path tree, ObjectId commit, Gate gate, Path log, Path records, Consumer<String> progress)
      throws IOException {
    Files.createDirectories(log.toAbsolutePath().getParent());
    Path workdir = tree.resolve(gate.workdir()).normalize();
    if (!Files.isDirectory(workdir)) {
      Files.writeString(log, "no folder " + gate.workdir() + " in the tree\n");
      return new Run(-1, false, Duration.ZERO, log, "no folder '" + gate.workdir() + "' in the commit's tree");
    }
    List<String> command = new ArrayList<>();
    if (Setsid.AVAILABLE) {
      command.addAll(List.of("setsid", "--wait"));
    }
    command.addAll(gate.command());
    ProcessBuilder pb = new ProcessBuilder(command).directory(workdir.toFile())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().putAll(gate.env());
    pb.environment().put("JUNCTION_GATE", gate.name());
    pb.environment().put("JUNCTION_COMMIT", commit.name());
    long start = System.nanoTime();
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      return new Run(-1, false, Duration.ZERO, log, "cannot start " + gate.command().get(0) + ": " + e.getMessage());
    }
    // Recorded before waiting: a Junction killed from here on leaves the record for resume and doctor.
    GateProcesses.Started started;
    try {
      started = GateProcesses.record(records, process, Setsid.AVAILABLE, gate.name(), commit.name(), gate.command());
    } catch (IOException e) {
      killTree(process, Optional.empty());
      return new Run(-1, false, Duration.ZERO, log, "cannot record the gate's process in " + records + ": " + e.getMessage());
    }
    long deadline = start + gate.timeout().toNanos();
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          killTree(process, Optional.of(started));
          return new Run(-1, true, Duration.ofNanos(System.nanoTime() - start), log, "");
        }
        if (process.waitFor(Math.min(left, PROGRESS_EVERY.toNanos()), TimeUnit.NANOSECONDS)) {
          // What the command left running in its group ends with it: its copy of the tree is about to go.
          GateProcesses.end(started, LEFTOVER_GRACE);
          return new Run(process.exitValue(), false, Duration.ofNanos(System.nanoTime() - start), log, "");
        }
        progress.accept(gate.name() + ": running for " + Duration.ofNanos(System.nanoTime() - start).toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      killTree(process, Optional.of(started));
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while gate " + gate.name() + " ran", e);
    } finally {
      Files.deleteIfExists(GateProcesses.fileOf(records, process.pid()));
    }
  }

  /**
   * Kills the command with everything it started: its process group (it leads one, through
   * setsid), then any descendant that left the group, then the command itself, then whatever of
   * its recorded group still runs ({@link GateProcesses#end}).
   */
  static void killTree(Process process, Optional<GateProcesses.Started> started) {
    long pid = process.pid();
    List<ProcessHandle> descendants = process.descendants().toList();
    if (Setsid.AVAILABLE) {
      try {
        new ProcessBuilder("kill", "-KILL", "--", "-" + pid).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
      } catch (IOException e) {
        // the descendants below are killed one by one instead
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    descendants.forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (GateProcesses.Started s : started.stream().toList()) {
      try {
        GateProcesses.end(s, Duration.ZERO);
      } catch (IOException e) {
        // /proc could not be listed: the group kill above is what was done
      }
    }
  }

  /** Whether util-linux's {@code setsid} is there to give each gate a process group. */
  private static final class Setsid {
    static final boolean AVAILABLE = onPath("setsid");

    private static boolean onPath(String name) {
      String path = System.getenv("PATH");
      if (path == null) {
        return false;
      }
      for (String dir : path.split(File.pathSeparator)) {
        if (new File(dir, name).canExecute()) {
          return true;
        }
      }
      return false;
    }
  }
}
