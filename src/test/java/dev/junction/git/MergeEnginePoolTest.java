package dev.junction.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.testing.TestRepo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MergeEnginePoolTest {
  @TempDir Path dir;

  @Test
  void resultsComeInTheJobsOrderFromOneEnginePerThread() throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      ObjectId base = repo.commit("main", "base\n", "f", "a\n");
      repo.branch("clean", "main");
      ObjectId clean = repo.commit("clean", "clean\n", "g", "b\n");
      repo.branch("clash", "main");
      ObjectId clash = repo.commit("clash", "clash\n", "f", "c\n");
      ObjectId ours = repo.commit("main", "ours\n", "f", "d\n");
      AtomicInteger opened = new AtomicInteger();
      List<MergeEnginePool.Job> jobs = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        ObjectId theirs = i % 2 == 0 ? clean : clash;
        jobs.add(engine -> engine.merge(ours, theirs));
      }
      try (MergeEnginePool pool = MergeEnginePool.open(() -> {
        opened.incrementAndGet();
        return MergeEngine.jgit(repo.repo());
      }, 3, "test-merge")) {
        List<MergeResult> results = pool.all(jobs);
        assertThat(results).extracting(MergeResult::clean).containsExactly(true, false, true, false, true, false);
        assertThat(results.get(1).paths()).containsExactly("f");
        assertThat(pool.describe()).endsWith(", 3 in parallel");
      }
      assertThat(opened).hasValue(3);
      assertThat(base).isNotNull();
    }
  }

  @Test
  void aFailingJobFailsTheRunWithItsOwnError() throws Exception {
    try (TestRepo repo = TestRepo.init(dir);
        MergeEnginePool pool = MergeEnginePool.open(() -> MergeEngine.jgit(repo.repo()), 2, "test-merge")) {
      assertThatThrownBy(() -> pool.all(List.of(engine -> {
        throw new IOException("broken object");
      }))).isInstanceOf(IOException.class).hasMessage("broken object");
    }
  }
}
