package dev.junction.cli;

import dev.junction.app.Warmup;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readies, on a second thread while picocli parses the command line, what opening a repository
 * costs a short command the first time ({@link Warmup}). The command then finds it done; nothing it
 * does depends on this having run.
 */
final class Preload {
  private static final Logger LOG = LoggerFactory.getLogger(Preload.class);
  /** The commands that start a merge engine, which asks git's version first. */
  private static final Set<String> MERGING = Set.of("check", "radar", "land", "sync", "mr", "rollback", "gate");
  /** The commands that never open a repository. */
  private static final Set<String> NO_REPOSITORY = Set.of("completion", "man", "help", "demo", "bench");

  private Preload() {}

  /**
   * Starts readying for {@code command} (the first word that is not an option) when it opens a
   * repository, on a daemon thread, which it answers.
   */
  static Optional<Thread> start(String command) {
    if (command == null || NO_REPOSITORY.contains(command) || !Main.COMMANDS.containsKey(command)) {
      return Optional.empty();
    }
    boolean merging = MERGING.contains(command);
    Thread t = new Thread(() -> ready(merging), "junction-preload");
    t.setDaemon(true);
    t.start();
    return Optional.of(t);
  }

  private static void ready(boolean merging) {
    Warmup.ready(merging).ifPresent(problem -> LOG.debug("preload: {}", problem));
  }

}
