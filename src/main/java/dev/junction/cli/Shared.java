package dev.junction.cli;

import dev.junction.app.Actor;
import dev.junction.app.Workspace;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/**
 * Options every repository command takes, and the one way a command reaches its workspace. Made by
 * {@link Main}'s factory with the clock of the run (the system's, or a test's fixed one).
 */
final class Shared {
  private final Clock clock;
  private final Optional<Path> directory;
  private final Optional<Pinned> pinned;
  private final java.util.Map<String, String> env;

  /**
   * Where a run on the server works and who it acts for, whatever the command line says: the hub
   * and its store, and the member the request's token authenticated.
   */
  record Pinned(Workspace.Location location, Actor actor) {}

  /** {@code directory}: where {@code -C} moved the run, the repository's default then. */
  Shared(Clock clock, Optional<Path> directory) {
    this(clock, directory, Optional.empty());
  }

  Shared(Clock clock, Optional<Path> directory, Optional<Pinned> pinned) {
    this(clock, directory, pinned, System.getenv());
  }

  /** {@code env}: the run's environment ({@link Invocation#env}), for the commands that read it. */
  Shared(Clock clock, Optional<Path> directory, Optional<Pinned> pinned, java.util.Map<String, String> env) {
    this.clock = clock;
    this.directory = directory;
    this.pinned = pinned;
    this.env = env;
  }

  /** The run's environment. */
  java.util.Map<String, String> env() {
    return env;
  }

  Shared() {
    this(Clock.systemUTC(), Optional.empty());
  }

  @Option(names = "--repo", paramLabel = "DIR",
      description = "Repository: a work tree or a bare hub (default: the one around the current directory).")
  Path repo;

  @Option(names = "--db", paramLabel = "FILE",
      description = "Event store file (default: junction/junction.db in the repository's git directory).")
  Path db;

  @Option(names = "--json", description = "Print JSON for agents instead of text.")
  boolean json;

  /** The run's clock: the system's, or a test's fixed one. */
  Clock clock() {
    return clock;
  }

  /** Where the options point. */
  Workspace.Location location() {
    return new Workspace.Location(Optional.ofNullable(repo).or(() -> directory), Optional.ofNullable(db));
  }

  /**
   * Opens the workspace the options name, on the run's clock; no repository there is bad input,
   * reported once for every command by {@link ExitCodes#handle}.
   */
  Workspace workspace() throws IOException {
    if (pinned.isPresent()) {
      return Workspace.open(pinned.get().location(), clock).authenticatedAs(pinned.get().actor());
    }
    return Workspace.open(location(), clock);
  }

  /** What a command asks of its workspace: usually one service call. */
  @FunctionalInterface
  interface Operation<T> {
    T on(Workspace workspace) throws Exception;
  }

  /** Opens the workspace, runs {@code operation} on it and closes it again. */
  <T> T call(Operation<T> operation) throws Exception {
    try (Workspace workspace = workspace()) {
      return operation.on(workspace);
    }
  }

  /** Progress on stderr, one {@code command: message} line each, unless JSON was asked for. */
  Consumer<String> progress(PrintWriter err, String command) {
    return m -> {
      if (!json) {
        err.println(command + ": " + m);
        err.flush();
      }
    };
  }
}
