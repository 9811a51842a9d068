package dev.junction.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.plan.Gate;
import dev.junction.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunnerTest {
  @TempDir Path dir;
  @TempDir Path logs;

  static Gate gate(String script, Duration timeout) {
    return new Gate("g", List.of("sh", "-c", script), ".", timeout, Map.of("GREETING", "hello"), Set.of(), false,
        List.of(), new Gate.Thresholds(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Map.of(), Set.of()), Optional.empty());
  }

  @Test
  void runsInACopyOfTheTreeWithItsEnvironmentAndLogsTheOutput() throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      ObjectId c = repo.commit("main", "base\n", "data.txt", "42\n");
      Path log = logs.resolve("g.log");
      Runner.Run run = Runner.run(repo.repo(), c, gate("cat data.txt; echo $GREETING $JUNCTION_GATE; exit 3",
          Duration.ofMinutes(1)), log, m -> { }, (r, tree) -> r);
      assertThat(run.exitCode()).isEqualTo(3);
      assertThat(run.timedOut()).isFalse();
      assertThat(Files.readString(log)).contains("42", "hello g");
    }
  }

  @Test
  void timeoutKillsTheCommandAndEveryChild() throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      ObjectId c = repo.commit("main", "base\n", "x", "x\n");
      AtomicReference<Long> child = new AtomicReference<>();
      Runner.Run run = Runner.run(repo.repo(), c,
          gate("(sleep 300 & echo $! > child.pid; wait) & sleep 300", Duration.ofSeconds(2)),
          logs.resolve("g.log"), m -> { }, (r, tree) -> {
            child.set(Long.parseLong(Files.readString(tree.resolve("child.pid")).strip()));
            return r;
          });
      assertThat(run.timedOut()).isTrue();
      assertThat(run.exitCode()).isEqualTo(-1);
      // A killed orphan is reaped by init a moment later; until then it may still show.
      Optional<ProcessHandle> orphan = ProcessHandle.of(child.get());
      orphan.ifPresent(h -> h.onExit().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join());
      assertThat(ProcessHandle.of(child.get()).map(ProcessHandle::isAlive).orElse(false)).as("grandchild killed").isFalse();
    }
  }

  @Test
  void theGateIsRecordedWhileItRunsAndTheRecordGoesWhenItEnds() throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      ObjectId c = repo.commit("main", "base\n", "x", "x\n");
      Path records = GateProcesses.folder(repo.repo().getDirectory().toPath());
      AtomicReference<GateProcesses.Started> seen = new AtomicReference<>();
      AtomicReference<Long> shell = new AtomicReference<>();
      Gate g = gate("echo $$ > me; cp " + records + "/$$.json $$.json", Duration.ofMinutes(1));
      Runner.Run run = Runner.run(repo.repo(), c, g, logs.resolve("g.log"), m -> { }, (r, tree) -> {
        shell.set(Long.parseLong(Files.readString(tree.resolve("me")).strip()));
        seen.set(GateProcesses.read(tree.resolve(shell.get() + ".json")));
        return r;
      });
      assertThat(run.exitCode()).as(Files.readString(logs.resolve("g.log"))).isZero();
      GateProcesses.Started s = seen.get();
      assertThat(s.pid()).as("the command itself").isEqualTo(shell.get());
      assertThat(s.group()).as("it leads its own group").isEqualTo(s.pid());
      assertThat(s.start()).isPositive();
      assertThat(s.gate()).isEqualTo("g");
      assertThat(s.commit()).isEqualTo(c.name());
      assertThat(s.owner()).isEqualTo(ProcessHandle.current().pid());
      assertThat(s.command()).isEqualTo(g.command());
      assertThat(records).as("the record goes when the gate ends").isEmptyDirectory();
    }
  }

  @Test
  void whatTheCommandLeftRunningEndsWithIt() throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      ObjectId c = repo.commit("main", "base\n", "x", "x\n");
      AtomicReference<Long> child = new AtomicReference<>();
      Runner.Run run = Runner.run(repo.repo(), c, gate("sleep 300 & echo $! > child.pid", Duration.ofMinutes(1)),
          logs.resolve("g.log"), m -> { }, (r, tree) -> {
            child.set(Long.parseLong(Files.readString(tree.resolve("child.pid")).strip()));
            return r;
          });
      assertThat(run.exitCode()).isZero();
      assertThat(run.timedOut()).isFalse();
      // Killed: gone, or a zombie init has not reaped yet.
      assertThat(GateProcesses.stat(child.get()).filter(st -> !st.zombie())).as("the background sleep").isEmpty();
    }
  }

  @Test
  void aGateThatDeletesEverythingCannotTouchTheRepository() throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      ObjectId c = repo.commit("main", "base\n", "keep.txt", "keep\n", "sub/more.txt", "more\n");
      repo.git("checkout", "-q", "main");
      AtomicReference<Path> copy = new AtomicReference<>();
      Runner.Run run = Runner.run(repo.repo(), c, gate("rm -rf ./* ./.git; git status", Duration.ofMinutes(1)),
          logs.resolve("g.log"), m -> { }, (r, tree) -> {
            copy.set(tree);
            return r;
          });
      assertThat(run.exitCode()).as("git finds no repository in the copy").isNotZero();
      assertThat(dir.resolve("keep.txt")).exists();
      assertThat(repo.git("fsck", "--no-progress")).doesNotContain("error");
      assertThat(repo.repo().resolve("main")).isEqualTo(c);
      assertThat(copy.get()).doesNotExist();
    }
  }

  @Test
  void theCopyKeepsExecutableBitsAndSymlinks() throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      Files.writeString(dir.resolve("run.sh"), "#!/bin/sh\necho ran\n");
      dir.resolve("run.sh").toFile().setExecutable(true);
      Files.createSymbolicLink(dir.resolve("link"), Path.of("run.sh"));
      repo.git("add", "run.sh", "link");
      repo.git("commit", "-qm", "script");
      ObjectId c = repo.repo().resolve("HEAD");
      Path log = logs.resolve("g.log");
      Runner.Run run = Runner.run(repo.repo(), c, gate("./link", Duration.ofMinutes(1)), log, m -> { }, (r, tree) -> r);
      assertThat(run.exitCode()).isZero();
      assertThat(Files.readString(log)).contains("ran");
    }
  }

  @Test
  void aMissingWorkdirIsAProblemNotACrash() throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      ObjectId c = repo.commit("main", "base\n", "x", "x\n");
      Gate g = gate("true", Duration.ofMinutes(1));
      Gate elsewhere = new Gate(g.name(), g.command(), "nope", g.timeout(), g.env(), g.stages(), false,
          g.reports(), g.thresholds(), g.lint());
      Runner.Run run = Runner.run(repo.repo(), c, elsewhere, logs.resolve("g.log"), m -> { }, (r, tree) -> r);
      assertThat(run.started()).isFalse();
      assertThat(run.problem()).contains("no folder 'nope'");
    }
  }

  @Test
  void theCopyIsRemovedWhenReadingFails() throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      ObjectId c = repo.commit("main", "base\n", "x", "x\n");
      AtomicReference<Path> copy = new AtomicReference<>();
      try {
        Runner.run(repo.repo(), c, gate("true", Duration.ofMinutes(1)), logs.resolve("g.log"), m -> { }, (r, tree) -> {
          copy.set(tree);
          throw new java.io.IOException("reader failed");
        });
      } catch (java.io.IOException expected) {
        assertThat(expected).hasMessage("reader failed");
      }
      assertThat(copy.get()).doesNotExist();
    }
  }
}
