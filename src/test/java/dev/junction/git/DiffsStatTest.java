package dev.junction.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.testing.TestRepo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Diffs#stat} counts as {@code git diff --numstat} does. */
class DiffsStatTest {
  @Test
  void countsAddedAndDeletedLinesLikeGitNumstat(@TempDir Path dir) throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      StringBuilder long1 = new StringBuilder();
      StringBuilder long2 = new StringBuilder();
      for (int i = 0; i < 50; i++) {
        long1.append("line ").append(i).append('\n');
        long2.append(i % 7 == 0 ? "changed " : "line ").append(i).append('\n');
      }
      ObjectId base = repo.commit("main", "base\n", "a.txt", "one\ntwo\nthree\n", "long.txt", long1.toString(),
          "bin.dat", "x\u0000y");
      ObjectId tip = repo.commit("main", "change\n", "a.txt", "one\n2\nthree\nfour\n", "long.txt", long2.toString(),
          "new/b.py", "print(1)\nprint(2)\n", "bin.dat", "x\u0000z");
      List<String> ours = new ArrayList<>();
      for (Diffs.Stat s : Diffs.stat(repo.repo(), base, tip)) {
        ours.add((s.binary() ? "-\t-" : s.added() + "\t" + s.deleted()) + "\t" + s.path());
      }
      List<String> git = repo.git("diff", "--numstat", "-M", base.name(), tip.name()).lines().toList();
      assertThat(ours).containsExactlyInAnyOrderElementsOf(git);
      assertThat(Diffs.stat(repo.repo(), base, tip).stream().mapToInt(Diffs.Stat::changed).sum()).isEqualTo(3 + 16 + 2);
    }
  }
}
