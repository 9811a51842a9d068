package dev.junction.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.testing.Plans;
import dev.junction.plan.Disposition;
import dev.junction.protect.Hook;
import dev.junction.protect.PushRules;
import dev.junction.protect.RuleSummary;
import dev.junction.review.RequestsTest;
import dev.junction.store.EventStore;
import dev.junction.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.StoredConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the push guard judges, through its service, on a real repository at a fixed time. */
class GuardServiceTest {
  static final Instant NOW = Instant.parse("2026-11-24T09:28:43Z");

  @TempDir Path dir;
  TestRepo repo;
  Workspace workspace;
  GuardService guard;
  ObjectId coordTip;

  @BeforeEach
  void setUp() throws Exception {
    repo = TestRepo.init(dir);
    coordTip = repo.commit("main", "chore(plan): Start [T1]\n", "junction.yaml", Plans.REVIEWS);
    repo.branch("coordination", "main");
    repo.branch("sa", "main");
    workspace = Workspace.over(repo.repo(), Clock.fixed(NOW, ZoneOffset.UTC));
    guard = new GuardService(workspace);
  }

  @AfterEach
  void tearDown() {
    workspace.close();
    repo.close();
  }

  void configure(String key, String value) throws Exception {
    StoredConfig config = repo.repo().getConfig();
    config.setString(Hook.SECTION, null, key, value);
    config.save();
  }

  GuardService.Judged push(ObjectId old, ObjectId neu, String branch, Map<String, String> env) throws Exception {
    return guard.judge(new GuardService.Push(List.of(new PushRules.Update(old.name(), neu.name(), "refs/heads/" + branch)),
        env, Optional.of("nobody")));
  }

  @Test
  void aHubWithoutACoordinationSettingRefusesEveryPush() throws Exception {
    GuardService.Judged judged = push(coordTip, coordTip, "sa", Map.of("REMOTE_USER", "a@x.org"));
    assertThat(judged).isInstanceOf(GuardService.Refused.class);
    assertThat(judged.disposition()).isEqualTo(Disposition.NO);
    assertThat(judged.lines()).containsExactly("junction: this hub has no junction.coordination setting: run junction"
        + " protect install; every push is refused until then");
  }

  @Test
  void aMemberPushesTheirSessionBranchWithoutTheStoreBeingTouched() throws Exception {
    configure(Hook.COORDINATION_KEY, "coordination");
    ObjectId head = repo.commit("sa", "feat(a): Add a [T1]\n", "a.txt", "a\n");
    GuardService.Judged judged = push(coordTip, head, "sa", Map.of("REMOTE_USER", "a@x.org"));
    assertThat(judged.disposition()).isEqualTo(Disposition.DONE);
    assertThat(judged.lines()).containsExactly("junction: refs/heads/sa: ok: accepted");
    assertThat(((GuardService.Accepted) judged).decisions()).extracting(PushRules.Decision::accepted).containsExactly(true);
    assertThat(Files.exists(workspace.storeFile())).isFalse();

    GuardService.Judged stranger = push(coordTip, head, "sa", Map.of("GL_USER", "b@y.org", "REMOTE_USER", "a@x.org"));
    assertThat(stranger.lines()).containsExactly(
        "junction: refs/heads/sa: REFUSED: b@y.org is not a member of any session of the plan; only plan"
            + " members push here" + PushRules.WHO_PUSHES, "junction: push refused; nothing of it was taken");
    configure(Hook.USER_VARIABLE_KEY, "AUTH_USER");
    assertThat(push(coordTip, head, "sa", Map.of("AUTH_USER", "a@x.org", "GL_USER", "b@y.org")).disposition())
        .isEqualTo(Disposition.DONE);
  }

  @Test
  void aPushToCoordinationIsRefusedUnlessAnOverrideIsOpenAndThenItIsLogged() throws Exception {
    configure(Hook.COORDINATION_KEY, "coordination");
    ObjectId next = repo.commit("main", "fix(m): Hotfix [T1]\n", "m.txt", "m\n");
    Map<String, String> lead = Map.of("REMOTE_USER", "lead@x.org");
    GuardService.Judged refused = push(coordTip, next, "coordination", lead);
    assertThat(refused.disposition()).isEqualTo(Disposition.NO);
    assertThat(refused.lines().get(0)).startsWith("junction: refs/heads/coordination: REFUSED: coordination is protected: no direct push");

    new OverrideService(workspace).grant(new OverrideService.Grant("coordination", "outage", Duration.ofMinutes(30),
        Optional.of(Actor.of("lead@x.org"))));
    GuardService.Judged through = push(coordTip, next, "coordination", lead);
    assertThat(through.disposition()).isEqualTo(Disposition.DONE);
    assertThat(through.lines()).containsExactly("junction: refs/heads/coordination: ok: emergency override by lead@x.org until "
        + NOW.plus(Duration.ofMinutes(30)) + " (outage): this push is logged");
    List<EventStore.Event> logged = workspace.store().events("override.push", "coordination");
    assertThat(logged).hasSize(1);
    assertThat(logged.get(0).at()).isEqualTo(NOW);
    assertThat(logged.get(0).actor()).contains("lead@x.org");
    assertThat(logged.get(0).payload()).contains("\"old\":\"" + coordTip.name() + "\"", "\"new\":\"" + next.name() + "\"");
  }

