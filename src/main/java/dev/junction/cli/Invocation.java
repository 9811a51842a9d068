package dev.junction.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What a run reads from its process besides the arguments: the environment, whether standard
 * output is a terminal, and the working directory {@code -C} starts from (without {@code -C} the
 * commands read the process's own). A test passes its own, so nothing mutates the process's
 * environment or depends on where the build runs.
 */
record Invocation(Map<String, String> env, boolean terminal, Path cwd) {
  Invocation {
    env = Map.copyOf(Objects.requireNonNull(env, "env"));
    cwd = Objects.requireNonNull(cwd, "cwd").toAbsolutePath().normalize();
  }

  /** This process's. */
  static Invocation ofProcess() {
    return new Invocation(System.getenv(), System.console() != null, Path.of(""));
  }

  /**
   * Whether help may be coloured: standard output is a terminal and {@code NO_COLOR} is not set
   * to any value but the empty one (https://no-color.org).
   */
  boolean colour() {
    return terminal && env.getOrDefault("NO_COLOR", "").isEmpty();
  }
}
