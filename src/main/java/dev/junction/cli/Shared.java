package dev.junction.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import dev.junction.git.SystemConfig;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import picocli.CommandLine.Option;

/** Options every repository command takes. */
final class Shared {
  @Option(names = "--repo", paramLabel = "DIR",
      description = "Repository: a work tree or a bare hub (default: the one around the current directory).")
  Path repo;

  @Option(names = "--json", description = "Print JSON for agents instead of text.")
  boolean json;

  /** Opens the repository, or answers empty when there is none at the place named. */
  Optional<Repository> open() throws IOException {
    SystemConfig.locate();
    File start = (repo == null ? Path.of("") : repo).toAbsolutePath().toFile();
    FileRepositoryBuilder builder = new FileRepositoryBuilder().readEnvironment();
    if (repo != null && new File(start, "HEAD").isFile() && new File(start, "objects").isDirectory()) {
      builder.setGitDir(start); // a bare hub named directly
    } else {
      builder.findGitDir(start);
    }
    if (builder.getGitDir() == null) {
      return Optional.empty();
    }
    return Optional.of(builder.setMustExist(true).build());
  }

  /** The repository's event store: {@code junction/junction.db} in its git directory. */
  static dev.junction.store.Store store(Repository repo) throws IOException {
    return dev.junction.store.Store.sqlite(repo.getDirectory().toPath().resolve("junction/junction.db"));
  }

  String where() {
    return repo == null ? "the current directory" : repo.toString();
  }
}