  /**
   * Under an override, a push that makes coordination's first-parent chain the attacker's (a
   * fast-forward to a branch with its own merge carrying Junction-Task, or a revert carrying
   * Junction-Revert) is refused; the same branch merged by hand on a second-parent side passes, and
   * pushing it as a session branch is fine: there its trailers are data.
   */
  @Test
  void anOverridePushMayNotPutJunctionsTrailersOnCoordinationsChain() throws Exception {
    configure(Hook.COORDINATION_KEY, "coordination");
    new OverrideService(workspace).grant(new OverrideService.Grant("coordination", "outage", Duration.ofMinutes(30),
        Optional.of(Actor.of("lead@x.org"))));
    Map<String, String> lead = Map.of("REMOTE_USER", "lead@x.org");
    repo.commit("sa", "feat(a): Add store [T1]\n", "src/store.py", "s\n");
    repo.branch("side", "main");
    repo.commit("side", "feat(a): Side [T1]\n", "side.txt", "s\n");
    ObjectId forged = repo.merge("sa", "side", "Merge side\n\nJunction-Task: T1\n");
    assertThat(push(coordTip, forged, "sa", Map.of("REMOTE_USER", "a@x.org")).disposition()).isEqualTo(Disposition.DONE);

    GuardService.Judged fastForward = push(coordTip, forged, "coordination", lead);
    assertThat(fastForward.disposition()).isEqualTo(Disposition.NO);
    assertThat(fastForward.lines().get(0)).startsWith("junction: refs/heads/coordination: REFUSED: this push would put a"
        + " commit carrying Junction-Task").contains(forged.abbreviate(10).name());
    repo.branch("revert", "main");
    ObjectId revert = repo.commit("revert", "fix(a): Undo [T1]\n\nJunction-Revert: " + forged.name() + "\n", "m.txt", "m\n");
    assertThat(push(coordTip, revert, "coordination", lead).disposition()).isEqualTo(Disposition.NO);

    repo.branch("hand", "coordination");
    ObjectId byHand = repo.merge("hand", "sa", "Merge sa by hand\n");
    GuardService.Judged merged = push(coordTip, byHand, "coordination", lead);
    assertThat(merged.disposition()).as(merged.lines().toString()).isEqualTo(Disposition.DONE);
    assertThat(workspace.store().events("override.push", "coordination")).hasSize(1);

    // Main under an override: a fast-forward to coordination takes Junction's own landing, which is
    // on coordination's chain already; a fast-forward to the attacker's merge, which coordination
    // merely reaches on a second-parent side, is refused.
    ObjectId landing = repo.merge("coordination", "sa", "feat(a): Merge store [T1]\n\nJunction-Task: T1\n");
    new OverrideService(workspace).grant(new OverrideService.Grant("main", "release", Duration.ofMinutes(30),
        Optional.of(Actor.of("lead@x.org"))));
    GuardService.Judged release = push(coordTip, landing, "main", lead);
    assertThat(release.disposition()).as(release.lines().toString()).isEqualTo(Disposition.DONE);
    assertThat(push(coordTip, forged, "main", lead).disposition()).isEqualTo(Disposition.NO);
  }

  @Test
  void statusSaysWhatIsEnforced() throws Exception {
    GuardService.GuardStatus none = guard.status();
    assertThat(none.disposition()).isEqualTo(Disposition.NO);
    assertThat(none.coordination()).isEmpty();
    assertThat(none.plan()).isEqualTo("missing or invalid: every push is refused");
    assertThat(none.options()).isEmpty();
    assertThat(none.branches()).isEmpty();

    configure(Hook.COORDINATION_KEY, "coordination");
    GuardService.GuardStatus status = guard.status();
    assertThat(status.installed()).isFalse();
    assertThat(status.plan()).isEqualTo("valid");
    assertThat(status.options()).contains(List.of("signed commits not required", "commit subjects not checked"));
    assertThat(status.branches()).extracting(RuleSummary.Guarded::branch).containsExactly("coordination", "main", "sa", "sb", "sc");
    assertThat(status.overrides()).isEmpty();
    assertThat(Files.exists(workspace.storeFile())).isFalse();
  }
}
