package dev.junction.land;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.gate.Runner;
import dev.junction.git.History;
import dev.junction.git.Trailers;
import dev.junction.store.Store;
import dev.junction.testing.TestRepo;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A landing process killed with SIGKILL, then {@code resume}: the repository and the store agree,
 * the target never points at an ungated commit, and nothing the landing made is left behind.
 */
class CrashTest {
  static final String PLAN = """
      version: 1
      branches: {main: main, coordination: coordination}
      sessions: [{id: one, branch: s1}]
      phases: [{id: p, tasks: [{id: A, title: first, owner: one, deliverables: [a.txt]}]}]
      gates:
        - {name: stage, command: "%s", stages: [component], timeout: 60s}
        - {name: post, command: "%s", post_merge: true, timeout: 3s}
      """;

  @TempDir Path dir;

  /** An integration batch of s1 then s2, whose validation outlives its timeout. */
  static final String BATCH_PLAN = """
      version: 1
      branches: {main: main, coordination: coordination}
      sessions: [{id: one, branch: s1}, {id: two, branch: s2}]
      phases:
        - id: p
          tasks:
            - {id: A, title: first, owner: one, deliverables: [a.txt]}
            - {id: B, title: second, owner: two, deliverables: [b.txt], depends_on: [A]}
      gates:
        - {name: post, command: "sleep 50", post_merge: true, timeout: 3s}
      """;

