package dev.junction.git;

import java.io.File;
import java.util.Optional;
import org.eclipse.jgit.util.FS;

/**
 * Tells JGit where git's system-wide config lives. Left alone, JGit starts {@code git --version}
 * and {@code git config --system --show-origin} to ask, which costs a short command two process
 * starts. The answer is found the way git's own build places it: {@code GIT_CONFIG_SYSTEM} when
 * set, else {@code etc/gitconfig} under the prefix of the {@code git} on the {@code PATH}, with
 * git's rule that the {@code /usr} prefix keeps it in {@code /etc}.
 */
public final class SystemConfig {
  private static volatile boolean located;

  private SystemConfig() {}

  /** Sets JGit's system config location once per process; later calls do nothing. */
  public static synchronized void locate() {
    if (located) {
      return;
    }
    located = true;
    Optional<File> file = Optional.ofNullable(System.getenv("GIT_CONFIG_SYSTEM")).map(File::new)
        .or(() -> gitOnPath().map(SystemConfig::forGit));
    file.ifPresent(FS.DETECTED::setGitSystemConfig);
  }

  static File forGit(File git) {
    File prefix = git.getAbsoluteFile().getParentFile().getParentFile();
    if (prefix == null || prefix.getPath().equals("/usr")) {
      return new File("/etc/gitconfig");
    }
    return new File(new File(prefix, "etc"), "gitconfig");
  }

  private static Optional<File> gitOnPath() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      File git = new File(dir.isEmpty() ? "." : dir, "git");
      if (git.isFile() && git.canExecute()) {
        return Optional.of(git);
      }
    }
    return Optional.empty();
  }
}
