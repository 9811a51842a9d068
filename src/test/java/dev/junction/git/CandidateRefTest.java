package dev.junction.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.testing.TestRepo;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every ref move is checked: a compare-and-swap that fails is an error naming the ref, and moves nothing. */
class CandidateRefTest {
  static final String REF = "refs/junction/candidates/20261124070000-abc";
  static final PersonIdent WHO = new PersonIdent("Lander", "one@example.org", Instant.parse("2026-11-24T07:00:00Z"),
      ZoneOffset.UTC);

  @TempDir Path dir;

  @Test
  void aCandidateIsHeldWhileOpenAndDeletedOnClose() throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      ObjectId one = repo.commit("main", "one\n", "a", "1\n");
      try (Refs.Held held = Refs.hold(repo.repo(), REF, one, WHO, "test")) {
        assertThat(repo.repo().resolve(held.refName())).isEqualTo(one);
      }
      assertThat(repo.repo().exactRef(REF)).isNull();
    }
  }

  @Test
  void creatingACandidateThatExistsFailsAndLeavesItWhereItWas() throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      ObjectId one = repo.commit("main", "one\n", "a", "1\n");
      ObjectId two = repo.commit("main", "two\n", "a", "2\n");
      Refs.move(repo.repo(), REF, ObjectId.zeroId(), one, WHO, "another landing");
      assertThatThrownBy(() -> Refs.hold(repo.repo(), REF, two, WHO, "test"))
          .isInstanceOfSatisfying(Refs.NotMoved.class, e -> {
            assertThat(e.refName()).isEqualTo(REF);
            assertThat(e.result()).isEqualTo(RefUpdate.Result.LOCK_FAILURE);
            assertThat(e.swap()).isEqualTo(Refs.Swap.LOST_RACE);
            assertThat(e).hasMessage(REF + " was not moved to " + two.name() + ": LOCK_FAILURE");
          });
      assertThat(repo.repo().resolve(REF)).isEqualTo(one);
    }
  }

  @Test
  void deletingACandidateSomeoneMovedFailsAndLeavesIt() throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      ObjectId one = repo.commit("main", "one\n", "a", "1\n");
      ObjectId two = repo.commit("main", "two\n", "a", "2\n");
      Refs.Held held = Refs.hold(repo.repo(), REF, one, WHO, "test");
      Refs.move(repo.repo(), REF, one, two, WHO, "someone else");
      assertThatThrownBy(held::close).isInstanceOfSatisfying(Refs.NotMoved.class, e -> {
        assertThat(e.refName()).isEqualTo(REF);
        assertThat(e).hasMessage(REF + " was not deleted: LOCK_FAILURE");
      });
      assertThat(repo.repo().resolve(REF)).isEqualTo(two);
    }
  }

  @Test
  void aMoveFromAStaleTipFailsAndTheBranchStays() throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      ObjectId one = repo.commit("main", "one\n", "a", "1\n");
      ObjectId two = repo.commit("main", "two\n", "a", "2\n");
      assertThat(Refs.compareAndSwap(repo.repo(), "refs/heads/main", one, one, WHO, "stale"))
          .isEqualTo(Refs.Swap.LOST_RACE);
      assertThatThrownBy(() -> Refs.move(repo.repo(), "refs/heads/main", one, one, WHO, "stale"))
          .isInstanceOf(Refs.NotMoved.class).hasMessageContaining("refs/heads/main");
      assertThat(repo.repo().resolve("refs/heads/main")).isEqualTo(two);
    }
  }

  @Test
  void headIsLinkedToABranch() throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      ObjectId one = repo.commit("main", "one\n", "a", "1\n");
      repo.branch("coordination", "main");
      Refs.link(repo.repo(), "HEAD", "refs/heads/coordination");
      Refs.link(repo.repo(), "HEAD", "refs/heads/coordination"); // already there: no change, no error
      assertThat(repo.repo().exactRef("HEAD").getTarget().getName()).isEqualTo("refs/heads/coordination");
      assertThat(repo.repo().resolve("HEAD")).isEqualTo(one);
    }
  }

  @Test
  void aCandidateWhoseFolderCannotBeMadeFailsAfterItsAttemptsAndLeavesNoRef() throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      ObjectId one = repo.commit("main", "one\n", "a", "1\n");
      java.nio.file.Path blocker = repo.repo().getDirectory().toPath().resolve("refs/junction/candidates");
      java.nio.file.Files.createDirectories(blocker.getParent());
      java.nio.file.Files.writeString(blocker, "not a folder\n");
      assertThatThrownBy(() -> Refs.hold(repo.repo(), REF, one, WHO, "test"))
          .isInstanceOf(java.io.IOException.class).isNotInstanceOf(Refs.NotMoved.class)
          .hasMessageContaining("refs/junction/candidates");
      assertThat(java.nio.file.Files.readString(blocker)).isEqualTo("not a folder\n");
      java.nio.file.Files.delete(blocker);
      assertThat(repo.repo().exactRef(REF)).isNull();
    }
  }
}
