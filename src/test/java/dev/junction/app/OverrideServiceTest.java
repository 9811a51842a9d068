package dev.junction.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.testing.Plans;
import dev.junction.land.EmergencyOverride;
import dev.junction.plan.Disposition;
import dev.junction.plan.InputError;
import dev.junction.protect.Hook;
import dev.junction.protect.PushRules;
import dev.junction.review.RequestsTest;
import dev.junction.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.StoredConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The emergency override through its service, at a fixed time, on the hub's coordination plan. */
class OverrideServiceTest {
  static final Instant NOW = Instant.parse("2026-11-24T09:28:43Z");

  @TempDir Path dir;
  TestRepo repo;
  Workspace workspace;
  OverrideService overrides;

  @BeforeEach
  void setUp() throws Exception {
    repo = TestRepo.init(dir);
    repo.commit("main", "chore(plan): Start [T1]\n", "junction.yaml", Plans.REVIEWS);
    repo.branch("coordination", "main");
    StoredConfig config = repo.repo().getConfig();
    config.setString(Hook.SECTION, null, Hook.COORDINATION_KEY, "coordination");
    config.save();
    workspace = Workspace.over(repo.repo(), Clock.fixed(NOW, ZoneOffset.UTC));
    overrides = new OverrideService(workspace);
  }

  @AfterEach
  void tearDown() {
    workspace.close();
    repo.close();
  }

  static InputError problem(InvalidInput e) {
    assertThat(e.problems()).hasSize(1);
    return (InputError) e.problems().get(0);
  }

  @Test
  void aGrantIsRecordedWithItsReviewDueAndTheGuardSeesItUntilItIsClosed() throws Exception {
    EmergencyOverride.Outcome granted = overrides.grant(new OverrideService.Grant("coordination", "coordinator down",
        Duration.ofMinutes(30), Optional.of(Actor.of("lead@x.org"))));
    assertThat(granted.disposition()).isEqualTo(Disposition.DONE);
    EmergencyOverride.Granted g = (EmergencyOverride.Granted) granted;
    assertThat(g.until()).isEqualTo(NOW.plus(Duration.ofMinutes(30)));
    assertThat(g.reviewDue()).isEqualTo(NOW.plus(Duration.ofHours(1)));
    assertThat(Path.of(g.record())).hasFileName("EMERGENCY-OVERRIDE-2026-11-24T092843Z.md");
    assertThat(Hook.active(workspace.store(), "coordination"))
        .containsExactly(new PushRules.Grant("coordination", "lead@x.org", "coordinator down", g.until()));
    GuardService.GuardStatus status = new GuardService(workspace).status();
    assertThat(status.overrides()).containsExactly(new GuardService.OpenOverride("coordination", "lead@x.org", "coordinator down",
        g.until()));

    assertThat(overrides.close(new OverrideService.Close("coordination", Optional.of(Actor.of("a@x.org")))).disposition())
        .isEqualTo(Disposition.NO);
    assertThat(overrides.close(new OverrideService.Close("coordination", Optional.of(Actor.of("lead@x.org")))))
        .isEqualTo(new EmergencyOverride.Closed("coordination", "lead@x.org"));
    assertThat(Hook.active(workspace.store(), "coordination")).isEmpty();
  }

  @Test
  void theReviewIsSomeoneElses() throws Exception {
    overrides.grant(new OverrideService.Grant("coordination", "outage", Duration.ofMinutes(30), Optional.of(Actor.of("lead@x.org"))));
    EmergencyOverride.Outcome self = overrides.review(new OverrideService.Review("coordination", "fine", Optional.of(Actor.of("lead@x.org"))));
    assertThat(self).isEqualTo(new EmergencyOverride.NotAllowed("lead@x.org granted this override: someone else reviews it"));
    assertThat(self.disposition()).isEqualTo(Disposition.NO);
    assertThat(overrides.review(new OverrideService.Review("coordination", "checked", Optional.of(Actor.of("a@x.org")))))
        .isEqualTo(new EmergencyOverride.Reviewed("coordination", "a@x.org", NOW, "checked"));
    assertThat(overrides.review(new OverrideService.Review("main", "checked", Optional.of(Actor.of("a@x.org")))))
        .isEqualTo(new EmergencyOverride.NotAllowed("no override was granted on main"));
  }

  @Test
  void badInputIsRaisedInDomainWordsAndRecordsNothing() throws Exception {
    assertThat(OverrideService.ttl("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThatThrownBy(() -> OverrideService.ttl("soon")).isInstanceOfSatisfying(InvalidInput.class,
        e -> assertThat(problem(e)).isEqualTo(new InputError("ttl", "'soon' is not a duration like 30m, 2h or 1h30m")));
    assertThatThrownBy(() -> overrides.grant(new OverrideService.Grant("coordination", "outage", Duration.ofHours(5),
        Optional.of(Actor.of("lead@x.org"))))).isInstanceOfSatisfying(InvalidInput.class,
            e -> assertThat(problem(e)).isEqualTo(new InputError("ttl", "between 1 minute and 4 hours")));
    assertThatThrownBy(() -> overrides.grant(new OverrideService.Grant("sa", "outage", Duration.ofMinutes(30),
        Optional.of(Actor.of("lead@x.org"))))).isInstanceOfSatisfying(InvalidInput.class,
            e -> assertThat(problem(e).field()).isEqualTo("branch"));
    assertThatThrownBy(() -> overrides.grant(new OverrideService.Grant("coordination", " ", Duration.ofMinutes(30),
        Optional.of(Actor.of("lead@x.org"))))).isInstanceOfSatisfying(InvalidInput.class,
            e -> assertThat(problem(e).field()).isEqualTo("reason"));
    assertThatThrownBy(() -> overrides.review(new OverrideService.Review("coordination", " ", Optional.of(Actor.of("a@x.org")))))
        .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(problem(e).field()).isEqualTo("notes"));
    assertThatThrownBy(() -> overrides.review(new OverrideService.Review("coordination", "x", Optional.of(Actor.of("nobody@x.org")))))
        .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(problem(e).field()).isEqualTo("actor"));
    assertThat(workspace.store().events("override.granted")).isEmpty();
    assertThat(Files.exists(dir.resolve(".git/junction/overrides"))).isFalse();
    assertThat(List.of(Disposition.values())).contains(Disposition.INVALID);
  }
}
