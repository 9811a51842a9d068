package dev.junction.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.git.AtomicFile;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The gate commands Junction started, recorded so that a Junction process killed while a gate ran
 * leaves something to find them by. Each running gate has a record
 * {@code <git dir>/junction/gates/<pid>.json}: its pid, its process group (the pid itself when it
 * was started through {@code setsid}, 0 otherwise), its start time as {@code /proc/<pid>/stat}'s
 * {@code starttime}, the Junction process that started it (pid and start time), the gate, the
 * commit and the command. The runner writes it once the command started and removes it when the
 * gate ended. A record whose owner is no longer running is left over: the processes of its group
 * still alive are found through {@code /proc} (a zombie counts as ended, since PID 1 may never
 * reap it), and a pid whose start time differs from the record's belongs to someone else now: it,
 * and its group, are never touched.
 */
public final class GateProcesses {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path PROC = Path.of("/proc");
  /** Where the records are, under the git directory. */
  public static final String FOLDER = "junction/gates";

  private GateProcesses() {}

  /**
   * One gate command as started.
   *
   * @param pid the command's pid
   * @param group its process group: {@code pid} when it leads one of its own, 0 when it does not
   * @param start its start time in clock ticks since boot ({@code /proc/<pid>/stat} field 22), -1 if unknown
   * @param since when it started, as the operating system says ({@link ProcessHandle.Info#startInstant})
   * @param owner the pid of the Junction process that started it
   * @param ownerStart the owner's start time in clock ticks, -1 if unknown
   */
  public record Started(long pid, long group, long start, String since, String gate, String commit, long owner,
      long ownerStart, List<String> command) {
    public Started {
      command = List.copyOf(command);
    }
  }

  /** A record whose Junction process is gone. */
  public sealed interface Left {
    Path file();
  }

  /** Processes of the recorded gate are still running: {@code pids}, the leader first when alive. */
  public record Alive(Path file, Started started, List<Long> pids) implements Left {
    public Alive {
      pids = List.copyOf(pids);
    }
  }

  /** Nothing of the recorded gate runs any more (or its pid is someone else's now): only the record is left. */
  public record Gone(Path file, Started started) implements Left {}

  /** A record that cannot be read as one: nothing is killed for it. */
  public record Unreadable(Path file, String problem) implements Left {}

  /** The folder of the records of a repository whose git directory is {@code gitDir}. */
  public static Path folder(Path gitDir) {
    return gitDir.resolve(FOLDER);
  }

  /**
   * Records {@code process}, just started by this Junction process for {@code gate} on
   * {@code commit}, in {@code folder}; answers what was recorded.
   */
  static Started record(Path folder, Process process, boolean ownGroup, String gate, String commit, List<String> command)
      throws IOException {
    long pid = process.pid();
    long self = ProcessHandle.current().pid();
    Started started = new Started(pid, ownGroup ? pid : 0, stat(pid).map(Stat::start).orElse(-1L),
        process.info().startInstant().map(Instant::toString).orElse(""), gate, commit, self,
        stat(self).map(Stat::start).orElse(-1L), command);
    Files.createDirectories(folder);
    ObjectNode o = JSON.createObjectNode();
    o.put("pid", started.pid()).put("group", started.group()).put("start", started.start()).put("since", started.since())
        .put("gate", gate).put("commit", commit).put("owner", started.owner()).put("ownerStart", started.ownerStart());
    ArrayNode argv = o.putArray("command");
    command.forEach(argv::add);
    AtomicFile.write(fileOf(folder, pid), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n",
        AtomicFile.SHARED);
    return started;
  }

  static Path fileOf(Path folder, long pid) {
    return folder.resolve(pid + ".json");
  }

