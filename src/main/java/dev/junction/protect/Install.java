package dev.junction.protect;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.junction.git.AtomicFile;
import dev.junction.git.PlanSource;
import dev.junction.plan.Disposition;
import dev.junction.plan.InputError;
import dev.junction.plan.Plan;
import dev.junction.plan.PlanError;
import dev.junction.plan.PlanLoad;
import dev.junction.plan.PlanLoader;
import dev.junction.plan.Problem;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;

/**
 * Installs the push guard in a hub: the {@code junction.coordination} setting, a
 * {@code hooks/pre-receive} script that starts {@link HookMain} with lean JVM flags, and a
 * class-data-sharing archive recorded from a training run, so the hook starts fast.
 */
public final class Install {
  /** The line that marks a pre-receive hook as Junction's. */
  public static final String MARKER = "# junction push guard";
  /**
   * The hook's JVM flags, the same for the training run (an archive recorded under other flags may
   * be refused): the serial collector, the quick compiler only and on one thread, no
   * performance-data file, and only errors logged, to the hook's stderr, which git shows the
   * pushing client.
   */
  public static final List<String> JVM_FLAGS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
      "-XX:CICompilerCount=1", "-XX:-UsePerfData", "-Xshare:auto", "-Xlog:disable", "-Xlog:all=error:stderr");

  private Install() {}

  /** How installing ended. */
  public sealed interface Outcome {
    Disposition disposition();
  }

  /** Installed: the hook written, the plan its rules come from, whether the class-data archive was recorded. */
  @JsonTypeName("installed")
  public record Installed(String hook, String coordination, String plan, boolean archive, Optional<String> replaced)
      implements Outcome {
    @Override
    public Disposition disposition() {
      return Disposition.DONE;
    }
  }

  /**
   * Nothing installed: not a hub ({@code hub}), no such coordination branch ({@code
   * coordination}), or the plans' own errors. The application service raises it as invalid input.
   */
  @JsonTypeName("invalid")
  public record Invalid(List<Problem> errors) implements Outcome {
    public Invalid {
      errors = List.copyOf(errors);
    }

    @Override
    public Disposition disposition() {
      return Disposition.INVALID;
    }
  }

  /**
   * Installs into {@code hub}.
   *
   * @param java the java launcher to start the hook with
   * @param classPath the class path holding Junction
   * @param coordination the coordination branch, or empty to find it from the plans on the hub's branches
   */
  public static Outcome install(Repository hub, String java, String classPath, Optional<String> coordination)
      throws IOException, InterruptedException {
    return install(hub, hub.getDirectory().toPath(), java, classPath, coordination);
  }

  /**
   * Installs into {@code hub}, naming it {@code named} (as the installer gave it) in what it says:
   * its problems and the paths of the hook written.
   */
  public static Outcome install(Repository hub, Path named, String java, String classPath, Optional<String> coordination)
      throws IOException, InterruptedException {
    if (!hub.isBare()) {
      return invalid("hub", named + " is not a bare repository: the guard goes into the hub sessions push to");
    }
    Search search = coordination.isPresent() ? new Search(coordination, List.of()) : find(hub);
    Optional<String> found = search.coordination();
    if (found.isEmpty()) {
      List<Problem> errors = new ArrayList<>(search.invalid());
      errors.add(new InputError("hub", "no branch of " + named + " holds a valid " + Plan.FILE_NAME
          + " naming an existing coordination branch: push the coordination branch first, or give --coordination"));
      return new Invalid(errors);
    }
    Ref ref = hub.exactRef(Constants.R_HEADS + found.get());
    if (ref == null) {
      return invalid("coordination", "no branch '" + found.get() + "' in " + named);
    }
    Optional<byte[]> bytes = PlanSource.read(hub, ref.getObjectId(), Plan.FILE_NAME);
    if (bytes.isEmpty()) {
      return invalid("coordination", found.get() + " has no " + Plan.FILE_NAME);
    }
    PlanLoad load = PlanLoader.load(found.get() + ":" + Plan.FILE_NAME, bytes.get());
    if (load instanceof PlanLoad.Invalid bad) {
      return new Invalid(List.copyOf(bad.errors()));
    }
    StoredConfig config = hub.getConfig();
    config.setString(Hook.SECTION, null, Hook.COORDINATION_KEY, found.get());
    config.save();
    Path hooks = named.resolve("hooks");
    Files.createDirectories(hooks);
    Path hook = hooks.resolve("pre-receive");
    Optional<String> replaced = Optional.empty();
    if (Files.exists(hook) && !Files.readString(hook, StandardCharsets.UTF_8).contains(MARKER)) {
      Path kept = hooks.resolve("pre-receive.before-junction");
      Files.move(hook, kept, StandardCopyOption.REPLACE_EXISTING);
      replaced = Optional.of(kept.toString());
    }
    // git starts the hook inside the hub and the archive is checked against the class path it was
    // recorded with, so both are written absolute, whatever the installer was given.
    String cp = absolute(classPath);
    Path archive = hub.getDirectory().getAbsoluteFile().toPath().normalize().resolve("junction/hook.jsa");
    Files.createDirectories(archive.getParent());
    Files.deleteIfExists(archive);
    PlanMemo.clear(hub.getDirectory().toPath());
    boolean trained = train(hub, java, cp, archive);
    String script = "#!/bin/sh\n" + MARKER + " (junction protect install): spec 5 enforced where pushes arrive.\n"
        + "exec " + quote(java) + " " + String.join(" ", JVM_FLAGS)
        + (trained ? " -XX:SharedArchiveFile=" + quote(archive.toString()) : "")
        + " -cp " + quote(cp) + " " + HookMain.class.getName() + "\n";
    AtomicFile.write(hook, script, AtomicFile.EXECUTABLE);
    // After a push is taken, the post-receive hook records each branch it moved for the server.
    Path after = hooks.resolve("post-receive");
    if (Files.exists(after) && !Files.readString(after, StandardCharsets.UTF_8).contains(MARKER)) {
      Files.move(after, hooks.resolve("post-receive.before-junction"), StandardCopyOption.REPLACE_EXISTING);
    }
    String recorder = "#!/bin/sh\n" + MARKER + " (junction protect install): records the branches a push moved.\n"
        + "exec " + quote(java) + " " + String.join(" ", JVM_FLAGS)
        + (trained ? " -XX:SharedArchiveFile=" + quote(archive.toString()) : "")
        + " -cp " + quote(cp) + " " + HookMain.class.getName() + " --post-receive\n";
    AtomicFile.write(after, recorder, AtomicFile.EXECUTABLE);
    return new Installed(hook.toString(), found.get(), found.get() + ":" + Plan.FILE_NAME, trained, replaced);
  }

  /** Whether the hub's pre-receive hook is Junction's. */
  public static boolean installed(Repository hub) throws IOException {
    Path hook = hub.getDirectory().toPath().resolve("hooks/pre-receive");
    return Files.isRegularFile(hook) && Files.readString(hook, StandardCharsets.UTF_8).contains(MARKER);
  }

  /** What a look through the hub's branches found: a coordination branch, and the plans that are invalid. */
  private record Search(Optional<String> coordination, List<PlanError> invalid) {}

  /**
   * The coordination branch of the first plan on the hub's branches whose coordination branch
   * exists; when there is none, the problems of each distinct invalid plan, so the installer learns
   * which file and line to fix.
   */
  private static Search find(Repository hub) throws IOException {
    List<PlanError> invalid = new ArrayList<>();
    Set<ObjectId> seen = new HashSet<>();
    for (Ref r : hub.getRefDatabase().getRefsByPrefix(Constants.R_HEADS)) {
      Optional<ObjectId> blob = PlanSource.blob(hub, r.getObjectId(), Plan.FILE_NAME);
      if (blob.isEmpty() || !seen.add(blob.get())) {
        continue;
      }
      String label = r.getName().substring(Constants.R_HEADS.length()) + ":" + Plan.FILE_NAME;
      PlanLoad load = PlanSource.load(hub, blob.get(), label);
      if (load instanceof PlanLoad.Invalid bad) {
        invalid.addAll(bad.errors());
      } else if (hub.exactRef(Constants.R_HEADS + ((PlanLoad.Loaded) load).plan().branches().coordination()) != null) {
        return new Search(Optional.of(((PlanLoad.Loaded) load).plan().branches().coordination()), List.of());
      }
    }
    return new Search(Optional.empty(), invalid);
  }

  /** Records the classes a decision loads; false (and no archive) when the JVM cannot. */
  private static boolean train(Repository hub, String java, String classPath, Path archive)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(JVM_FLAGS);
    command.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-cp", classPath, HookMain.class.getName(), "--train"));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("GIT_DIR", hub.getDirectory().getAbsolutePath());
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return false;
    }
    return p.exitValue() == 0 && Files.exists(archive);
  }

  /** Each entry of a class path made absolute, so the hook finds it from inside the hub. */
  static String absolute(String classPath) {
    List<String> entries = new ArrayList<>();
    for (String entry : classPath.split(File.pathSeparator)) {
      if (!entry.isEmpty()) {
        entries.add(Path.of(entry).toAbsolutePath().normalize().toString());
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  private static Invalid invalid(String field, String message) {
    return new Invalid(List.of(new InputError(field, message)));
  }
}
