package dev.junction.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.testing.TestRepo;
import java.io.IOException;
import java.nio.file.Path;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitMergeTreeTest {
  @TempDir Path dir;

  @Test
  void failedMergeReportsGitsReasonAndTheNextMergeRestartsTheProcess() throws Exception {
    try (TestRepo repo = TestRepo.init(dir); GitMergeTree engine = GitMergeTree.start(repo.repo())) {
      ObjectId a = repo.commit("main", "a\n", "f", "1\n");
      ObjectId missing = ObjectId.fromString("0123456789012345678901234567890123456789");
      assertThatThrownBy(() -> engine.merge(a, missing))
          .isInstanceOf(IOException.class).hasMessageContaining("git merge-tree failed");
      repo.branch("b", "main");
      ObjectId b = repo.commit("b", "b\n", "g", "2\n");
      MergeResult r = engine.merge(a, b);
      assertThat(r.clean()).isTrue();
      assertThat(r.tree()).isPresent();
    }
  }

  @Test
  void manyMergesOnOneProcessKeepTheirOrder() throws Exception {
    try (TestRepo repo = TestRepo.init(dir); GitMergeTree engine = GitMergeTree.start(repo.repo())) {
      repo.commit("main", "base\n", "f", "1\n2\n3\n");
      repo.branch("x", "main");
      repo.branch("y", "main");
      ObjectId x = repo.commit("x", "x\n", "f", "1\nx\n3\n");
      ObjectId y = repo.commit("y", "y\n", "f", "1\ny\n3\n");
      ObjectId main = repo.repo().resolve("main");
      for (int i = 0; i < 20; i++) {
        assertThat(engine.merge(x, y).clean()).isFalse();
        assertThat(engine.merge(main, x).clean()).isTrue();
      }
    }
  }

  @Test
  void aStartedMergeAnswersLikeMergeAndAnAnswerNotYetReadIsKeptForItsHandle() throws Exception {
    try (TestRepo repo = TestRepo.init(dir); GitMergeTree engine = GitMergeTree.start(repo.repo())) {
      repo.commit("main", "base\n", "f", "1\n2\n3\n");
      repo.branch("x", "main");
      repo.branch("y", "main");
      ObjectId x = repo.commit("x", "x\n", "f", "1\nx\n3\n");
      ObjectId y = repo.commit("y", "y\n", "f", "1\ny\n3\n");
      ObjectId main = repo.repo().resolve("main");
      MergeResult direct = engine.merge(x, y);
      MergeEngine.Pending conflicted = engine.start(x, y);
      MergeEngine.Pending clean = engine.start(main, x); // asked before the first answer was read
      assertThat(clean.result().clean()).isTrue();
      assertThat(conflicted.result()).isEqualTo(direct);
      assertThat(conflicted.result()).isSameAs(conflicted.result());
      assertThat(engine.merge(x, y)).isEqualTo(direct);
    }
  }

  @Test
  void aStartedMergeThatFailsReportsGitsReasonAndTheNextMergeRestartsTheProcess() throws Exception {
    try (TestRepo repo = TestRepo.init(dir); GitMergeTree engine = GitMergeTree.start(repo.repo())) {
      ObjectId a = repo.commit("main", "a\n", "f", "1\n");
      ObjectId missing = ObjectId.fromString("0123456789012345678901234567890123456789");
      MergeEngine.Pending failing = engine.start(a, missing);
      assertThatThrownBy(failing::result)
          .isInstanceOf(IOException.class).hasMessageContaining("git merge-tree failed");
      assertThat(engine.merge(a, a).clean()).isTrue();
    }
  }

  @Test
  void closingWithAnAnswerNotReadEndsGitAtOnce() throws Exception {
    TestRepo repo = TestRepo.init(dir);
    try (repo) {
      ObjectId a = repo.commit("main", "a\n", "f", "1\n");
      GitMergeTree engine = GitMergeTree.start(repo.repo());
      engine.start(a, a);
      engine.close();
      assertThat(engine.merge(a, a).clean()).isTrue(); // a closed engine restarts git when used again
      engine.close();
    }
  }

  @Test
  void unrelatedHistoriesMergeAsFromAnEmptyBase() throws Exception {
    try (TestRepo repo = TestRepo.init(dir); GitMergeTree engine = GitMergeTree.start(repo.repo())) {
      ObjectId a = repo.commit("main", "a\n", "f", "1\n");
      ObjectId b = repo.commit("other", "b\n", "f", "2\n");
      MergeResult r = engine.merge(a, b);
      assertThat(r.paths()).containsExactly("f");
      assertThat(r.conflicts().get(0).kind()).isEqualTo(ConflictKind.ADD_ADD);
    }
  }

  @Test
  void parsesGitVersions() {
    assertThat(GitVersion.parse("git version 2.39.5\n")).hasValueSatisfying(v -> {
      assertThat(v.minor()).isEqualTo(39);
      assertThat(v.hasMergeTreeStdin()).isTrue();
    });
    assertThat(GitVersion.parse("git version 2.38.1").orElseThrow().hasMergeTreeStdin()).isFalse();
    assertThat(GitVersion.parse("git version 3.0").orElseThrow().hasMergeTreeStdin()).isTrue();
    assertThat(GitVersion.parse("git version 2.45.0.windows.1").orElseThrow().patch()).isZero();
    assertThat(GitVersion.parse("not git")).isEmpty();
  }

  @Test
  void theDefaultEngineIsGitWhenGitIsNewEnough() throws Exception {
    try (TestRepo repo = TestRepo.init(dir); MergeEngine engine = MergeEngine.open(repo.repo())) {
      assertThat(engine.detectsRenames()).isEqualTo(GitVersion.detect().orElseThrow().hasMergeTreeStdin());
      assertThat(engine.describe()).isNotBlank();
    }
  }
}
