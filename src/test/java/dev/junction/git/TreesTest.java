package dev.junction.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreesTest {
  @TempDir Path dir;
  @TempDir Path viaGit;
  @TempDir Path viaJGit;

  @Test
  void gitArchiveAndJGitWriteTheSameCopy() throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      Files.writeString(dir.resolve("run.sh"), "#!/bin/sh\necho ok\n");
      dir.resolve("run.sh").toFile().setExecutable(true);
      Files.createDirectories(dir.resolve("a/b"));
      Files.writeString(dir.resolve("a/b/c.txt"), "deep\n");
      Files.createSymbolicLink(dir.resolve("link"), Path.of("a/b/c.txt"));
      repo.git("add", "-A");
      repo.git("commit", "-qm", "tree");
      ObjectId c = repo.repo().resolve("HEAD");
      Trees.extract(repo.repo(), c, viaGit);
      Trees.extractWithJGit(repo.repo(), c, viaJGit);
      for (Path copy : new Path[] {viaGit, viaJGit}) {
        assertThat(copy.resolve("a/b/c.txt")).hasContent("deep");
        assertThat(Files.isExecutable(copy.resolve("run.sh"))).isTrue();
        assertThat(Files.isSymbolicLink(copy.resolve("link"))).isTrue();
        assertThat(Files.readSymbolicLink(copy.resolve("link"))).isEqualTo(Path.of("a/b/c.txt"));
        assertThat(copy.resolve(".git")).doesNotExist();
      }
    }
  }
}
