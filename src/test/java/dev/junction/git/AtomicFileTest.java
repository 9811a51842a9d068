package dev.junction.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file replaced whole or not at all, with the permissions asked for and no temporary file left. */
class AtomicFileTest {
  @TempDir Path dir;

  static String permissions(Path file) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }

  long entries() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.count();
    }
  }

  @Test
  void replacesTheFileWithThePermissionsAskedFor() throws IOException {
    Path board = dir.resolve("BOARD.md");
    Files.writeString(board, "old\n");

    AtomicFile.write(board, "# board ✅\n", AtomicFile.SHARED);
    assertThat(board).hasContent("# board ✅\n");
    assertThat(permissions(board)).isEqualTo("rw-r--r--");

    Path hook = dir.resolve("pre-receive");
    AtomicFile.write(hook, out -> out.write("#!/bin/sh\n".getBytes()), AtomicFile.EXECUTABLE);
    assertThat(hook).hasContent("#!/bin/sh\n");
    assertThat(permissions(hook)).isEqualTo("rwxr-xr-x");
    assertThat(entries()).isEqualTo(2);
  }

  @Test
  void aWriteThatFailsHalfWayLeavesTheOldFileAndNoTemporaryOne() throws IOException {
    Path memo = dir.resolve("memo");
    Files.writeString(memo, "whole\n");

    assertThatThrownBy(() -> AtomicFile.write(memo, out -> {
      out.write("half".getBytes());
      out.flush();
      throw new IOException("disk full");
    }, AtomicFile.SHARED)).hasMessage("disk full");

    assertThat(memo).hasContent("whole\n");
    assertThat(entries()).isEqualTo(1);
  }

  @Test
  void aMissingFolderIsAnErrorAndNothingIsCreated() {
    Path file = dir.resolve("no/such/BOARD.md");

    assertThatThrownBy(() -> AtomicFile.write(file, "x", AtomicFile.SHARED)).isInstanceOf(NoSuchFileException.class);
    assertThat(dir.resolve("no")).doesNotExist();
  }
}
