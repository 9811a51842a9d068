package dev.junction.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records of gate processes whose Junction process is gone, read against real processes: a gate
 * still running is found and ended; a pid that has another start time now, a group other than the
 * pid's own, a malformed record are never reasons to kill anything; a live owner's gates are left
 * alone.
 */
class GateProcessesTest {
  @TempDir Path folder;
  final List<Process> started = new ArrayList<>();

  @AfterEach
  void endWhatWasStarted() {
    started.forEach(Process::destroyForcibly);
  }

  /** A {@code sleep} leading a process group and session of its own, as a gate started through setsid. */
  Process groupLeader() throws Exception {
    assumeTrue(new File("/proc/self/stat").exists() && onPath("setsid"), "needs /proc and util-linux setsid");
    Process p = new ProcessBuilder("setsid", "sleep", "60").redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    started.add(p);
    // setsid has run once the process leads its group: the pid is the group
    for (int i = 0; i < 500 && GateProcesses.stat(p.pid()).map(s -> s.group() != p.pid()).orElse(true); i++) {
      Thread.sleep(10);
    }
    assertThat(GateProcesses.stat(p.pid()).orElseThrow().group()).isEqualTo(p.pid());
    return p;
  }

  /** The pid of a process that ran and ended: no Junction process runs under it. */
  long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    return p.pid();
  }

  static long startOf(long pid) {
    return GateProcesses.stat(pid).orElseThrow().start();
  }

  Path write(long pid, String json) throws Exception {
    Path file = folder.resolve(pid + ".json");
    Files.writeString(file, json);
    return file;
  }

  static String record(long pid, long group, long start, long owner, long ownerStart) {
    return """
        {"pid": %d, "group": %d, "start": %d, "since": "2026-12-03T17:00:00Z", "gate": "stage",
         "commit": "4eca768e37d839e308a3773f40dae038b15d9438", "owner": %d, "ownerStart": %d,
         "command": ["sh", "-c", "sleep 60"]}
        """.formatted(pid, group, start, owner, ownerStart);
  }

  @Test
  void aGateWhoseJunctionIsGoneIsFoundAndEnded() throws Exception {
    Process gate = groupLeader();
    long owner = deadPid();
    Path file = write(gate.pid(), record(gate.pid(), gate.pid(), startOf(gate.pid()), owner, 1));

    List<GateProcesses.Left> left = GateProcesses.left(folder);

    assertThat(left).singleElement().isInstanceOfSatisfying(GateProcesses.Alive.class, a -> {
      assertThat(a.file()).isEqualTo(file);
      assertThat(a.pids()).containsExactly(gate.pid());
      assertThat(a.started().gate()).isEqualTo("stage");
    });
    assertThat(GateProcesses.end(((GateProcesses.Alive) left.get(0)).started(), Duration.ofSeconds(5))).isEmpty();
    assertThat(gate.waitFor(10, TimeUnit.SECONDS)).as("ended").isTrue();
  }

  @Test
  void aPidThatIsSomeoneElsesNowIsNeverKilled() throws Exception {
    Process other = groupLeader();
    // The record's start time is not the process's: the gate it names ended, and the pid was reused.
    write(other.pid(), record(other.pid(), other.pid(), startOf(other.pid()) - 1, deadPid(), 1));

    List<GateProcesses.Left> left = GateProcesses.left(folder);

    assertThat(left).singleElement().isInstanceOf(GateProcesses.Gone.class);
    GateProcesses.Started s = ((GateProcesses.Gone) left.get(0)).started();
    assertThat(GateProcesses.end(s, Duration.ZERO)).isEmpty();
    assertThat(other.waitFor(300, TimeUnit.MILLISECONDS)).as("still running").isFalse();
    assertThat(other.isAlive()).isTrue();
  }

  @Test
  void aRecordNamingAnotherGroupIsUnreadableAndKillsNothing() throws Exception {
    Process other = groupLeader();
    long dead = deadPid();
    // A dead gate's record claiming a live group it does not lead, and one claiming this JVM's own group.
    write(dead, record(dead, other.pid(), 1, deadPid(), 1));
    long ownGroup = GateProcesses.stat(ProcessHandle.current().pid()).orElseThrow().group();
    long dead2 = deadPid();
    write(dead2, record(dead2, ownGroup, 1, deadPid(), 1));

    List<GateProcesses.Left> left = GateProcesses.left(folder);

    assertThat(left).hasSize(2).allSatisfy(l -> assertThat(l).isInstanceOfSatisfying(GateProcesses.Unreadable.class,
        u -> assertThat(u.problem()).startsWith("group: ").contains("is neither 0 nor the pid")));
    assertThat(other.isAlive()).isTrue();
  }

  @Test
  void aMalformedRecordIsUnreadableNotACrash() throws Exception {
    write(123, "{\"pid\": 123, \"group\": ");
    write(124, "{\"pid\": \"x\"}");
    write(125, record(126, 0, 1, 1, 1)); // a record under another pid's name
    Files.writeString(folder.resolve("notes.txt"), "not a record");

    List<GateProcesses.Left> left = GateProcesses.left(folder);

    assertThat(left).extracting(l -> ((GateProcesses.Unreadable) l).problem())
        .satisfiesExactly(
            p -> assertThat(p).startsWith("not JSON"),
            p -> assertThat(p).isEqualTo("pid: not a whole number"),
            p -> assertThat(p).isEqualTo("pid: 126 does not match the file's name"));
  }

  @Test
  void theGatesOfARunningJunctionAreLeftAlone() throws Exception {
    Process gate = groupLeader();
    Process owner = groupLeader(); // stands for a Junction process still landing
    write(gate.pid(), record(gate.pid(), gate.pid(), startOf(gate.pid()), owner.pid(), startOf(owner.pid())));
    assertThat(GateProcesses.left(folder)).isEmpty();
    // The same owner pid with another start time is a Junction process that died: its gate is left over.
    write(gate.pid(), record(gate.pid(), gate.pid(), startOf(gate.pid()), owner.pid(), startOf(owner.pid()) - 1));
    assertThat(GateProcesses.left(folder)).singleElement().isInstanceOf(GateProcesses.Alive.class);
  }

  @Test
  void aGateThatEndedLeavesAGoneRecord() throws Exception {
    long dead = deadPid();
    write(dead, record(dead, dead, 1, deadPid(), 1));
    assertThat(GateProcesses.left(folder)).singleElement().isInstanceOf(GateProcesses.Gone.class);
  }

  @Test
  void parsesAStatLineWhoseCommandNameHoldsSpacesAndParentheses() {
    String line = "42 (a b) c)) S 1 40 40 0 -1 4194304 98 0 0 0 0 0 0 0 20 0 1 0 2377183 3133440 356 0";
    GateProcesses.Stat s = GateProcesses.parse(42, line);
    assertThat(s.state()).isEqualTo('S');
    assertThat(s.group()).isEqualTo(40);
    assertThat(s.start()).isEqualTo(2377183);
  }

  private static boolean onPath(String name) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (new File(d, name).canExecute()) {
        return true;
      }
    }
    return false;
  }
}
