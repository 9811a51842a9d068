package dev.junction.git;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * A file replaced whole or not at all: written to a temporary file beside it, then moved over it
 * in one step, so a reader (another process, or the next run after a crash) finds the old content
 * or the new, never half of either, and no temporary file stays behind. The one way Junction
 * replaces a file: the board and STATUS files, the hub's pre-receive hook, the hook's plan memo,
 * the trailer-scan cache. The folder must exist.
 */
public final class AtomicFile {
  /** Written by its owner, read by anyone: documents, caches others read. */
  public static final Set<PosixFilePermission> SHARED = PosixFilePermissions.fromString("rw-r--r--");
  /** A script anyone may run, such as a hook. */
  public static final Set<PosixFilePermission> EXECUTABLE = PosixFilePermissions.fromString("rwxr-xr-x");

  private AtomicFile() {}

  /** What goes into the file, written to the stream given (closed afterwards by the writer). */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Replaces {@code file} with {@code text} in UTF-8. */
  public static void write(Path file, String text, Set<PosixFilePermission> permissions) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    write(file, out -> out.write(bytes), permissions);
  }

  /**
   * Replaces {@code file} with what {@code content} writes, with {@code permissions} where the file
   * system has POSIX permissions.
   */
  public static void write(Path file, Content content, Set<PosixFilePermission> permissions) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Path temp = Files.createTempFile(dir, "." + file.getFileName() + "-", ".tmp");
    try {
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp))) {
        content.writeTo(out);
      }
      try {
        // createTempFile makes it private to the writer
        Files.setPosixFilePermissions(temp, permissions);
      } catch (UnsupportedOperationException notPosix) {
        // the file system's own permissions stand
      }
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
