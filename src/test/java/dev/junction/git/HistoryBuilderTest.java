package dev.junction.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.testing.Plans;
import dev.junction.testing.TestRepo;
import java.io.IOException;
import java.nio.file.Path;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history writer the demo and the tests share.
 *
 * <pre>
 *   main, coordination, s1:  P
 *   s1:                      P - A
 *   coordination:            P ------ M   (first parent P, second A)
 * </pre>
 */
class HistoryBuilderTest {
  @Test
  void commitsMoveTheirBranchAndKeepTheParentsFiles(@TempDir Path dir) throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      ObjectId plan = repo.branch("main").commit().add("junction.yaml", Plans.TWO_SESSIONS).message("chore: plan\n").create();
      repo.branch("s1").create(plan);
      ObjectId a = repo.branch("s1").commit().add("a.txt", "a\n").message("feat: a [A]\n").create();
      assertThat(repo.repo().resolve("refs/heads/s1")).isEqualTo(a);
      assertThat(repo.repo().resolve("refs/heads/main")).isEqualTo(plan);
      try (RevWalk walk = new RevWalk(repo.repo())) {
        RevCommit commit = walk.parseCommit(a);
        assertThat(commit.getParents()).containsExactly(walk.parseCommit(plan));
        assertThat(commit.getFullMessage()).isEqualTo("feat: a [A]\n");
        assertThat(commit.getAuthorIdent().getEmailAddress()).isEqualTo(TestRepo.EMAIL);
      }
      assertThat(repo.git("ls-tree", "--name-only", "s1").lines()).containsExactly("a.txt", "junction.yaml");
    }
  }

  @Test
  void mergesAreNoFastForwardWithTheTargetAsFirstParent(@TempDir Path dir) throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      ObjectId plan = repo.commit("main", "chore: plan\n", "junction.yaml", Plans.TWO_SESSIONS);
      repo.branch("coordination").create(plan);
      repo.branch("s1").create(plan);
      ObjectId a = repo.branch("s1").commit().add("a.txt", "a\n").message("feat: a\n").create();
      ObjectId merge = repo.branch("coordination").merge("s1").message("feat: Merge a\n\nJunction-Task: A\n").create();
      assertThat(repo.repo().resolve("refs/heads/coordination")).isEqualTo(merge);
      assertThat(repo.git("rev-parse", "coordination^1", "coordination^2").lines())
          .containsExactly(plan.name(), a.name());
    }
  }

  @Test
  void theSameHistoryHasTheSameIds(@TempDir Path one, @TempDir Path two) throws Exception {
    assertThat(build(one)).isEqualTo(build(two));
  }

  @Test
  void creatingABranchThatExistsMovesNothing(@TempDir Path dir) throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      ObjectId first = repo.commit("main", "first\n", "a.txt", "1\n");
      ObjectId root = repo.commit().add("b.txt", "2\n").message("other root\n").create();
      assertThatThrownBy(() -> repo.branch("main").create(root)).isInstanceOf(IOException.class)
          .hasMessageContaining("refs/heads/main");
      assertThat(repo.repo().resolve("refs/heads/main")).isEqualTo(first);
    }
  }

  private static ObjectId build(Path dir) throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      ObjectId plan = repo.commit("main", "chore: plan\n", "junction.yaml", Plans.ONE_SESSION);
      repo.branch("s1", "main");
      repo.branch("coordination").create(plan);
      repo.commit("s1", "feat: a\n", "a.txt", "a\n");
      return repo.merge("coordination", "s1", "feat: Merge a\n");
    }
  }
}
