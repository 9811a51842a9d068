package dev.junction.app;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.StoredConfig;

/**
 * The server a clone is a client of: {@code junction.server} in its git config, which
 * {@code junction join} writes and every command reads before it runs (so reading it opens no
 * repository).
 */
public final class ServerSetting {
  static final String SECTION = "junction";
  static final String KEY = "server";

  private ServerSetting() {}

  /** {@code junction.server} in the git config of the repository around {@code dir}. */
  public static Optional<String> around(Path dir) {
    for (Path d = dir.toAbsolutePath(); d != null; d = d.getParent()) {
      Path config = Files.isDirectory(d.resolve(".git")) ? d.resolve(".git/config")
          : Files.isRegularFile(d.resolve("HEAD")) && Files.isDirectory(d.resolve("objects")) ? d.resolve("config")
          : null;
      if (config == null) {
        continue;
      }
      try {
        String text = Files.readString(config, StandardCharsets.UTF_8);
        if (!text.contains(KEY)) {
          return Optional.empty(); // the usual case, read without parsing
        }
        Config parsed = new Config();
        parsed.fromText(text);
        return Optional.ofNullable(parsed.getString(SECTION, null, KEY)).filter(s -> !s.isBlank());
      } catch (IOException | ConfigInvalidException e) {
        return Optional.empty(); // the local command reads the repository and reports it
      }
    }
    return Optional.empty();
  }

  /** Makes the workspace's repository a client of {@code server}, or, empty, local again. */
  public static void set(Workspace workspace, Optional<URI> server) throws IOException {
    StoredConfig config = workspace.repository().getConfig();
    if (server.isEmpty()) {
      config.unset(SECTION, null, KEY);
    } else {
      config.setString(SECTION, null, KEY, server.get().toString());
    }
    config.save();
  }
}
