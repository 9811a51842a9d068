package dev.junction.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * Seeded random histories, checked against git itself: two branches apply random operations
 * (edits on the same or other lines, renames, deletes, adds, mode changes, binary edits,
 * file/directory swaps, conflict-marker text) and sometimes merge each other first, which gives
 * criss-cross histories with several merge bases.
 */
class GeneratedHistoriesTest {
  enum Op { EDIT, RENAME, DELETE, ADD, CHMOD, BINARY, FILE_TO_DIR, MARKERS }

  @TempDir Path dir;

  /** What the seeds produced, so the set of seeds keeps covering clean, conflicted and criss-cross. */
  static final List<String> OUTCOMES = java.util.Collections.synchronizedList(new ArrayList<>());

  @org.junit.jupiter.api.AfterAll
  static void seedsCoverTheInterestingCases() {
    assertThat(OUTCOMES).contains("clean", "conflicted", "criss-cross");
    assertThat(OUTCOMES.stream().filter(o -> o.startsWith("kind:")).distinct().count()).isGreaterThanOrEqualTo(3);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
  void enginesAgreeWithGit(long seed) throws Exception {
    LoggerFactory.getLogger(GeneratedHistoriesTest.class).info("seed {}", seed);
    Random random = new Random(seed);
    StringBuilder script = new StringBuilder("git init -q -b main . && ");
    for (int f = 0; f < 4; f++) {
      script.append("printf 'a\\nb\\nc\\nd\\ne\\nf\\ng\\nh\\n' > t").append(f).append(" && ");
    }
    script.append("printf '\\000\\001base' > bin && printf 'x\\n<<<<<<< HEAD\\ny\\n=======\\nz\\n>>>>>>> b\\n' > m.md && ")
        .append("git add . && git commit -qm base && ");
    boolean crissCross = random.nextInt(3) == 0;
    EnumSet<Op> used = EnumSet.noneOf(Op.class);
    for (String side : List.of("ours", "theirs")) {
      script.append("git checkout -q main && git checkout -qb ").append(side).append(" && ");
      script.append(ops(random, side, used)).append("git add -A && git commit -qm ").append(side).append("1 && ");
    }
    if (crissCross) {
      script.append("git checkout -q ours && git merge -q --no-edit theirs~0 -X ours >/dev/null 2>&1 || ")
          .append("(git add -A && git commit -qm m1) ; ");
      script.append("git checkout -q theirs && git merge -q --no-edit ours~1 -X theirs >/dev/null 2>&1 || ")
          .append("(git add -A && git commit -qm m2) ; ");
      for (String side : List.of("ours", "theirs")) {
        script.append("git checkout -q ").append(side).append(" && ")
            .append(ops(random, side + "2", used)).append("git add -A && git commit -qm ").append(side).append("2 ; ");
      }
    }
    script.append("true");
    GitOracle.sh(dir, script.toString());
    try (Repository repo = new FileRepositoryBuilder().setWorkTree(dir.toFile()).setMustExist(true).build();
        MergeEngine git = GitMergeTree.start(repo);
        MergeEngine jgit = new JGitMerge(repo)) {
      ObjectId ours = repo.resolve("ours");
      ObjectId theirs = repo.resolve("theirs");
      GitOracle.Answer oracle = GitOracle.mergeTree(dir, ours.name(), theirs.name());
      MergeResult r = git.merge(ours, theirs);
      assertThat(r.clean()).as("seed %d: %s", seed, script).isEqualTo(oracle.clean());
      assertThat(new TreeSet<>(r.paths())).as("seed %d", seed).isEqualTo(new TreeSet<>(oracle.paths()));
      assertThat(r.conflicts()).allSatisfy(c -> assertThat(c.kind()).isNotEqualTo(ConflictKind.OTHER));
      OUTCOMES.add(r.clean() ? "clean" : "conflicted");
      if (crissCross) {
        OUTCOMES.add("criss-cross");
      }
      r.conflicts().forEach(c -> OUTCOMES.add("kind:" + c.kind()));
      Set<String> merged = GitOracle.gitMerge(dir, ours.name(), theirs.name());
      assertThat(MergeEngineTest.aside(r.paths())).containsAll(MergeEngineTest.aside(merged));
      boolean jgitComparable = !crissCross && used.stream().noneMatch(
          o -> o == Op.RENAME || o == Op.FILE_TO_DIR || o == Op.CHMOD);
      if (jgitComparable) {
        MergeResult j = jgit.merge(ours, theirs);
        assertThat(j.clean()).as("jgit, seed %d: %s", seed, script).isEqualTo(r.clean());
        assertThat(new TreeSet<>(j.paths())).as("jgit, seed %d", seed).isEqualTo(new TreeSet<>(r.paths()));
      }
    }
  }

  private static String ops(Random random, String tag, Set<Op> used) {
    StringBuilder s = new StringBuilder();
    int n = 1 + random.nextInt(3);
    List<Op> all = new ArrayList<>(List.of(Op.values()));
    for (int i = 0; i < n; i++) {
      Op op = all.get(random.nextInt(all.size()));
      int f = random.nextInt(4);
      String file = "t" + f;
      // Each operation tolerates the file having been changed by an earlier one.
      switch (op) {
        case EDIT -> s.append("[ -f ").append(file).append(" ] && sed -i 's/^").append((char) ('a' + random.nextInt(8)))
            .append("$/").append(tag).append("/' ").append(file).append(" ; ");
        case RENAME -> s.append("[ -f ").append(file).append(" ] && git mv ").append(file).append(' ')
            .append(file).append("-").append(tag).append(" ; ");
        case DELETE -> s.append("git rm -qf --ignore-unmatch ").append(file).append(" ; ");
        case ADD -> s.append("echo ").append(tag).append(" > new").append(f).append(" ; ");
        case CHMOD -> s.append("[ -f ").append(file).append(" ] && chmod +x ").append(file).append(" ; ");
        case BINARY -> s.append("printf '\\000\\002").append(tag).append("' > bin ; ");
        case FILE_TO_DIR -> s.append("git rm -qf --ignore-unmatch ").append(file).append(" ; mkdir -p ")
            .append(file).append(" && echo ").append(tag).append(" > ").append(file).append("/inner ; ");
        case MARKERS -> s.append("printf '<<<<<<< ").append(tag).append("\\n' >> m.md ; ");
      }
      used.add(op);
    }
    return s.toString();
  }
}
