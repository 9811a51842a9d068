package dev.junction.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.junction.git.Commits;
import dev.junction.git.Refs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;

/**
 * A real on-disk repository for tests, built fluently with fixed identities and a clock that
 * ticks a minute per commit, so ids repeat from run to run. Branches move by compare-and-swap.
 */
public final class TestRepo implements AutoCloseable {
  private final Path dir;
  private final Git git;
  private Instant clock = Instant.parse("2025-11-12T09:00:00Z");

  private TestRepo(Path dir, Git git) {
    this.dir = dir;
    this.git = git;
  }

  /** A new non-bare repository in {@code dir} whose first branch is {@code main}. */
  public static TestRepo init(Path dir) throws GitAPIException {
    return new TestRepo(dir, Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call());
  }

  /** Opens an existing repository in {@code dir}. */
  public static TestRepo open(Path dir) throws IOException {
    return new TestRepo(dir, Git.open(dir.toFile()));
  }

  public Repository repo() {
    return git.getRepository();
  }

  public Path dir() {
    return dir;
  }

  /** Commits {@code files} (path, content pairs) on top of {@code branch}, creating it if needed. */
  public ObjectId commit(String branch, String message, String... files) throws IOException {
    Map<String, byte[]> content = new LinkedHashMap<>();
    for (int i = 0; i + 1 < files.length; i += 2) {
      content.put(files[i], files[i + 1].getBytes(UTF_8));
    }
    ObjectId tip = repo().resolve("refs/heads/" + branch);
    ObjectId id = Commits.write(repo(), tip, content, message, tick());
    move(branch, tip, id);
    return id;
  }

  /** Creates {@code branch} at {@code at}. */
  public void branch(String branch, String at) throws IOException {
    move(branch, null, repo().resolve(at));
  }

  /** Merges {@code source} into {@code target} with {@code --no-ff}; the message holds any trailers. */
  public ObjectId merge(String target, String source, String message) throws IOException {
    ObjectId ours = repo().resolve("refs/heads/" + target);
    Commits.Merge merge = Commits.mergeNoFastForward(repo(), ours, repo().resolve("refs/heads/" + source), message, tick());
    if (!(merge instanceof Commits.Merged merged)) {
      throw new IllegalStateException("test merge conflicted: " + merge);
    }
    move(target, ours, merged.commit());
    return merged.commit();
  }

  private void move(String branch, ObjectId from, ObjectId to) throws IOException {
    Refs.Swap swap = Refs.compareAndSwap(repo(), "refs/heads/" + branch,
        from == null ? ObjectId.zeroId() : from, to, tick(), "test");
    if (!swap.isMoved()) {
      throw new IllegalStateException("could not move " + branch + ": " + swap);
    }
  }

  private PersonIdent tick() {
    clock = clock.plus(Duration.ofMinutes(1));
    return new PersonIdent("Test", "test@example.org", clock, ZoneOffset.UTC);
  }

  /** Runs the git CLI in the repository (the oracle) and answers its standard output. */
  public String git(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.name=Test", "-c", "user.email=test@example.org"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("git " + String.join(" ", args) + " failed: " + out);
    }
    return out;
  }

  /** Writes a file into the work tree (not committed). */
  public Path write(String path, String content) throws IOException {
    Path file = dir.resolve(path);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content);
  }

  @Override
  public void close() {
    git.close();
  }
}