  Process landInAnotherProcess(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("java", "-cp", System.getProperty("java.class.path"),
        "dev.junction.cli.Main", "land"));
    command.addAll(args.length == 0 ? List.of("s1") : List.of(args));
    command.addAll(List.of("--repo", dir.toString(), "--as", "one@example.org"));
    return new ProcessBuilder(command)
        .redirectErrorStream(true).redirectOutput(dir.resolve("land.out").toFile()).start();
  }

  static void awaitEvent(Path db, String kind) throws Exception {
    for (int i = 0; i < 600; i++) {
      if (Files.exists(db)) {
        try (Store store = Store.sqlite(db)) {
          if (!store.events(kind).isEmpty()) {
            return;
          }
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no " + kind + " event");
  }

  List<Path> copiesOf(long pid) throws Exception {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of(System.getProperty("java.io.tmpdir")),
        Runner.COPY_PREFIX + pid + "-*")) {
      dirs.forEach(out::add);
    }
    return out;
  }

  Recovery.Report resume(Path db) throws Exception {
    Clock clock = Clock.fixed(Instant.parse("2026-11-24T08:00:00Z"), ZoneOffset.UTC);
    try (Store store = Store.sqlite(db); TestRepo again = TestRepo.open(dir)) {
      return Recovery.resume(again.repo(), store, new PersonIdent("Ops", "ops@example.org"), clock, m -> { });
    }
  }

  @Test
  void killedDuringTheGatesIsUndone() throws Exception {
    ObjectId before;
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.commit("main", "plan\n", "junction.yaml", PLAN.formatted("sleep 50", "true"));
      repo.branch("coordination", "main");
      repo.branch("s1", "main");
      repo.commit("s1", "feat: a\n", "a.txt", "a\n");
      before = repo.repo().resolve("refs/heads/coordination");
    }
    Path db = dir.resolve(".git/junction/junction.db");
    Process p = landInAnotherProcess();
    awaitEvent(db, "land.candidate");
    Thread.sleep(1500); // inside the gate's sleep by now
    long pid = p.pid();
    p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    try (TestRepo repo = TestRepo.open(dir)) {
      assertThat(repo.repo().resolve("refs/heads/coordination")).as("the target never moved").isEqualTo(before);
      assertThat(repo.repo().getRefDatabase().getRefsByPrefix(Landing.CANDIDATES)).hasSize(1);
    }
    assertThat(copiesOf(pid)).isNotEmpty();
    Recovery.Report report = resume(db);
    assertThat(report.landings()).singleElement().asString().contains("undone");
    try (TestRepo repo = TestRepo.open(dir); Store store = Store.sqlite(db)) {
      assertThat(repo.repo().getRefDatabase().getRefsByPrefix(Landing.CANDIDATES)).isEmpty();
      assertThat(repo.repo().resolve("refs/heads/coordination")).isEqualTo(before);
      assertThat(store.events("land.aborted")).hasSize(1);
    }
    assertThat(copiesOf(pid)).isEmpty();
    assertThat(resume(db).clean()).isTrue();
  }

  @Test
  void killedDuringPostMergeValidationIsCompletedAndRolledBack() throws Exception {
    ObjectId before;
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.commit("main", "plan\n", "junction.yaml", PLAN.formatted("true", "sleep 50"));
      repo.branch("coordination", "main");
      repo.branch("s1", "main");
      repo.commit("s1", "feat: a\n", "a.txt", "a\n");
      before = repo.repo().resolve("refs/heads/coordination");
    }
    Path db = dir.resolve(".git/junction/junction.db");
    Process p = landInAnotherProcess();
    awaitEvent(db, "land.moved");
    p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    ObjectId merge;
    try (TestRepo repo = TestRepo.open(dir); Store store = Store.sqlite(db)) {
      merge = repo.repo().resolve("refs/heads/coordination");
      assertThat(merge).isNotEqualTo(before);
      // The target points at the candidate, which passed the stage gate before the move.
      assertThat(store.events("gate.run", merge.name())).anySatisfy(e ->
          assertThat(e.payload()).contains("\"gate\":\"stage\"", "\"status\":\"passed\""));
    }
    Recovery.Report report = resume(db);
    assertThat(report.landings()).singleElement().asString().contains("validation failed; reverted by");
    try (TestRepo repo = TestRepo.open(dir); RevWalk walk = new RevWalk(repo.repo()); Store store = Store.sqlite(db)) {
      var tip = walk.parseCommit(repo.repo().resolve("refs/heads/coordination"));
      assertThat(tip.getParent(0).getId()).isEqualTo(merge);
      assertThat(tip.getTree().getId()).isEqualTo(walk.parseCommit(before).getTree().getId());
      assertThat(store.events("rollback")).hasSize(1);
      assertThat(repo.repo().getRefDatabase().getRefsByPrefix(Landing.CANDIDATES)).isEmpty();
    }
  }

  @Test
  void aBatchKilledDuringPostMergeValidationIsRevertedAsAWhole() throws Exception {
    ObjectId before;
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.commit("main", "plan\n", "junction.yaml", BATCH_PLAN);
      repo.branch("coordination", "main");
      repo.branch("s1", "main");
      repo.branch("s2", "main");
      repo.commit("s1", "feat: a\n", "a.txt", "a\n");
      repo.commit("s2", "feat: b\n", "b.txt", "b\n");
      before = repo.repo().resolve("refs/heads/coordination");
    }
    Path db = dir.resolve(".git/junction/junction.db");
    Process p = landInAnotherProcess("--stage", "integration", "s1", "s2");
    awaitEvent(db, "land.moved");
    p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    ObjectId last;
    try (TestRepo repo = TestRepo.open(dir); RevWalk walk = new RevWalk(repo.repo())) {
      last = repo.repo().resolve("refs/heads/coordination");
      var first = walk.parseCommit(walk.parseCommit(last).getParent(0));
      assertThat(first.getParent(0).getId()).as("both merges landed by one move").isEqualTo(before);
    }
    Recovery.Report report = resume(db);
    assertThat(report.landings()).singleElement().asString().contains("validation failed; reverted by");
    try (TestRepo repo = TestRepo.open(dir); RevWalk walk = new RevWalk(repo.repo()); Store store = Store.sqlite(db)) {
      var tip = walk.parseCommit(repo.repo().resolve("refs/heads/coordination"));
      assertThat(store.events("rollback")).singleElement().satisfies(e -> assertThat(e.subject()).isEqualTo(last.name()));
      assertThat(tip.getParent(0).getId()).isEqualTo(last);
      assertThat(tip.getTree().getId()).isEqualTo(walk.parseCommit(before).getTree().getId());
      assertThat(Trailers.values(tip.getFullMessage(), Trailers.REVERT)).hasSize(2);
      assertThat(History.mergedTasks(repo.repo(), tip)).isEmpty();
      assertThat(repo.repo().getRefDatabase().getRefsByPrefix(Landing.CANDIDATES)).isEmpty();
    }
  }
}
