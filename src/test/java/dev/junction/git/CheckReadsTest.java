package dev.junction.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading through git gives what JGit gives, in the plain case and in each case git hands back. */
class CheckReadsTest {
  @TempDir Path dir;

  @Test
  void tipsFilesBasesAndChangedPathsAreJGitsThroughGit() throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.commit("main", "base\n", "README", "r\n", "docs/CODEOWNERS", "* @a\n", "src/a.c", "int a;\n");
      repo.commit("topic", "work\n", "src/a.c", "int a2;\n", "src/b/c.h", "int c;\n");
      repo.commit("main", "other\n", "README", "r2\n");
      repo.git("checkout", "-q", "main");
      Files.createSymbolicLink(dir.resolve("link"), Path.of("README"));
      Files.createDirectories(dir.resolve(".github"));
      Files.writeString(dir.resolve(".github/CODEOWNERS"), "* @b\n");
      repo.git("add", "link", ".github/CODEOWNERS");
      repo.git("commit", "-q", "-m", "link");
      repo.git("tag", "-a", "-m", "annotated", "v1", "topic");
      try (CheckReads git = CheckReads.viaGit(repo.repo()); CheckReads jgit = CheckReads.jgit(repo.repo())) {
        for (String name : List.of("main", "topic", "refs/tags/v1", "v1", "nope")) {
          assertThat(git.resolve(name)).as(name).isEqualTo(jgit.resolve(name));
        }
        PlanSource.Tip main = jgit.resolve("main").orElseThrow();
        PlanSource.Tip tag = git.resolve("refs/tags/v1").orElseThrow();
        assertThat(tag.id()).as("peeled to the commit").isEqualTo(jgit.resolve("topic").orElseThrow().id());
        for (String path : List.of("README", "docs/CODEOWNERS", ".github/CODEOWNERS", "CODEOWNERS", "link", "docs",
            "docs/nope", "README/x", "src/b/c.h", "junction.yaml")) {
          assertThat(git.blob(main.id(), path)).as(path).isEqualTo(jgit.blob(main.id(), path));
          assertThat(git.text(main.id(), path)).as(path).isEqualTo(jgit.text(main.id(), path));
        }
        assertThat(git.blob(main.id(), "link")).as("a symlink is no file").isEmpty();
        assertThat(git.text(main.id(), ".github/CODEOWNERS")).contains("* @b\n");
        assertThat(git.measure(tag, main.id())).isEqualTo(jgit.measure(tag, main.id()));
        assertThat(git.measure(tag, main.id()).changedPaths()).containsExactlyInAnyOrder("src/a.c", "src/b/c.h");
        ObjectId blob = git.blob(main.id(), "README").orElseThrow();
        assertThat(git.bytes(blob, 1)).isEqualTo(jgit.bytes(blob, 1)).hasSize(1);
        assertThat(git.throughGit()).as("git answered all of it").isTrue();
      }
    }
  }

  @Test
  void crissCrossAndUnrelatedHistoriesAreMeasuredAsJGitDoes() throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.commit("main", "base\n", "f", "0\n");
      repo.branch("a", "main");
      repo.branch("b", "main");
      repo.commit("a", "a1\n", "a", "1\n");
      repo.commit("b", "b1\n", "b", "1\n");
      repo.branch("a2", "a");
      repo.merge("a", "b", "b into a\n");
      repo.merge("b", "a2", "a into b\n");
      repo.commit().message("root\n").add("g", "1\n").create();
      repo.git("branch", "lone", repo.git("commit-tree", "-m", "lone", repo.git("write-tree").trim()).trim());
      try (CheckReads git = CheckReads.viaGit(repo.repo()); CheckReads jgit = CheckReads.jgit(repo.repo())) {
        PlanSource.Tip a = jgit.resolve("a").orElseThrow();
        PlanSource.Tip b = jgit.resolve("b").orElseThrow();
        PlanSource.Tip lone = jgit.resolve("lone").orElseThrow();
        BranchScan.Measured criss = git.measure(b, a.id());
        assertThat(criss.mergeBases()).as("criss-cross: two bases").hasSize(2);
        assertThat(criss).isEqualTo(jgit.measure(b, a.id()));
        assertThat(git.measure(lone, a.id())).isEqualTo(jgit.measure(lone, a.id()));
        assertThat(git.measure(a, a.id())).isEqualTo(jgit.measure(a, a.id()));
      }
    }
  }

  @Test
  void aCommitsTimeIsItsCommittersNotItsAuthors() {
    String raw = "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n"
        + "author A <a@x> 100 +0000\ncommitter C <c@x> 1700000000 -0700\n\ncommitter X <x@x> 5 +0000\n";
    assertThat(CheckReads.commitTime(raw.getBytes(java.nio.charset.StandardCharsets.UTF_8))).contains(1700000000L);
    assertThat(CheckReads.commitTime("tree x\n\ncommitter X <x@x> 5 +0000\n".getBytes(
        java.nio.charset.StandardCharsets.UTF_8))).as("only headers count").isEmpty();
    assertThat(CheckReads.commitTime("committer C <c@x> soon +0000\n".getBytes(
        java.nio.charset.StandardCharsets.UTF_8))).isEmpty();
  }

  @Test
  void aRepositoryGitCannotReadIsReadByJGit() throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.commit("main", "base\n", "README", "r\n");
      repo.commit("topic", "work\n", "x", "1\n");
      Optional<PlanSource.Tip> expected = PlanSource.resolve(repo.repo(), "topic");
      // git refuses a repository of a format version it does not know; JGit reads it regardless
      repo.git("config", "core.repositoryformatversion", "99");
      try (CheckReads git = CheckReads.viaGit(repo.repo())) {
        assertThat(git.resolve("topic")).isEqualTo(expected);
        PlanSource.Tip main = git.resolve("main").orElseThrow();
        assertThat(git.measure(expected.orElseThrow(), main.id()).changedPaths()).containsExactly("x");
        assertThat(git.throughGit()).isFalse();
      }
    }
  }

  @Test
  void aLooseRefWinsOverItsPackedCopyAndOnlyRefFilesAreRead() throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.commit("main", "base\n", "README", "r\n");
      repo.commit("topic", "work\n", "x", "1\n");
      repo.commit("packed", "p\n", "p", "1\n");
      repo.git("pack-refs", "--all");
      repo.commit("topic", "more\n", "x", "2\n"); // loose again, newer than its packed copy
      repo.git("symbolic-ref", "refs/heads/alias", "refs/heads/main");
      try (CheckReads git = CheckReads.viaGit(repo.repo()); CheckReads jgit = CheckReads.jgit(repo.repo())) {
        for (String name : List.of("topic", "packed", "main", "alias", "refs/heads/topic", "../config", "heads/../../x",
            "refs/heads")) {
          assertThat(git.resolve(name)).as(name).isEqualTo(jgit.resolve(name));
        }
        assertThat(git.resolve("topic").orElseThrow().id().name())
            .isEqualTo(repo.git("rev-parse", "refs/heads/topic").trim());
        assertThat(git.resolve("alias")).as("a symbolic ref is JGit's to read").isPresent();
      }
    }
  }

  @Test
  void mergeBasesAskedEarlyAreTheOnesMeasured() throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.commit("main", "base\n", "README", "r\n");
      repo.commit("topic", "work\n", "x", "1\n");
      repo.commit("other", "o\n", "y", "1\n");
      repo.commit("main", "more\n", "README", "r2\n");
      try (CheckReads git = CheckReads.viaGit(repo.repo()); CheckReads jgit = CheckReads.jgit(repo.repo())) {
        PlanSource.Tip main = jgit.resolve("main").orElseThrow();
        PlanSource.Tip topic = jgit.resolve("topic").orElseThrow();
        PlanSource.Tip other = jgit.resolve("other").orElseThrow();
        git.measureSoon(topic, main.id());
        assertThat(git.measure(other, main.id())).as("another pair asks again").isEqualTo(jgit.measure(other, main.id()));
        assertThat(git.measure(topic, main.id())).isEqualTo(jgit.measure(topic, main.id()));
        git.measureSoon(other, main.id());
      } // closing with an answer never read ends its git
    }
  }
}
