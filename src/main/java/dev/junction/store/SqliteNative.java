package dev.junction.store;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.OSInfo;

/**
 * Keeps the SQLite driver's native library in a cache directory, so that each process loads it
 * from there instead of the driver writing a fresh copy of it (about 1 MB) to the temporary
 * directory first: that copy was most of a short command's store-opening time. The cache is
 * {@code $XDG_CACHE_HOME/junction} (else {@code ~/.cache/junction}), one folder per driver
 * version; when anything about it fails, the driver does as it always did.
 */
final class SqliteNative {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteNative.class);
  private static final String PATH = "org.sqlite.lib.path";
  private static final String NAME = "org.sqlite.lib.name";
  private static boolean prepared;

  private SqliteNative() {}

  /** Points the driver at the cached library, extracting it there once; before the first connection. */
  static synchronized void prepare() {
    if (prepared || System.getProperty(PATH) != null) {
      prepared = true;
      return;
    }
    prepared = true;
    try {
      String name = System.mapLibraryName("sqlitejdbc");
      String folder = OSInfo.getNativeLibFolderPathForCurrentOS();
      URL resource = SQLiteJDBCLoader.class.getResource("/org/sqlite/native/" + folder + "/" + name);
      Path base = cacheHome();
      if (resource == null || base == null) {
        return;
      }
      Path dir = base.resolve("junction").resolve("sqlite-" + SQLiteJDBCLoader.getVersion()).resolve(folder);
      Path lib = dir.resolve(name);
      URLConnection connection = resource.openConnection();
      long size = connection.getContentLengthLong();
      if (!Files.isRegularFile(lib) || Files.size(lib) != size) {
        Files.createDirectories(dir);
        Path part = Files.createTempFile(dir, name, ".part");
        try (InputStream in = connection.getInputStream()) {
          Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
          Files.move(part, lib, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
          Files.deleteIfExists(part);
        }
      } else {
        connection.getInputStream().close();
      }
      System.setProperty(PATH, dir.toString());
      System.setProperty(NAME, name);
    } catch (IOException | RuntimeException e) {
      LOG.debug("SQLite's native library is not cached; the driver extracts it itself", e);
    }
  }

  private static Path cacheHome() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg);
    }
    String home = System.getProperty("user.home");
    return home == null || home.isBlank() ? null : Path.of(home, ".cache");
  }
}
