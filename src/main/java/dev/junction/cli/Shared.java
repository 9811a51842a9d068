package dev.junction.cli;

import dev.junction.app.Workspace;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options every repository command takes. */
final class Shared {
  @Option(names = "--repo", paramLabel = "DIR",
      description = "Repository: a work tree or a bare hub (default: the one around the current directory).")
  Path repo;

  @Option(names = "--db", paramLabel = "FILE",
      description = "Event store file (default: junction/junction.db in the repository's git directory).")
  Path db;

  @Option(names = "--json", description = "Print JSON for agents instead of text.")
  boolean json;

  /** Where the options point. */
  Workspace.Location location() {
    return new Workspace.Location(Optional.ofNullable(repo), Optional.ofNullable(db));
  }

  /**
   * Opens the workspace the options name, on the system clock; no repository there is bad input,
   * reported once by {@link ExitCodes#internalError}'s sibling handler in {@link Main}.
   */
  Workspace workspace() throws IOException {
    return Workspace.open(location(), Clock.systemUTC());
  }
}
