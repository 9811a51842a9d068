package dev.junction.land;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.git.History;
import dev.junction.git.MergeEngine;
import dev.junction.store.EventStore;
import dev.junction.testing.TestRepo;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eight landers race for one target: every landing lands exactly once or says it did not, and the
 * target's history holds every merge that was reported landed.
 */
@org.junit.jupiter.api.Tag("process")
class ConcurrencyTest {
  static final int LANDERS = 8;

  @TempDir Path dir;

  static String plan(int rounds) {
    StringBuilder p = new StringBuilder("version: 1\nbranches: {main: main, coordination: coordination}\nsessions:\n");
    for (int i = 0; i < LANDERS; i++) {
      p.append("  - {id: s").append(i).append(", branch: b").append(i).append("}\n");
    }
    p.append("phases:\n  - id: p\n    tasks:\n");
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < LANDERS; i++) {
        p.append("      - {id: T").append(r).append('.').append(i).append(", title: t, owner: s").append(i)
            .append(", deliverables: [r").append(r).append("/t").append(i).append(".txt]}\n");
      }
    }
    return p.toString();
  }

  TestRepo setUp(int rounds) throws Exception {
    TestRepo repo = TestRepo.init(dir);
    repo.commit("main", "plan\n", "junction.yaml", plan(rounds));
    repo.branch("coordination", "main");
    for (int i = 0; i < LANDERS; i++) {
      repo.branch("b" + i, "main");
    }
    return repo;
  }

  @Test
  void eightThreadsShareOneStoreForTwentyRoundsAndNoMergeIsLost() throws Exception {
    int rounds = 20;
    try (TestRepo repo = setUp(rounds); EventStore store = EventStore.sqlite(dir.resolve(".git/junction/junction.db"))) {
      Clock clock = Clock.fixed(Instant.parse("2026-11-24T07:00:00Z"), ZoneOffset.UTC);
      ExecutorService pool = Executors.newFixedThreadPool(LANDERS);
      List<MergeEngine> engines = new ArrayList<>();
      for (int i = 0; i < LANDERS; i++) {
        engines.add(MergeEngine.open(repo.repo()));
      }
      Set<String> landed = new HashSet<>();
      int notLanded = 0;
      try {
        for (int r = 0; r < rounds; r++) {
          for (int i = 0; i < LANDERS; i++) {
            repo.commit("b" + i, "feat: round " + r + "\n", "r" + r + "/t" + i + ".txt", "round " + r + " lander " + i + "\n");
          }
          CyclicBarrier start = new CyclicBarrier(LANDERS);
          List<Future<Landing.Outcome>> results = new ArrayList<>();
          for (int i = 0; i < LANDERS; i++) {
            int lander = i;
            // The round's task by name: a lander blocked in an earlier round (the target moved too often
            // under load) keeps that task on its branch, and an unnamed landing would then be refused.
            String task = "T" + r + "." + i;
            results.add(pool.submit((Callable<Landing.Outcome>) () -> {
              start.await(30, TimeUnit.SECONDS);
              return Landing.land(repo.repo(), store, engines.get(lander), new Landing.Request("b" + lander,
                  Optional.empty(), Optional.of(task), Optional.empty(), false,
                  new PersonIdent("Lander " + lander, "l" + lander + "@example.org")), clock, m -> { });
            }));
          }
          for (Future<Landing.Outcome> f : results) {
            Landing.Outcome o = f.get(120, TimeUnit.SECONDS);
            if (o instanceof Landing.Landed l) {
              assertThat(landed.add(l.merge())).as("each merge is reported once").isTrue();
            } else {
              assertThat(o).as("a landing that did not land says why").isInstanceOf(Landing.Blocked.class);
              notLanded++;
            }
          }
        }
      } finally {
        pool.shutdownNow();
        engines.forEach(MergeEngine::close);
      }
      assertThat(landed.size() + notLanded).isEqualTo(rounds * LANDERS);
      assertHistoryHolds(repo, landed);
      assertThat(History.mergedTasks(repo.repo(), repo.repo().resolve("refs/heads/coordination"))).hasSize(landed.size());
      assertThat(repo.repo().getRefDatabase().getRefsByPrefix(Landing.CANDIDATES)).isEmpty();
    }
  }

  /** The target's first-parent chain holds exactly the reported merges, each once. */
  static void assertHistoryHolds(TestRepo repo, Set<String> landed) throws Exception {
    Set<String> onTarget = new HashSet<>();
    try (RevWalk walk = new RevWalk(repo.repo())) {
      RevCommit c = walk.parseCommit(repo.repo().resolve("refs/heads/coordination"));
      ObjectId main = repo.repo().resolve("refs/heads/main");
      while (!c.getId().equals(main)) {
        assertThat(c.getParentCount()).isEqualTo(2);
        assertThat(onTarget.add(c.getName())).isTrue();
        c = walk.parseCommit(c.getParent(0));
      }
    }
    assertThat(onTarget).isEqualTo(landed);
  }

  /**
   * The acceptance as written: eight operating-system processes land eight branches into
   * one target at once, fifty rounds. Each process lives for all rounds (a JVM start per landing
   * would make this test minutes long without racing any harder) and starts each round when the
   * test creates the round's file, after every branch got its new commit.
   */
  @Test
  void eightProcessesLandFiftyRoundsAtOnce() throws Exception {
    int rounds = 50;
    try (TestRepo repo = setUp(rounds)) {
      Path starts = java.nio.file.Files.createDirectories(dir.resolve(".git/starts"));
      List<Process> processes = new ArrayList<>();
      List<java.io.BufferedReader> outputs = new ArrayList<>();
      Set<String> reported = new HashSet<>();
      int notLanded = 0;
      try {
        for (int i = 0; i < LANDERS; i++) {
          Process p = new ProcessBuilder("java", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
              LanderProcess.class.getName(), dir.toString(), "b" + i, String.valueOf(rounds), starts.toString())
              .redirectError(ProcessBuilder.Redirect.DISCARD).start();
          processes.add(p);
          outputs.add(new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
              java.nio.charset.StandardCharsets.UTF_8)));
        }
        for (int r = 0; r < rounds; r++) {
          for (int i = 0; i < LANDERS; i++) {
            repo.commit("b" + i, "feat: round " + r + "\n", "r" + r + "/t" + i + ".txt", "round " + r + "\n");
          }
          java.nio.file.Files.createFile(starts.resolve("round-" + r));
          for (java.io.BufferedReader out : outputs) {
            String line = out.readLine();
            assertThat(line).as("a lander answered round " + r).isNotNull();
            String[] fields = line.split(" ");
            assertThat(fields[0]).isEqualTo(String.valueOf(r));
            if (fields[1].equals("Landed")) {
              assertThat(reported.add(fields[2])).as("each merge is reported once").isTrue();
            } else {
              assertThat(fields[1]).as("a landing that did not land says why").isEqualTo("Blocked");
              notLanded++;
            }
          }
        }
        for (Process p : processes) {
          assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
          assertThat(p.exitValue()).isZero();
        }
      } finally {
        processes.forEach(Process::destroyForcibly);
      }
      assertThat(reported.size() + notLanded).isEqualTo(rounds * LANDERS);
      assertHistoryHolds(repo, reported);
      assertThat(History.mergedTasks(repo.repo(), repo.repo().resolve("refs/heads/coordination"))).hasSize(reported.size());
      assertThat(repo.repo().getRefDatabase().getRefsByPrefix(Landing.CANDIDATES)).isEmpty();
    }
  }
}
