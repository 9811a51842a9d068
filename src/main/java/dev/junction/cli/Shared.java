package dev.junction.cli;

import dev.junction.app.Workspace;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.jgit.lib.Repository;
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

  /** Opens the repository, or answers empty when there is none at the place named. */
  Optional<Repository> open() throws IOException {
    try {
      Workspace w = workspace();
      Repository r = w.repository();
      r.incrementOpen();
      w.close();
      return Optional.of(r);
    } catch (dev.junction.app.InvalidInput e) {
      return Optional.empty();
    }
  }

  /** The repository's event store: {@code junction/junction.db} in its git directory. */
  static dev.junction.store.EventStore store(Repository repo) throws IOException {
    return dev.junction.store.EventStore.sqlite(repo.getDirectory().toPath().resolve(Workspace.STORE));
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

  String where() {
    return repo == null ? "the current directory" : repo.toString();
  }
}
