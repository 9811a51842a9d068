package dev.junction.conflict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.git.MergeEngine;
import dev.junction.plan.Disposition;
import dev.junction.testing.TestRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

class RadarTest {
  @TempDir Path dir;

  static Radar.Report radar(TestRepo repo, String... patterns) throws Exception {
    Radar.Outcome outcome = Radar.run(repo.repo(), new Radar.Request(Optional.of("main"), List.of(patterns), 2),
        () -> MergeEngine.open(repo.repo()), m -> { });
    assertThat(outcome).isInstanceOf(Radar.Report.class);
    return (Radar.Report) outcome;
  }

  static Radar.Pair pair(Radar.Report r, String x, String y) {
    return r.pairs().stream().filter(p -> Set.of(p.a(), p.b()).equals(Set.of(x, y))).findFirst().orElseThrow();
  }

  /** Seeded branches over a shared pool of files; every pair's answer is checked against git. */
  @ParameterizedTest
  @ValueSource(longs = {3, 17, 2026})
  void everyPairAgreesWithGitMergeTree(long seed) throws Exception {
    LoggerFactory.getLogger(RadarTest.class).info("seed {}", seed);
    Random random = new Random(seed);
    try (TestRepo repo = TestRepo.init(dir)) {
      List<String> base = new ArrayList<>();
      for (int f = 0; f < 12; f++) {
        base.add("pool/f" + f + ".txt");
        base.add("1\n2\n3\n4\n5\n6\n");
      }
      repo.commit("main", "base\n", base.toArray(String[]::new));
      for (int b = 0; b < 8; b++) {
        String name = "topic/b" + b;
        repo.branch(name, "main");
        List<String> files = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
          int f = random.nextInt(12);
          files.add("pool/f" + f + ".txt");
          files.add("1\n2\n" + (random.nextBoolean() ? "3\n4-" + name : "3-" + name + "\n4") + "\n5\n6\n");
        }
        files.add("own/" + b + ".txt");
        files.add(name);
        repo.commit(name, "work " + name + "\n", files.toArray(String[]::new));
      }
      Radar.Report r = radar(repo, "refs/heads/topic/*");
      assertThat(r.pairs()).hasSize(28);
      int conflicts = 0;
      for (Radar.Pair p : r.pairs()) {
        Oracle o = oracle(repo, p.a(), p.b());
        if (p.state() == Radar.PairState.INDEPENDENT) {
          assertThat(o.clean()).as("%s x %s was skipped", p.a(), p.b()).isTrue();
        } else {
          assertThat(p.state() == Radar.PairState.CONFLICT).as("%s x %s", p.a(), p.b()).isEqualTo(!o.clean());
          assertThat(new TreeSet<>(p.paths())).isEqualTo(o.paths());
          conflicts += o.clean() ? 0 : 1;
        }
      }
      assertThat(conflicts).as("the seed makes some pairs conflict").isPositive();
      assertThat(r.merges()).isLessThan(8 + 28);
      assertGroupsAreIndependent(r);
    }
  }

  @Test
  void fileDirectoryClashBetweenBranchesIsNotSkipped() throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.commit("main", "base\n", "README", "x\n");
      repo.branch("topic/file", "main");
      repo.branch("topic/dir", "main");
      repo.commit("topic/file", "file\n", "tools", "a file\n");
      repo.commit("topic/dir", "dir\n", "tools/run.sh", "a folder\n");
      Radar.Report r = radar(repo, "topic/*");
      assertThat(pair(r, "topic/file", "topic/dir").state()).isEqualTo(Radar.PairState.CONFLICT);
      assertThat(r.disposition()).isEqualTo(Disposition.NO);
      assertThat(r.groups()).hasSize(2);
    }
  }

  @Test
  void directoryRenameAgainstAnAdditionIsNotSkipped() throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.commit("main", "base\n", "d/a.txt", "a\n", "d/b.txt", "b\n", "other.txt", "o\n");
      repo.branch("topic/rename", "main");
      repo.branch("topic/add", "main");
      repo.git("checkout", "-q", "topic/rename");
      repo.git("mv", "d", "e");
      repo.git("commit", "-qm", "rename d to e");
      repo.git("checkout", "-q", "main");
      repo.commit("topic/add", "add\n", "d/new.txt", "n\n");
      Radar.Report r = radar(repo, "topic/*");
      Radar.Pair p = pair(r, "topic/rename", "topic/add");
      Oracle o = oracle(repo, "topic/rename", "topic/add");
      assertThat(o.clean()).isFalse();
      assertThat(p.state()).isEqualTo(Radar.PairState.CONFLICT);
      assertThat(new TreeSet<>(p.paths())).isEqualTo(o.paths());
    }
  }

  @Test
  void interfaceClashBetweenBranchesThatMergeCleanly() throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      String api = "def claim(\n    task,\n    owner,\n    lease,\n):\n    return task\n";
      repo.commit("main", "base\n", "api.py", api);
      repo.branch("topic/a", "main");
      repo.branch("topic/b", "main");
      repo.branch("topic/c", "main");
      repo.commit("topic/a", "a\n", "api.py", api.replace("    task,", "    task: str,"));
      repo.commit("topic/b", "b\n", "api.py", api.replace("    lease,", "    lease: float,"));
      repo.commit("topic/c", "c\n", "other.py", "x = 1\n");
      Radar.Report r = radar(repo, "topic/*");
      Radar.Pair p = pair(r, "topic/a", "topic/b");
      assertThat(p.state()).isEqualTo(Radar.PairState.INTERFACE);
      assertThat(p.declarations()).containsExactly("api.py: claim");
      assertThat(pair(r, "topic/a", "topic/c").state()).isEqualTo(Radar.PairState.INDEPENDENT);
      assertThat(r.branches()).allMatch(Radar.Branch::clean);
      assertGroupsAreIndependent(r);
    }
  }

  @Test
  void genericOutlineMatchesAreNotesAndThePairStaysClean() throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      String board = "export function land(ref: string): void;\n\n\n\n"
          + "export function land(ref: string, n: number): void;\n\n\n\nexport const x = 1;\n";
      repo.commit("main", "base\n", "board.ts", board);
      repo.branch("topic/a", "main");
      repo.branch("topic/b", "main");
      repo.commit("topic/a", "a\n", "board.ts", board.replace("ref: string)", "ref: string, dry: boolean)"));
      repo.commit("topic/b", "b\n", "board.ts", board.replace("n: number", "n?: number"));
      Radar.Report r = radar(repo, "topic/*");
      Radar.Pair p = pair(r, "topic/a", "topic/b");
      assertThat(p.state()).isEqualTo(Radar.PairState.CLEAN);
      assertThat(p.declarations()).isEmpty();
      assertThat(r.disposition()).isEqualTo(Disposition.DONE);
      assertThat(r.notes()).contains("possible interface overlap, not a finding: topic/a and topic/b both "
          + "change board.ts: land (read with the generic outline, which matches lines, not declarations)");
    }
  }

  @Test
  void jgitEnginesGiveTheSameMatrixWithoutRenames() throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.commit("main", "base\n", "a.txt", "1\n2\n3\n", "b.txt", "x\n");
      for (String name : List.of("topic/x", "topic/y", "topic/z")) {
        repo.branch(name, "main");
      }
      repo.commit("topic/x", "x\n", "a.txt", "1\nX\n3\n");
      repo.commit("topic/y", "y\n", "a.txt", "1\nY\n3\n");
      repo.commit("topic/z", "z\n", "b.txt", "z\n");
      repo.commit("main", "moves on\n", "b.txt", "main\n");
      Radar.Outcome outcome = Radar.run(repo.repo(), new Radar.Request(Optional.of("main"), List.of("topic/*"), 2),
          () -> MergeEngine.jgit(repo.repo()), m -> { });
      Radar.Report jgit = (Radar.Report) outcome;
      Radar.Report git = radar(repo, "topic/*");
      assertThat(jgit.engine()).contains("JGit");
      assertThat(jgit.pairs()).isEqualTo(git.pairs());
      assertThat(jgit.branches()).extracting(Radar.Branch::clean).isEqualTo(
          git.branches().stream().map(Radar.Branch::clean).toList());
      assertThat(pair(jgit, "topic/x", "topic/y").state()).isEqualTo(Radar.PairState.CONFLICT);
      assertThat(jgit.branches().stream().filter(b -> b.name().equals("topic/z")).findFirst().orElseThrow().clean()).isFalse();
    }
  }

  @Test
  void noBranchesIsBadInput() throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.commit("main", "base\n", "README", "x\n");
      Radar.Outcome outcome = Radar.run(repo.repo(), new Radar.Request(Optional.of("main"), List.of("nope/*"), 1),
          () -> MergeEngine.open(repo.repo()), m -> { });
      assertThat(outcome.disposition()).isEqualTo(Disposition.INVALID);
    }
  }

  /** Branches that conflict with the target wait for that first: they are in no group, every other one is. */
  @Test
  void groupsLeaveOutBranchesThatConflictWithTheTarget() throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.commit("main", "base\n", "a.txt", "1\n2\n3\n", "b.txt", "x\n");
      for (String name : List.of("topic/x", "topic/y", "topic/z")) {
        repo.branch(name, "main");
      }
      repo.commit("topic/x", "x\n", "a.txt", "1\nX\n3\n");
      repo.commit("topic/y", "y\n", "c.txt", "y\n");
      repo.commit("topic/z", "z\n", "b.txt", "z\n");
      repo.commit("main", "moves on\n", "b.txt", "main\n");
      Radar.Report r = radar(repo, "topic/*");
      assertThat(r.branches()).filteredOn(b -> !b.clean()).extracting(Radar.Branch::name).containsExactly("topic/z");
      assertThat(r.groups()).containsExactly(List.of("topic/x", "topic/y"));
      assertGroupsAreIndependent(r);
    }
  }

  /** Ownership reaches the radar as advice: a note per owned path, no pair or group changed. */
  @Test
  void ownershipIsANoteThatChangesNoGroup() throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.commit("main", "base\n", "junction.yaml", dev.junction.testing.Plans.TWO_SESSIONS, "README", "r\n");
      repo.branch("coordination", "main");
      repo.branch("s1", "main");
      repo.branch("s2", "main");
      repo.commit("s1", "feat: a\n", "a.txt", "a\n", "b.txt", "one's take on b\n");
      repo.commit("s2", "feat: other\n", "other.txt", "o\n");
      Radar.Outcome outcome = Radar.run(repo.repo(), new Radar.Request(Optional.of("coordination"), List.of(), 2),
          () -> MergeEngine.open(repo.repo()), m -> { });
      Radar.Report r = (Radar.Report) outcome;
      assertThat(r.disposition()).isEqualTo(Disposition.DONE);
      assertThat(r.groups()).containsExactly(List.of("s1", "s2"));
      assertThat(r.notes()).containsExactly("ownership: s1 changes b.txt, owned by two (B deliverable b.txt):"
          + " defer to the owner, notify them");
    }
  }

  static void assertGroupsAreIndependent(Radar.Report r) {
    assertThat(r.groups().stream().flatMap(List::stream).sorted().toList())
        .isEqualTo(r.branches().stream().filter(Radar.Branch::clean).map(Radar.Branch::name).sorted().toList());
    for (List<String> group : r.groups()) {
      for (String a : group) {
        for (String b : group) {
          if (!a.equals(b)) {
            Radar.PairState s = pair(r, a, b).state();
            assertThat(s).isIn(Radar.PairState.INDEPENDENT, Radar.PairState.CLEAN);
          }
        }
      }
    }
  }

  record Oracle(boolean clean, Set<String> paths) {}

  /** A separate {@code git merge-tree} of the two branches; both fork from main's tip. */
  static Oracle oracle(TestRepo repo, String a, String b) throws Exception {
    Process p = new ProcessBuilder("git", "merge-tree", "--write-tree", "--name-only", "--no-messages", b, a)
        .directory(repo.dir().toFile()).redirectErrorStream(true).start();
    List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    p.waitFor(60, TimeUnit.SECONDS);
    return new Oracle(p.exitValue() == 0, lines.stream().skip(1).filter(l -> !l.isEmpty()).collect(Collectors.toCollection(TreeSet::new)));
  }
}
