package dev.junction.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.junction.git.HistoryBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;

/**
 * A real on-disk repository for tests, built fluently in the style of JGit's {@code TestRepository}
 * on {@link HistoryBuilder}, the history writer the demo uses too:
 *
 * <pre>{@code
 * try (TestRepo repo = TestRepo.init(dir)) {
 *   ObjectId plan = repo.branch("main").commit().add("junction.yaml", Plans.TWO_SESSIONS).message("chore: plan\n").create();
 *   repo.branch("coordination").create(plan);
 *   repo.branch("s1").create(plan);
 *   repo.branch("s1").commit().add("a.txt", "a\n").message("feat: a [A]\n").create();
 *   repo.branch("coordination").merge("s1").message("feat: Merge a\n\nJunction-Task: A\n").create();
 * }
 * }</pre>
 *
 * <p>One fixed identity and a clock that ticks a minute per commit and per ref move, so ids repeat
 * from run to run. Branches move by compare-and-swap. The short forms ({@link #commit(String,
 * String, String...)}, {@link #branch(String, String)}, {@link #merge(String, String, String)})
 * write through the same builder.
 */
public final class TestRepo implements AutoCloseable {
  /** The identity of every commit and ref move. */
  public static final String NAME = "Test";
  public static final String EMAIL = "test@example.org";

  private final Path dir;
  private final Git git;
  private final HistoryBuilder history;
  private Instant clock = Instant.parse("2025-11-12T09:00:00Z");

  private TestRepo(Path dir, Git git) {
    this.dir = dir;
    this.git = git;
    this.history = new HistoryBuilder(git.getRepository(), this::tick, "test");
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

  /** A branch to commit on, create or merge into: {@code branch("s1").commit().add("a", "x").message("m").create()}. */
  public HistoryBuilder.BranchBuilder branch(String name) {
    return history.branch(name);
  }

  /** A commit on no branch (a root commit unless given parents). */
  public HistoryBuilder.CommitBuilder commit() {
    return history.commit();
  }

  /** Commits {@code files} (path, content pairs) on top of {@code branch}, creating it if needed. */
  public ObjectId commit(String branch, String message, String... files) throws IOException {
    HistoryBuilder.CommitBuilder commit = history.branch(branch).commit().message(message);
    for (int i = 0; i + 1 < files.length; i += 2) {
      commit.add(files[i], files[i + 1]);
    }
    return commit.create();
  }

  /** Creates {@code branch} at {@code at} (any revision). */
  public void branch(String branch, String at) throws IOException {
    history.branch(branch).create(repo().resolve(at));
  }

  /** Merges {@code source} into {@code target} with {@code --no-ff}; the message holds any trailers. */
  public ObjectId merge(String target, String source, String message) throws IOException {
    return history.branch(target).merge(source).message(message).create();
  }

  /** The identity of the next commit or ref move: a minute after the last one. */
  public PersonIdent tick() {
    clock = clock.plus(Duration.ofMinutes(1));
    return new PersonIdent(NAME, EMAIL, clock, ZoneOffset.UTC);
  }

  /** Runs the git CLI in the repository (the oracle) and answers its standard output. */
  public String git(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.name=" + NAME, "-c", "user.email=" + EMAIL));
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
    history.close();
    git.close();
  }
}
