package dev.junction.protect;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.land.EmergencyOverride;
import dev.junction.plan.Plan;
import dev.junction.store.EventStore;
import dev.junction.store.StoreEvent;
import dev.junction.testing.Plans;
import dev.junction.testing.TestRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guard where pushes arrive: a bare hub with the hook installed, and the real git client
 * pushing over {@code file://} (a JGit push to a local path would skip the hook).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.Tag("process")
class HookEndToEndTest {
  static final String PLAN = Plans.HUB;

  @TempDir static Path dir;
  Path hub;
  int clones;

  record Pushed(int code, String output) {}

  @BeforeAll
  void setUp() throws Exception {
    Path work = dir.resolve("work");
    try (TestRepo repo = TestRepo.init(work)) {
      repo.commit("main", "chore(plan): Start [T1]\n", "junction.yaml", PLAN);
      repo.branch("coord", "main");
      repo.branch("claude/a-s-1", "main");
      repo.branch("claude/b-s-2", "main");
      repo.commit("claude/b-s-2", "feat(b): B's work\n", "b.txt", "b\n");
    }
    hub = dir.resolve("hub.git");
    git(dir, Map.of(), "clone", "--bare", "-q", work.toString(), hub.toString());
    try (Repository repo = new FileRepositoryBuilder().setGitDir(hub.toFile()).setMustExist(true).build()) {
      Install.Outcome installed = Install.install(repo, ProcessHandle.current().info().command().orElse("java"),
          System.getProperty("java.class.path"), Optional.empty());
      assertThat(installed).isInstanceOf(Install.Installed.class);
      assertThat(((Install.Installed) installed).coordination()).isEqualTo("coord");
    }
  }

  @AfterAll
  void nothing() {
    // the temp folder goes with the class
  }

  Path cloneHub() throws Exception {
    Path clone = dir.resolve("clone-" + clones++);
    git(dir, Map.of(), "clone", "-q", "file://" + hub, clone.toString());
    return clone;
  }

  static String git(Path in, Map<String, String> env, String... args) throws IOException, InterruptedException {
    Pushed p = run(in, env, args);
    if (p.code() != 0) {
      throw new IOException("git " + String.join(" ", args) + ": " + p.output());
    }
    return p.output();
  }

  static Pushed run(Path in, Map<String, String> env, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.name=Tester", "-c", "user.email=tester@x.org",
        "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(in.toFile()).redirectErrorStream(true);
    pb.environment().remove("REMOTE_USER");
    pb.environment().remove("GL_USER");
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Pushed(p.exitValue(), out);
  }

  Pushed push(Path clone, String as, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("push", "origin"));
    all.addAll(List.of(args));
    return run(clone, Map.of("REMOTE_USER", as), all.toArray(String[]::new));
  }

  String hubTip(String branch) throws Exception {
    Pushed p = run(hub, Map.of(), "rev-parse", "--verify", "-q", "refs/heads/" + branch);
    return p.code() == 0 ? p.output().trim() : "";
  }

  void commit(Path clone, String file, String subject) throws Exception {
    Files.writeString(clone.resolve(file), subject + "\n" + System.nanoTime() + "\n");
    git(clone, Map.of(), "add", file);
    git(clone, Map.of(), "commit", "-q", "-m", subject);
  }

  /** The {@code branch.moved} events the post-receive hook recorded for {@code ref} after event {@code after}. */
  List<StoreEvent.BranchMoved> moved(String ref, long after) throws Exception {
    Path db = hub.resolve("junction/junction.db");
    if (!Files.exists(db)) {
      return List.of();
    }
    try (EventStore store = EventStore.sqlite(db)) {
      return store.events(StoreEvent.BranchMoved.class).stream()
          .filter(e -> e.id() > after && e.event().ref().equals(ref) && e.subject().equals(ref.substring(11)))
          .map(EventStore.Stored::event).toList();
    }
  }

  long lastEvent() throws Exception {
    Path db = hub.resolve("junction/junction.db");
    if (!Files.exists(db)) {
      return 0;
    }
    try (EventStore store = EventStore.sqlite(db)) {
      return store.events(StoreEvent.class).stream().mapToLong(EventStore.Stored::id).max().orElse(0);
    }
  }

  @Test
  void anOwnerPushesAndRewritesTheirSessionBranch() throws Exception {
    Path c = cloneHub();
    long since = lastEvent();
    String before = hubTip("claude/a-s-1");
    git(c, Map.of(), "checkout", "-q", "claude/a-s-1");
    commit(c, "a.txt", "feat(a): Add a [T1]");
    Pushed ok = push(c, "a@x.org", "claude/a-s-1");
    assertThat(moved("refs/heads/claude/a-s-1", since)).as("recorded for the server by post-receive")
        .containsExactly(new StoreEvent.BranchMoved("refs/heads/claude/a-s-1", before, hubTip("claude/a-s-1"), "a@x.org"));
    assertThat(ok.code()).as(ok.output()).isZero();
    assertThat(ok.output()).contains("remote: junction: refs/heads/claude/a-s-1: ok: accepted");
    git(c, Map.of(), "commit", "-q", "--amend", "-m", "feat(a): Add a, amended [T1]");
    Pushed rewritten = push(c, "a@x.org", "--force-with-lease", "claude/a-s-1");
    assertThat(rewritten.code()).as(rewritten.output()).isZero();
    assertThat(rewritten.output()).contains("rewritten by its owner");
    assertThat(hubTip("claude/a-s-1")).isEqualTo(git(c, Map.of(), "rev-parse", "HEAD").trim());
    // Another session's member may not push it.
    commit(c, "a.txt", "feat(a): More [T1]");
    Pushed other = push(c, "b@x.org", "claude/a-s-1");
    assertThat(other.code()).isNotZero();
    assertThat(other.output()).contains("REFUSED: claude/a-s-1 is a's branch: only its members push to it (spec 5.2), not b@x.org of b",
        "junction: push refused; nothing of it was taken");
    assertThat(moved("refs/heads/claude/a-s-1", since)).as("the push and the rewrite, not the refused push").hasSize(2);
  }

  @Test
  void coordinationAndMainAreNeverPushedForcedOrDeleted() throws Exception {
    Path c = cloneHub();
    git(c, Map.of(), "checkout", "-q", "coord");
    String before = hubTip("coord");
    commit(c, "x.txt", "feat(x): Direct [T1]");
    Pushed direct = push(c, "lead@x.org", "coord");
    assertThat(direct.code()).isNotZero();
    assertThat(direct.output()).contains("REFUSED: coord is protected: no direct push (spec 5.1)");
    git(c, Map.of(), "reset", "-q", "--hard", "HEAD~1");
    git(c, Map.of(), "commit", "-q", "--amend", "--allow-empty", "-m", "chore(x): Rewritten history [T1]");
    Pushed forced = push(c, "lead@x.org", "--force", "coord");
    assertThat(forced.output()).contains("REFUSED: coord is protected: no force push");
    Pushed deleted = push(c, "lead@x.org", "--delete", "main");
    assertThat(deleted.output()).contains("REFUSED: main is protected: it is never deleted");
    Pushed spelled = push(c, "lead@x.org", "HEAD:refs/heads/COORD");
    assertThat(spelled.output()).contains("REFUSED: 'COORD' is another spelling of the protected branch coord");
    Pushed remote = push(c, "lead@x.org", "HEAD:refs/remotes/origin/coord");
    assertThat(remote.output()).contains("only branches (refs/heads/) and tags are pushed to this hub");
    assertThat(hubTip("coord")).isEqualTo(before);
    assertThat(hubTip("main")).isNotEmpty();
    assertThat(hubTip("COORD")).isEmpty();
  }

  @Test
  void anAtomicPushWithOneRefusedRefLandsNothing() throws Exception {
    Path c = cloneHub();
    git(c, Map.of(), "checkout", "-q", "claude/a-s-1");
    String before = hubTip("claude/a-s-1");
    commit(c, "a2.txt", "feat(a): Next [T1]");
    git(c, Map.of(), "branch", "-f", "coord", "HEAD");
    Pushed both = push(c, "a@x.org", "--atomic", "claude/a-s-1", "coord");
    assertThat(both.code()).isNotZero();
    assertThat(both.output()).contains("refs/heads/claude/a-s-1: ok", "refs/heads/coord: REFUSED");
    assertThat(hubTip("claude/a-s-1")).isEqualTo(before);
  }

  @Test
  void aSessionBranchMayNotBringAnotherSessionsWorkButMayTakeCoordination() throws Exception {
    Path c = cloneHub();
    git(c, Map.of(), "checkout", "-q", "claude/a-s-1");
    git(c, Map.of(), "merge", "-q", "--no-ff", "-m", "Merge branch 'claude/b-s-2'", "origin/claude/b-s-2");
    Pushed foreign = push(c, "a@x.org", "claude/a-s-1");
    assertThat(foreign.code()).isNotZero();
    assertThat(foreign.output()).contains("REFUSED: only merge from the coordination branch (spec 1.2, 5.2): this push brings 1"
        + " commit of another session's branch that coordination does not hold");
    git(c, Map.of(), "reset", "-q", "--hard", "origin/claude/a-s-1");
    git(c, Map.of(), "merge", "-q", "--no-ff", "-m", "Merge branch 'coord'", "origin/coord");
    Pushed sync = push(c, "a@x.org", "claude/a-s-1");
    assertThat(sync.code()).as(sync.output()).isZero();
  }

  @Test
  void namesAndMessagesFollowTheConventions() throws Exception {
    Path c = cloneHub();
    git(c, Map.of(), "checkout", "-q", "-b", "wip", "origin/claude/a-s-1");
    commit(c, "w.txt", "feat(w): Work [T1]");
    assertThat(push(c, "a@x.org", "wip").output()).contains("REFUSED: 'wip' does not follow the branch naming conventions");
    Pushed feature = push(c, "a@x.org", "wip:feature/coordinator-etcd");
    assertThat(feature.code()).as(feature.output()).isZero();
    commit(c, "w.txt", "stuff");
    assertThat(push(c, "a@x.org", "wip:feature/coordinator-etcd").output())
        .contains("REFUSED: commit", "'stuff' is not in the form type(scope)");
    assertThat(push(c, "nobody@x.org", "wip:hotfix/leak").output()).contains("nobody@x.org is not a member");
  }

  @Test
  void anOverrideByACoordinatorLetsPushesThroughAndLogsThemUntilItEnds() throws Exception {
    Clock now = Clock.systemUTC();
    PersonIdent lead = new PersonIdent("Lead", "lead@x.org");
    Plan plan = Plans.load(PLAN);
    try (Repository repo = new FileRepositoryBuilder().setGitDir(hub.toFile()).setMustExist(true).build();
        EventStore store = EventStore.sqlite(hub.resolve("junction/junction.db"))) {
      assertThat(EmergencyOverride.grant(repo, store, plan, "coord", "outage", Duration.ofMinutes(30),
          new PersonIdent("A", "a@x.org"), now)).isInstanceOf(EmergencyOverride.NotAllowed.class);
      // An override granted two hours ago for one hour has run out: protection is back by itself.
      Clock earlier = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
      EmergencyOverride.Granted old = (EmergencyOverride.Granted) EmergencyOverride.grant(repo, store, plan, "main", "old outage",
          Duration.ofHours(1), lead, earlier);
      assertThat(Path.of(old.record())).exists().content().contains("## EMERGENCY OVERRIDE", "old outage", "Review:** due by");
      Path c = cloneHub();
      git(c, Map.of(), "checkout", "-q", "main");
      commit(c, "m.txt", "fix(m): Hotfix [T1]");
      assertThat(push(c, "lead@x.org", "main").output()).contains("REFUSED: main is protected");
      EmergencyOverride.grant(repo, store, plan, "main", "coordinator down", Duration.ofMinutes(30), lead, now);
      String before = hubTip("main");
      Pushed through = push(c, "lead@x.org", "main");
      assertThat(through.code()).as(through.output()).isZero();
      assertThat(through.output()).contains("ok: emergency override by lead@x.org", "(coordinator down): this push is logged");
      List<EventStore.Event> logged = store.events("override.push", "main");
      assertThat(logged).hasSize(1);
      assertThat(logged.get(0).payload()).contains("\"old\":\"" + before + "\"", "\"new\":\"" + hubTip("main") + "\"",
          "\"pusher\":\"lead@x.org\"");
      EmergencyOverride.close(store, plan, "main", lead, now);
      commit(c, "m.txt", "fix(m): Another [T1]");
      assertThat(push(c, "lead@x.org", "main").output()).contains("REFUSED: main is protected");
    }
  }

  /**
   * Forged progress through an override (issue 13, class 1): with coord open, a push whose own merge
   * carries Junction-Task would sit on coord's first-parent chain, where landed state is read, and
   * is refused; the same work merged by hand without Junction's trailers passes.
   */
  @Test
  void anOverridePushMayNotWriteLandedStateOnCoordination() throws Exception {
    PersonIdent lead = new PersonIdent("Lead", "lead@x.org");
    Plan plan = Plans.load(PLAN);
    try (Repository repo = new FileRepositoryBuilder().setGitDir(hub.toFile()).setMustExist(true).build();
        EventStore store = EventStore.sqlite(hub.resolve("junction/junction.db"))) {
      EmergencyOverride.grant(repo, store, plan, "coord", "landing is down", Duration.ofMinutes(30), lead, Clock.systemUTC());
      try {
        Path c = cloneHub();
        git(c, Map.of(), "checkout", "-q", "-b", "side", "origin/coord");
        commit(c, "side.txt", "feat(a): Side work [T1]");
        git(c, Map.of(), "checkout", "-q", "coord");
        git(c, Map.of(), "merge", "-q", "--no-ff", "-m", "Merge side", "-m", "Junction-Task: T1", "side");
        String before = hubTip("coord");
        Pushed forged = push(c, "lead@x.org", "coord");
        assertThat(forged.code()).isNotZero();
        assertThat(forged.output()).contains("REFUSED: this push would put a commit carrying Junction-Task, Junction-Revert"
            + " or a phase stage on the first-parent chain of coord");
        assertThat(hubTip("coord")).isEqualTo(before);
        git(c, Map.of(), "reset", "-q", "--hard", "origin/coord");
        git(c, Map.of(), "merge", "-q", "--no-ff", "-m", "Merge side by hand", "side");
        Pushed byHand = push(c, "lead@x.org", "coord");
        assertThat(byHand.code()).as(byHand.output()).isZero();
        assertThat(byHand.output()).contains("ok: emergency override by lead@x.org");
      } finally {
        EmergencyOverride.close(store, plan, "coord", lead, Clock.systemUTC());
      }
    }
  }

  @Test
  void aBadOrMissingPlanOnTheProtectedBranchFailsClosed(@TempDir Path other) throws Exception {
    Path work = other.resolve("work");
    try (TestRepo repo = TestRepo.init(work)) {
      repo.commit("main", "chore(plan): Start\n", "junction.yaml", PLAN);
      repo.branch("coord", "main");
      repo.branch("claude/a-s-1", "main");
    }
    Path badHub = other.resolve("hub.git");
    git(other, Map.of(), "clone", "--bare", "-q", work.toString(), badHub.toString());
    try (Repository repo = new FileRepositoryBuilder().setGitDir(badHub.toFile()).setMustExist(true).build()) {
      Install.install(repo, ProcessHandle.current().info().command().orElse("java"), System.getProperty("java.class.path"),
          Optional.empty());
    }
    // Break the plan on coord inside the hub (as a landing would move it), then push a session branch.
    try (TestRepo repo = TestRepo.open(badHub)) {
      repo.commit("coord", "chore(plan): Break it\n", "junction.yaml", Plans.INVALID);
    }
    Path c = other.resolve("clone");
    git(other, Map.of(), "clone", "-q", "file://" + badHub, c.toString());
    git(c, Map.of(), "checkout", "-q", "claude/a-s-1");
    commit(c, "a.txt", "feat(a): Add a [T1]");
    Pushed refused = push(c, "a@x.org", "claude/a-s-1");
    assertThat(refused.code()).isNotZero();
    assertThat(refused.output()).contains("remote: junction: coord:junction.yaml:3: bogus: unknown key",
        "the plan on coord is invalid: every push is refused until it is fixed");
    String tree = git(badHub, Map.of(), "hash-object", "-w", "-t", "tree", "/dev/null").trim();
    String empty = git(badHub, Map.of(), "commit-tree", "-m", "chore(plan): Empty", tree).trim();
    git(badHub, Map.of(), "update-ref", "refs/heads/coord", empty);
    Pushed missing = push(c, "a@x.org", "claude/a-s-1");
    assertThat(missing.output()).contains("coord has no junction.yaml: every push is refused until it has one");
  }

  /** A hub of its own with the guard installed, from a work repository whose main and coord hold {@code plan}. */
  Path newHub(Path in, String plan) throws Exception {
    Path work = in.resolve("work");
    try (TestRepo repo = TestRepo.init(work)) {
      repo.commit("main", "chore(plan): Start [T1]\n", "junction.yaml", plan);
      repo.branch("coord", "main");
      repo.branch("claude/a-s-1", "main");
    }
    Path bare = in.resolve("hub.git");
    git(in, Map.of(), "clone", "--bare", "-q", work.toString(), bare.toString());
    try (Repository repo = new FileRepositoryBuilder().setGitDir(bare.toFile()).setMustExist(true).build()) {
      assertThat(Install.install(repo, ProcessHandle.current().info().command().orElse("java"),
          System.getProperty("java.class.path"), Optional.empty())).isInstanceOf(Install.Installed.class);
    }
    return bare;
  }

  static String tip(Path bare, String branch) throws Exception {
    Pushed p = run(bare, Map.of(), "rev-parse", "--verify", "-q", "refs/heads/" + branch);
    return p.code() == 0 ? p.output().trim() : "";
  }

  @Test
  void aCommitPushedUnderATagFirstIsStillJudgedWhenABranchTakesIt() throws Exception {
    Path c = cloneHub();
    git(c, Map.of(), "checkout", "-q", "-b", "launder", "origin/claude/b-s-2");
    String before = hubTip("claude/b-s-2");
    commit(c, "l.txt", "stuff");
    // A tag is not a branch: what it points at is judged when a branch takes it.
    Pushed tagged = push(c, "b@x.org", "HEAD:refs/tags/parked");
    assertThat(tagged.code()).as(tagged.output()).isZero();
    Pushed taken = push(c, "b@x.org", "HEAD:refs/heads/claude/b-s-2");
    assertThat(taken.code()).isNotZero();
    assertThat(taken.output()).contains("REFUSED: commit", "'stuff' is not in the form type(scope)");
    assertThat(hubTip("claude/b-s-2")).isEqualTo(before);
    // Nor does another work branch holding it first spare it: each branch judges what it takes.
    git(c, Map.of(), "checkout", "-q", "-b", "launder2", "origin/coord");
    commit(c, "l2.txt", "more stuff");
    assertThat(push(c, "b@x.org", "HEAD:refs/tags/parked2").code()).isZero();
    Pushed feature = push(c, "b@x.org", "HEAD:refs/heads/feature/launder-x");
    assertThat(feature.code()).isNotZero();
    assertThat(feature.output()).contains("REFUSED: commit", "'more stuff' is not in the form type(scope)");
    // The legitimate case: a well-named commit under a tag, then on a branch (one no other test reads).
    git(c, Map.of(), "reset", "-q", "--hard", "origin/coord");
    commit(c, "l.txt", "feat(b): Parked first [T1]");
    assertThat(push(c, "b@x.org", "HEAD:refs/tags/parked-ok").code()).isZero();
    Pushed ok = push(c, "b@x.org", "HEAD:refs/heads/feature/parked-ok");
    assertThat(ok.code()).as(ok.output()).isZero();
    assertThat(hubTip("feature/parked-ok")).isEqualTo(git(c, Map.of(), "rev-parse", "HEAD").trim());
  }

  @Test
  void tagsComeFromMembersAndAreNeverNamedLikeAProtectedBranch() throws Exception {
    Path c = cloneHub();
    git(c, Map.of(), "checkout", "-q", "-b", "t", "origin/claude/b-s-2");
    Pushed stranger = push(c, "nobody@x.org", "HEAD:refs/tags/v9");
    assertThat(stranger.code()).isNotZero();
    assertThat(stranger.output()).contains("REFUSED: nobody@x.org is not a member of any session of the plan; only plan"
        + " members push tags here");
    for (String name : List.of("origin/coord", "coord", "x/main")) {
      Pushed shadow = push(c, "b@x.org", "HEAD:refs/tags/" + name);
      assertThat(shadow.code()).as(name).isNotZero();
      assertThat(shadow.output()).contains("REFUSED: the tag '" + name + "' is named like the protected branch");
    }
    assertThat(run(hub, Map.of(), "show-ref", "--tags").output()).doesNotContain("origin/coord", "x/main", "tags/coord");
    Pushed release = push(c, "b@x.org", "HEAD:refs/tags/v1.0");
    assertThat(release.code()).as(release.output()).isZero();
    assertThat(release.output()).contains("refs/tags/v1.0: ok: tag");
    // In a fresh clone, origin/coord is the hub's coord.
    Path fresh = cloneHub();
    assertThat(git(fresh, Map.of(), "rev-parse", "origin/coord").trim()).isEqualTo(hubTip("coord"));
  }

  @Test
  void anOverridePushNeverPutsAnInvalidPlanOnAProtectedBranch(@TempDir Path other) throws Exception {
    Path bare = newHub(other, PLAN);
    try (Repository repo = new FileRepositoryBuilder().setGitDir(bare.toFile()).setMustExist(true).build();
        EventStore store = EventStore.sqlite(bare.resolve("junction/junction.db"))) {
      EmergencyOverride.grant(repo, store, Plans.load(PLAN), "coord", "plan fix", Duration.ofMinutes(30),
          new PersonIdent("Lead", "lead@x.org"), Clock.systemUTC());
    }
    Path c = other.resolve("clone");
    git(other, Map.of(), "clone", "-q", "file://" + bare, c.toString());
    git(c, Map.of(), "checkout", "-q", "coord");
    String before = tip(bare, "coord");
    Files.writeString(c.resolve("junction.yaml"), Plans.INVALID);
    git(c, Map.of(), "commit", "-q", "-am", "chore(plan): Break it [T1]");
    Pushed broken = push(c, "lead@x.org", "coord");
    assertThat(broken.code()).isNotZero();
    assertThat(broken.output()).contains("remote: junction: coord:junction.yaml:3: bogus: unknown key",
        "REFUSED: the push would leave an invalid junction.yaml on coord (problems above): not even an emergency"
            + " override takes it");
    assertThat(tip(bare, "coord")).isEqualTo(before);
    // A valid plan that names another coordination branch would leave coord unguarded.
    Files.writeString(c.resolve("junction.yaml"), PLAN.replace("coordination: coord", "coordination: coord2"));
    git(c, Map.of(), "commit", "-q", "-am", "chore(plan): Rename coordination [T1]");
    Pushed renamed = push(c, "lead@x.org", "coord");
    assertThat(renamed.output()).contains("coord:junction.yaml: branches.coordination: 'coord2', but this hub guards coord");
    assertThat(tip(bare, "coord")).isEqualTo(before);
    // Removing the plan is refused as well.
    git(c, Map.of(), "rm", "-q", "junction.yaml");
    git(c, Map.of(), "commit", "-q", "-m", "chore(plan): Drop it [T1]");
    assertThat(push(c, "lead@x.org", "coord").output()).contains("the push leaves coord without a junction.yaml");
    // The legitimate case: a valid change of the plan under the override.
    git(c, Map.of(), "reset", "-q", "--hard", "origin/coord");
    Files.writeString(c.resolve("junction.yaml"), PLAN + "# reviewed after the outage\n");
    git(c, Map.of(), "commit", "-q", "-am", "chore(plan): Note the outage [T1]");
    Pushed fixed = push(c, "lead@x.org", "coord");
    assertThat(fixed.code()).as(fixed.output()).isZero();
    assertThat(fixed.output()).contains("ok: emergency override by lead@x.org");
    assertThat(tip(bare, "coord")).isEqualTo(git(c, Map.of(), "rev-parse", "HEAD").trim());
  }

  @Test
  void aHubWhosePlanWasBrokenWithRawGitIsFixedThroughAnOverride(@TempDir Path other) throws Exception {
    Path bare = newHub(other, PLAN);
    // Raw git inside the hub puts an invalid plan on coord, as nothing through the guard can.
    Path invalid = other.resolve("invalid.yaml");
    Files.writeString(invalid, Plans.INVALID);
    Map<String, String> index = Map.of("GIT_INDEX_FILE", other.resolve("raw.index").toString());
    git(bare, index, "read-tree", "refs/heads/coord");
    String blob = git(bare, Map.of(), "hash-object", "-w", invalid.toString()).trim();
    git(bare, index, "update-index", "--add", "--cacheinfo", "100644," + blob + ",junction.yaml");
    String tree = git(bare, index, "write-tree").trim();
    String broken = git(bare, Map.of(), "commit-tree", tree, "-p", "refs/heads/coord", "-m", "chore(plan): Broken").trim();
    git(bare, Map.of(), "update-ref", "refs/heads/coord", broken);
    Path c = other.resolve("clone");
    git(other, Map.of(), "clone", "-q", "file://" + bare, c.toString());
    git(c, Map.of(), "checkout", "-q", "claude/a-s-1");
    commit(c, "a.txt", "feat(a): Add a [T1]");
    assertThat(push(c, "a@x.org", "claude/a-s-1").output()).contains("coord:junction.yaml:3: bogus: unknown key",
        "the plan on coord is invalid: every push is refused until it is fixed");
    // The override is granted from the last valid plan on coord, whose coordinator is lead.
    try (dev.junction.app.Workspace ws = dev.junction.app.Workspace.open(dev.junction.app.Workspace.Location.of(bare),
        Clock.systemUTC())) {
      dev.junction.app.OverrideService service = new dev.junction.app.OverrideService(ws);
      assertThat(service.grant(new dev.junction.app.OverrideService.Grant("coord", "fix the plan", Duration.ofMinutes(30),
          Optional.of(dev.junction.app.Actor.of("a@x.org"))))).isInstanceOf(EmergencyOverride.NotAllowed.class);
      assertThat(service.grant(new dev.junction.app.OverrideService.Grant("coord", "fix the plan", Duration.ofMinutes(30),
          Optional.of(dev.junction.app.Actor.of("lead@x.org"))))).isInstanceOf(EmergencyOverride.Granted.class);
    }
    git(c, Map.of(), "checkout", "-q", "coord");
    // An override push that leaves the plan broken is refused; so is any other branch meanwhile.
    commit(c, "x.txt", "fix(x): Something else [T1]");
    Pushed still = push(c, "lead@x.org", "coord");
    assertThat(still.code()).isNotZero();
    assertThat(still.output()).contains("judged by the last valid plan on coord",
        "REFUSED: the push would leave an invalid junction.yaml on coord");
    Files.writeString(c.resolve("junction.yaml"), PLAN);
    git(c, Map.of(), "commit", "-q", "-am", "fix(plan): Restore the plan [T1]");
    Pushed fixed = push(c, "lead@x.org", "coord");
    assertThat(fixed.code()).as(fixed.output()).isZero();
    assertThat(fixed.output()).contains("refs/heads/coord: ok: emergency override by lead@x.org");
    // The plan is valid again: session pushes are judged as usual, and the override closes.
    git(c, Map.of(), "checkout", "-q", "claude/a-s-1");
    Pushed session = push(c, "a@x.org", "claude/a-s-1");
    assertThat(session.code()).as(session.output()).isZero();
    try (dev.junction.app.Workspace ws = dev.junction.app.Workspace.open(dev.junction.app.Workspace.Location.of(bare),
        Clock.systemUTC())) {
      assertThat(new dev.junction.app.OverrideService(ws).close(new dev.junction.app.OverrideService.Close("coord",
          Optional.of(dev.junction.app.Actor.of("lead@x.org"))))).isInstanceOf(EmergencyOverride.Closed.class);
    }
  }
}
