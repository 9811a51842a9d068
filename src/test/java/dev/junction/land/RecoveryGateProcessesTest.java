package dev.junction.land;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.junction.gate.GateProcesses;
import dev.junction.plan.Disposition;
import dev.junction.store.EventStore;
import dev.junction.testing.TestRepo;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Doctor and resume on records of gate processes ({@link GateProcesses}) a dead Junction process
 * left: a gate still running is listed, then ended; a record whose pid is someone else's now, one
 * of a gate that ended, and a malformed one are listed and removed, and nothing is killed for them.
 * {@link CrashTest#killedDuringTheGatesIsUndone} does it for a real lander killed during its gate.
 */
class RecoveryGateProcessesTest {
  @TempDir Path dir;
  final Clock clock = Clock.fixed(Instant.parse("2026-12-03T08:00:00Z"), ZoneOffset.UTC);
  final PersonIdent who = new PersonIdent("Ops", "ops@example.org");
  final List<Process> started = new ArrayList<>();

  @AfterEach
  void endWhatWasStarted() {
    started.forEach(Process::destroyForcibly);
  }

  Process groupLeader() throws Exception {
    assumeTrue(new File("/proc/self/stat").exists() && new File("/usr/bin/setsid").canExecute(),
        "needs /proc and util-linux setsid");
    Process p = new ProcessBuilder("setsid", "sleep", "60").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    started.add(p);
    for (int i = 0; i < 500 && group(p.pid()) != p.pid(); i++) {
      Thread.sleep(10);
    }
    assertThat(group(p.pid())).isEqualTo(p.pid());
    return p;
  }

  static String[] stat(long pid) throws Exception {
    String line = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    return line.substring(line.lastIndexOf(')') + 2).split(" ");
  }

  static long group(long pid) throws Exception {
    return Long.parseLong(stat(pid)[2]);
  }

  static long start(long pid) throws Exception {
    return Long.parseLong(stat(pid)[19]);
  }

  long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    return p.pid();
  }

  Path write(TestRepo repo, long pid, String json) throws Exception {
    Path folder = GateProcesses.folder(repo.repo().getDirectory().toPath());
    Files.createDirectories(folder);
    Path file = folder.resolve(pid + ".json");
    Files.writeString(file, json);
    return file;
  }

  static String record(long pid, long start, long owner) {
    return """
        {"pid": %d, "group": %d, "start": %d, "since": "2026-12-03T07:59:00Z", "gate": "stage",
         "commit": "4eca768e37d839e308a3773f40dae038b15d9438", "owner": %d, "ownerStart": 1,
         "command": ["sh", "-c", "sleep 60"]}
        """.formatted(pid, pid, start, owner);
  }

  @Test
  void aGateLeftRunningIsListedByDoctorAndEndedByResume() throws Exception {
    Process gate = groupLeader();
    try (TestRepo repo = TestRepo.init(dir); EventStore store = EventStore.sqlite(dir.resolve("events.db"))) {
      Path file = write(repo, gate.pid(), record(gate.pid(), start(gate.pid()), deadPid()));

      Recovery.Found found = Recovery.doctor(repo.repo(), store, clock);

      assertThat(found.processes()).singleElement().satisfies(p -> {
        assertThat(p.state()).isEqualTo("running");
        assertThat(p.pid()).isEqualTo(gate.pid());
        assertThat(p.gate()).isEqualTo("stage");
        assertThat(p.landing()).as("no landing of this store was started by that process").isEmpty();
        assertThat(p.since()).isEqualTo("2026-12-03T07:59:00Z");
        assertThat(p.running()).containsExactly(gate.pid());
      });
      assertThat(found.disposition()).isEqualTo(Disposition.NO);
      assertThat(gate.isAlive()).as("doctor changes nothing").isTrue();

      Recovery.Resumed resumed = Recovery.resume(repo.repo(), store, who, clock, m -> { });

      assertThat(resumed.processes()).singleElement().satisfies(p -> {
        assertThat(p.state()).isEqualTo("ended");
        assertThat(p.running()).isEmpty();
      });
      assertThat(gate.waitFor(10, TimeUnit.SECONDS)).as("SIGTERM ended it").isTrue();
      assertThat(file).doesNotExist();
      assertThat(Recovery.doctor(repo.repo(), store, clock).clean()).isTrue();
    }
  }

  @Test
  void aRecordWhosePidIsSomeoneElsesNowIsRemovedAndItsProcessLeftRunning() throws Exception {
    Process other = groupLeader();
    try (TestRepo repo = TestRepo.init(dir); EventStore store = EventStore.sqlite(dir.resolve("events.db"))) {
      Path file = write(repo, other.pid(), record(other.pid(), start(other.pid()) - 1, deadPid()));

      assertThat(Recovery.doctor(repo.repo(), store, clock).processes()).singleElement()
          .satisfies(p -> assertThat(p.state()).isEqualTo("gone"));
      Recovery.Resumed resumed = Recovery.resume(repo.repo(), store, who, clock, m -> { });

      assertThat(resumed.processes()).singleElement().satisfies(p -> assertThat(p.state()).isEqualTo("gone"));
      assertThat(file).as("the stale record is cleaned").doesNotExist();
      assertThat(other.waitFor(200, TimeUnit.MILLISECONDS)).isFalse();
      assertThat(other.isAlive()).as("never killed").isTrue();
    }
  }

  @Test
  void aRecordOfADeadPidIsCleaned() throws Exception {
    try (TestRepo repo = TestRepo.init(dir); EventStore store = EventStore.sqlite(dir.resolve("events.db"))) {
      long dead = deadPid();
      Path file = write(repo, dead, record(dead, 1, deadPid()));

      assertThat(Recovery.doctor(repo.repo(), store, clock).processes()).singleElement()
          .satisfies(p -> assertThat(p.state()).isEqualTo("gone"));
      assertThat(file).as("doctor changes nothing").exists();
      Recovery.resume(repo.repo(), store, who, clock, m -> { });

      assertThat(file).doesNotExist();
      assertThat(Recovery.doctor(repo.repo(), store, clock).clean()).isTrue();
    }
  }

  @Test
  void aMalformedRecordIsReportedNotACrash() throws Exception {
    try (TestRepo repo = TestRepo.init(dir); EventStore store = EventStore.sqlite(dir.resolve("events.db"))) {
      Path file = write(repo, 4242, "{\"pid\": 4242, \"group\": 1, ");

      Recovery.Found found = Recovery.doctor(repo.repo(), store, clock);

      assertThat(found.processes()).singleElement().satisfies(p -> {
        assertThat(p.state()).isEqualTo("unreadable");
        assertThat(p.record()).isEqualTo(file.toString());
        assertThat(p.problem()).startsWith("not JSON");
      });
      assertThat(found.disposition()).isEqualTo(Disposition.NO);
      Recovery.resume(repo.repo(), store, who, clock, m -> { });
      assertThat(file).doesNotExist();
    }
  }
}
