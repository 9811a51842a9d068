package dev.junction.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The version of the {@code git} on the PATH, asked once per process. */
public record GitVersion(int major, int minor, int patch, String text) {
  private static final Pattern VERSION = Pattern.compile("git version (\\d+)\\.(\\d+)(?:\\.(\\d+))?.*");
  private static volatile Optional<GitVersion> detected;

  /**
   * Whether {@code git merge-tree --write-tree --stdin -z --messages} exists: {@code --write-tree}
   * came with git 2.38, {@code --stdin} with 2.39.
   */
  public boolean hasMergeTreeStdin() {
    return major > 2 || (major == 2 && minor >= 39);
  }

  /** The git on the PATH, or empty when there is none (or it cannot be run). */
  public static Optional<GitVersion> detect() {
    Optional<GitVersion> v = detected;
    if (v == null) {
      v = ask();
      detected = v;
    }
    return v;
  }

  static Optional<GitVersion> parse(String text) {
    Matcher m = VERSION.matcher(text.strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(new GitVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
        m.group(3) == null ? 0 : Integer.parseInt(m.group(3)), text.strip()));
  }

  private static Optional<GitVersion> ask() {
    try {
      Process p = new ProcessBuilder("git", "--version").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        return Optional.empty();
      }
      return parse(out);
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
