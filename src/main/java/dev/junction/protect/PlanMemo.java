package dev.junction.protect;

import dev.junction.git.AtomicFile;
import dev.junction.plan.PlanLoader;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;

/**
 * The push plans the guard has already read, one small file per {@code junction.yaml} blob under
 * the hub's {@code junction/hook-plans/}. Reading and validating the plan is the largest part of a
 * hook run that is not starting the JVM; a plan file's content never changes under its blob id, and
 * validation is a function of that content, so a plan found valid once is valid again, as long as
 * the same build of Junction judges it: each file names the build that wrote it and counts for no
 * other. Only valid plans are remembered: an invalid one is read (and refused) every time.
 *
 * <p>A file that cannot be read, or was written by another build, is ignored and the plan read
 * again; one that cannot be written (a hub directory the pushing user may not write) costs only the
 * time saved. The files are as trustworthy as the hook script beside them: whoever can write one
 * can write the other.
 */
final class PlanMemo {
  static final String DIR = "junction/hook-plans";
  private static final String MAGIC = "junction push plan 1";
  /** Plan files remembered at most; older ones are removed when a new one is written. */
  private static final int KEEP = 8;

  private PlanMemo() {}

  /** The push plan remembered for {@code blob}, if this build wrote one. */
  static Optional<PushPlan> read(Path hubDir, ObjectId blob) {
    return read(hubDir, blob, build());
  }

  /** The push plan remembered for {@code blob}, if the build named wrote one. */
  static Optional<PushPlan> read(Path hubDir, ObjectId blob, Optional<String> build) {
    Path file = hubDir.resolve(DIR).resolve(blob.name());
    if (build.isEmpty() || !Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      if (!in.readUTF().equals(MAGIC) || !in.readUTF().equals(build.get()) || !in.readUTF().equals(blob.name())) {
        return Optional.empty();
      }
      String coordination = in.readUTF();
      String main = in.readUTF();
      List<String> patterns = strings(in);
      String feature = in.readUTF();
      String hotfix = in.readUTF();
      int count = in.readInt();
      List<PushPlan.Owners> sessions = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String id = in.readUTF();
        Optional<String> branch = in.readBoolean() ? Optional.of(in.readUTF()) : Optional.empty();
        sessions.add(new PushPlan.Owners(id, branch, strings(in)));
      }
      List<String> taskBranches = strings(in);
      boolean signed = in.readBoolean();
      boolean convention = in.readBoolean();
      if (in.read() != -1) {
        return Optional.empty();
      }
      return Optional.of(new PushPlan(coordination, main, patterns, feature, hotfix, sessions, taskBranches, signed,
          convention));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Remembers a valid plan's push plan; says nothing when it cannot. */
  static void write(Path hubDir, ObjectId blob, PushPlan plan) {
    write(hubDir, blob, plan, build());
  }

  /** Remembers a valid plan's push plan for the build named. */
  static void write(Path hubDir, ObjectId blob, PushPlan plan, Optional<String> build) {
    if (build.isEmpty()) {
      return;
    }
    Path dir = hubDir.resolve(DIR);
    try {
      Files.createDirectories(dir);
      AtomicFile.write(dir.resolve(blob.name()), raw -> {
        DataOutputStream out = new DataOutputStream(raw);
        out.writeUTF(MAGIC);
        out.writeUTF(build.get());
        out.writeUTF(blob.name());
        out.writeUTF(plan.coordination());
        out.writeUTF(plan.main());
        strings(out, plan.sessionPatterns());
        out.writeUTF(plan.featurePrefix());
        out.writeUTF(plan.hotfixPrefix());
        out.writeInt(plan.sessions().size());
        for (PushPlan.Owners s : plan.sessions()) {
          out.writeUTF(s.id());
          out.writeBoolean(s.branch().isPresent());
          if (s.branch().isPresent()) {
            out.writeUTF(s.branch().get());
          }
          strings(out, s.members());
        }
        strings(out, plan.taskBranches());
        out.writeBoolean(plan.signedCommits());
        out.writeBoolean(plan.messageConvention());
        out.flush();
      }, AtomicFile.SHARED); // others who push to the hub read it too
      prune(dir);
    } catch (IOException | RuntimeException e) {
      // not remembered: the next push reads the plan again
    }
  }

  /** Forgets every remembered plan (a new install may validate differently). */
  static void clear(Path hubDir) throws IOException {
    Path dir = hubDir.resolve(DIR);
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        Files.deleteIfExists(f);
      }
    }
  }

  /**
   * The build of Junction running: where its plan classes come from, with size and modification
   * time (of the jar, or of the class files in a build directory). Empty when it cannot be told.
   */
  static Optional<String> build() {
    try {
      Path source = Path.of(PlanLoader.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (!Files.isDirectory(source)) {
        return Optional.of(stamp(source));
      }
      Path own = Path.of(PlanMemo.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return Optional.of(stamp(source.resolve("dev/junction/plan/PlanLoader.class")) + " "
          + stamp(own.resolve("dev/junction/protect/PushPlan.class")));
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  private static String stamp(Path file) throws IOException {
    return file + " " + Files.size(file) + " " + Files.getLastModifiedTime(file).toMillis();
  }

  private static void prune(Path dir) throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> all = Files.newDirectoryStream(dir)) {
      all.forEach(files::add);
    }
    if (files.size() <= KEEP) {
      return;
    }
    files.sort(Comparator.comparing(PlanMemo::modified).reversed());
    for (Path old : files.subList(KEEP, files.size())) {
      Files.deleteIfExists(old);
    }
  }

  private static long modified(Path file) {
    try {
      return Files.getLastModifiedTime(file).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }

  private static List<String> strings(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 100_000) {
      throw new IOException("not a push plan");
    }
    List<String> all = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      all.add(in.readUTF());
    }
    return all;
  }

  private static void strings(DataOutputStream out, List<String> values) throws IOException {
    out.writeInt(values.size());
    for (String v : values) {
      out.writeUTF(v);
    }
  }
}
