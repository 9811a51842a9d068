package dev.junction.app;

import dev.junction.git.GitVersion;
import dev.junction.git.SystemConfig;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneId;
import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.internal.JGitText;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * What opening a repository costs a short command the first time, done ahead: JGit's
 * file-system and user-config set-up, its message bundle, SHA-1, the time zone, and (for a
 * command that merges) the version of the git on the PATH. Nothing depends on it having run.
 */
public final class Warmup {
  private Warmup() {}

  /**
   * Readies all of it; a problem is left for the command, which meets and reports it.
   *
   * @param merging whether the command starts a merge engine, which asks git's version first
   * @return the problem met, if any, for the caller's log
   */
  public static java.util.Optional<String> ready(boolean merging) {
    try {
      if (merging) {
        GitVersion.detect();
      }
      SystemConfig.locate();
      FS.DETECTED.userHome();
      SystemReader.getInstance().getUserConfig();
      JGitText.get();
      MessageDigest.getInstance("SHA-1");
      ZoneId.systemDefault();
      return java.util.Optional.empty();
    } catch (NoSuchAlgorithmException | RuntimeException | IOException | ConfigInvalidException e) {
      return java.util.Optional.of(e.toString());
    }
  }
}
