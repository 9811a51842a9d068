package dev.junction.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The tokens {@code junction join} stored, one per server, in {@code junction/credentials} under
 * {@code XDG_CONFIG_HOME} (default {@code ~/.config}), readable by its owner only: a token is a
 * secret, so it is kept out of the repository's git config, which tools copy and print.
 */
final class Credentials {
  private final Path file;

  private Credentials(Path file) {
    this.file = file;
  }

  /** The credentials file of the user {@code env} describes. */
  static Credentials at(Map<String, String> env) {
    String xdg = env.getOrDefault("XDG_CONFIG_HOME", "");
    Path config = !xdg.isBlank() ? Path.of(xdg) : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")),
        ".config");
    return new Credentials(config.resolve("junction").resolve("credentials"));
  }

  Path file() {
    return file;
  }

  /** The token stored for {@code server}. */
  Optional<String> token(URI server) {
    return Optional.ofNullable(read().getProperty(server.toString())).filter(t -> !t.isBlank());
  }

  /** Stores {@code token} for {@code server}, replacing the file atomically, owner-only. */
  void store(URI server, String token) throws IOException {
    Properties all = read();
    all.setProperty(server.toString(), token);
    Files.createDirectories(file.getParent());
    Path temp = Files.createTempFile(file.getParent(), "credentials", ".tmp",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      StringWriter text = new StringWriter();
      all.store(text, "junction join: a token per server; keep this file private");
      Files.writeString(temp, text.toString(), StandardCharsets.ISO_8859_1);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private Properties read() {
    Properties all = new Properties();
    if (Files.isRegularFile(file)) {
      try (Reader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
        all.load(in);
      } catch (IOException | IllegalArgumentException e) {
        return new Properties(); // unreadable: as if none were stored; join writes it anew
      }
    }
    return all;
  }
}