  /**
   * The records in {@code folder} whose Junction process no longer runs, each with what is left
   * of its gate. Records of a running Junction process (this one included) are not listed.
   */
  public static List<Left> left(Path folder) throws IOException {
    List<Left> out = new ArrayList<>();
    if (!Files.isDirectory(folder)) {
      return out;
    }
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(folder, "*.json")) {
      dir.forEach(files::add);
    }
    files.sort(null);
    for (Path file : files) {
      Started started;
      try {
        started = read(file);
      } catch (NoSuchFileException e) {
        continue; // its gate ended while we looked
      } catch (IOException | IllegalArgumentException e) {
        out.add(new Unreadable(file, e.getMessage()));
        continue;
      }
      if (running(started.owner(), started.ownerStart())) {
        continue;
      }
      List<Long> pids = alive(started);
      out.add(pids.isEmpty() ? new Gone(file, started) : new Alive(file, started, pids));
    }
    return out;
  }

  /** Reads a record, refusing one that is not exactly what the runner writes. */
  static Started read(Path file) throws IOException {
    String name = file.getFileName().toString();
    JsonNode o;
    try {
      o = JSON.readTree(Files.readString(file));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
    }
    if (o == null || !o.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    long pid = number(o, "pid");
    long group = number(o, "group");
    if (pid <= 1) {
      throw new IllegalArgumentException("pid: " + pid + " is not a gate's pid");
    }
    if (!name.equals(pid + ".json")) {
      throw new IllegalArgumentException("pid: " + pid + " does not match the file's name");
    }
    if (group != 0 && group != pid) {
      // Junction only ever starts a gate as the leader of its own group: any other group is someone else's.
      throw new IllegalArgumentException("group: " + group + " is neither 0 nor the pid " + pid);
    }
    List<String> command = new ArrayList<>();
    JsonNode argv = o.path("command");
    if (!argv.isArray()) {
      throw new IllegalArgumentException("command: not a list");
    }
    argv.forEach(a -> command.add(a.asText()));
    return new Started(pid, group, number(o, "start"), text(o, "since"), text(o, "gate"), text(o, "commit"),
        number(o, "owner"), number(o, "ownerStart"), command);
  }

  private static long number(JsonNode o, String field) {
    JsonNode n = o.get(field);
    if (n == null || !n.isIntegralNumber() || !n.canConvertToLong()) {
      throw new IllegalArgumentException(field + ": not a whole number");
    }
    return n.asLong();
  }

  private static String text(JsonNode o, String field) {
    JsonNode n = o.get(field);
    if (n == null || !n.isTextual()) {
      throw new IllegalArgumentException(field + ": not a string");
    }
    return n.asText();
  }

  /**
   * The processes of a recorded gate still running: its leader, if the pid still has the
   * recorded start time, and every other process of its group started no earlier. None when the
   * pid now has another start time: the group died whole before the pid could be reused (Linux
   * does not reuse a pid while a group of that number exists), so whoever has it is not the gate.
   */
  static List<Long> alive(Started s) throws IOException {
    List<Long> out = new ArrayList<>();
    Optional<Stat> leader = stat(s.pid());
    if (leader.isPresent() && s.start() >= 0 && leader.get().start() != s.start()) {
      return out;
    }
    if (leader.isPresent() && s.start() < 0 && !sameProcess(s)) {
      return out; // no /proc start time recorded: the operating system's start instant decides
    }
    if (leader.isPresent() && !leader.get().zombie()) {
      out.add(s.pid());
    }
    if (s.group() > 0) {
      long self = ProcessHandle.current().pid();
      long ownGroup = stat(self).map(Stat::group).orElse(-1L);
      if (s.group() == ownGroup) {
        return out; // never this process's own group
      }
      for (Stat p : all()) {
        if (p.group() == s.group() && p.pid() != s.pid() && p.pid() != self && !p.zombie() && p.start() >= s.start()) {
          out.add(p.pid());
        }
      }
    }
    return out;
  }

  private static boolean sameProcess(Started s) {
    Optional<Instant> now = ProcessHandle.of(s.pid()).flatMap(h -> h.info().startInstant());
    return now.isPresent() && now.get().toString().equals(s.since());
  }

  /** Whether the Junction process {@code pid} started at {@code start} still runs (this one does). */
  static boolean running(long pid, long start) {
    if (pid == ProcessHandle.current().pid()) {
      return true;
    }
    if (pid <= 0) {
      return false;
    }
    Optional<Stat> st = stat(pid);
    if (st.isPresent()) {
      return !st.get().zombie() && (start < 0 || st.get().start() == start);
    }
    return !Files.isDirectory(PROC) && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /**
   * Ends what is left of a recorded gate: SIGTERM to each of its processes, then, those still
   * running after {@code grace}, SIGKILL, until none runs or about ten seconds more have passed
   * (a process may fork while it is being ended). With a zero grace SIGKILL comes first. Answers
   * the pids still running at the end (none, normally).
   */
  public static List<Long> end(Started s, Duration grace) throws IOException {
    List<Long> pids = alive(s);
    if (pids.isEmpty()) {
      return pids;
    }
    if (!grace.isZero()) {
      signal(s, pids, false);
      pids = await(s, grace);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!pids.isEmpty() && System.nanoTime() < deadline) {
      signal(s, pids, true);
      pids = await(s, Duration.ofSeconds(1));
    }
    return pids;
  }

  /** Waits up to {@code limit} for the gate's processes to end; answers those still running. */
  private static List<Long> await(Started s, Duration limit) throws IOException {
    long deadline = System.nanoTime() + limit.toNanos();
    List<Long> pids = alive(s);
    while (!pids.isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return pids;
      }
      pids = alive(s);
    }
    return pids;
  }

  /**
   * Sends SIGTERM (or SIGKILL) to each pid, through a handle taken after checking again that the
   * pid is still the process found (same start time, same group): the handle refuses to signal a
   * process started after it was taken.
   */
  private static void signal(Started s, List<Long> pids, boolean kill) {
    long self = ProcessHandle.current().pid();
    for (long pid : pids) {
      if (pid == self) {
        continue;
      }
      Optional<Stat> before = stat(pid);
      Optional<ProcessHandle> handle = ProcessHandle.of(pid);
      Optional<Stat> after = stat(pid);
      boolean same = before.isPresent() && after.isPresent() && before.get().start() == after.get().start()
          && (pid == s.pid() ? s.start() < 0 || after.get().start() == s.start()
              : after.get().group() == s.group() && after.get().start() >= s.start());
      if (!same && !(before.isEmpty() && after.isEmpty() && !Files.isDirectory(PROC))) {
        continue;
      }
      handle.ifPresent(h -> {
        if (kill) {
          h.destroyForcibly();
        } else {
          h.destroy();
        }
      });
    }
  }

  /** What {@code /proc/<pid>/stat} says of a process. */
  record Stat(long pid, char state, long group, long start) {
    boolean zombie() {
      return state == 'Z' || state == 'X';
    }
  }

  /** A process's state, group and start time; empty when it does not exist (or there is no /proc). */
  static Optional<Stat> stat(long pid) {
    try {
      return Optional.of(parse(pid, Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"))));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Parses a stat line; the command name (field 2) may hold spaces and parentheses, so fields count from the last ')'. */
  static Stat parse(long pid, String line) {
    String[] f = line.substring(line.lastIndexOf(')') + 2).trim().split(" ");
    // f[0] is field 3 (state), f[2] field 5 (pgrp), f[19] field 22 (starttime)
    return new Stat(pid, f[0].charAt(0), Long.parseLong(f[2]), Long.parseLong(f[19]));
  }

  private static List<Stat> all() throws IOException {
    List<Stat> out = new ArrayList<>();
    if (!Files.isDirectory(PROC)) {
      return out;
    }
    try (Stream<Path> entries = Files.list(PROC)) {
      for (Path p : entries.toList()) {
        String name = p.getFileName().toString();
        if (name.matches("\\d{1,10}")) {
          stat(Long.parseLong(name)).ifPresent(out::add);
        }
      }
    }
    return out;
  }
}
