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
import dev.junction.store.StoreEvent;
import dev.junction.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.PersonIdent;
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

  @Test
  void twoGrantsInOneSecondKeepTwoRecords() throws Exception {
    EmergencyOverride.Granted first = (EmergencyOverride.Granted) overrides.grant(new OverrideService.Grant(
        "coordination", "first outage", Duration.ofMinutes(30), Optional.of(Actor.of("lead@x.org"))));
    EmergencyOverride.Granted second = (EmergencyOverride.Granted) overrides.grant(new OverrideService.Grant(
        "coordination", "second outage", Duration.ofMinutes(45), Optional.of(Actor.of("lead@x.org"))));
    // The first grant of the second keeps the plain name; the next one gets its own, next to it.
    assertThat(Path.of(first.record())).hasFileName("EMERGENCY-OVERRIDE-2026-11-24T092843Z.md");
    assertThat(Path.of(second.record())).hasFileName("EMERGENCY-OVERRIDE-2026-11-24T092843Z-2.md");
    assertThat(Path.of(first.record())).content().contains("**Reason:** first outage").doesNotContain("second");
    assertThat(Path.of(second.record())).content().contains("**Reason:** second outage");
    assertThat(workspace.store().events(StoreEvent.OverrideGranted.class, "coordination"))
        .extracting(e -> e.event().record()).containsExactly(first.record(), second.record());
    // A grant on the other branch in the same second, from another process's clock a little later.
    Clock later = Clock.offset(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMillis(999));
    EmergencyOverride.Granted third = (EmergencyOverride.Granted) EmergencyOverride.grant(repo.repo(), workspace.store(),
        Plans.load(Plans.REVIEWS), "main", "third", Duration.ofMinutes(5), new PersonIdent("Lead", "lead@x.org"), later);
    assertThat(Path.of(third.record())).hasFileName("EMERGENCY-OVERRIDE-2026-11-24T092843Z-3.md");
    try (var records = Files.list(Path.of(first.record()).getParent())) {
      assertThat(records).hasSize(3);
    }
  }

  @Test
  void twoGrantsInOneSecondAreTwoReviewsAndOneDoesNotCountForBoth() throws Exception {
    overrides.grant(new OverrideService.Grant("coordination", "first", Duration.ofMinutes(30), Optional.of(Actor.of("lead@x.org"))));
    overrides.grant(new OverrideService.Grant("coordination", "second", Duration.ofMinutes(30), Optional.of(Actor.of("lead@x.org"))));
    assertThat(EmergencyOverride.unreviewed(workspace.store())).extracting(o -> o.reason()).containsExactly("first", "second");
    assertThat(overrides.review(new OverrideService.Review("coordination", "first checked", Optional.of(Actor.of("a@x.org")))))
        .isEqualTo(new EmergencyOverride.Reviewed("coordination", "a@x.org", NOW, "first checked"));
    assertThat(EmergencyOverride.unreviewed(workspace.store())).extracting(o -> o.reason()).containsExactly("second");
    overrides.review(new OverrideService.Review("coordination", "second checked", Optional.of(Actor.of("a@x.org"))));
    assertThat(EmergencyOverride.unreviewed(workspace.store())).isEmpty();
    List<Long> grants = workspace.store().events(StoreEvent.OverrideGranted.class).stream().map(e -> e.id()).toList();
    assertThat(workspace.store().events(StoreEvent.OverrideReviewed.class)).extracting(e -> e.event().grant())
        .containsExactlyElementsOf(grants);
    // Everything reviewed: a further review records a second look at the latest.
    overrides.review(new OverrideService.Review("coordination", "looked again", Optional.of(Actor.of("a@x.org"))));
    assertThat(workspace.store().events(StoreEvent.OverrideReviewed.class)).last()
        .satisfies(e -> assertThat(e.event().grant()).isEqualTo(grants.get(1)));
  }

  @Test
  void aReviewWrittenBeforeReviewsNamedTheirGrantCountsForOneGrantOfItsTime() throws Exception {
    overrides.grant(new OverrideService.Grant("coordination", "first", Duration.ofMinutes(30), Optional.of(Actor.of("lead@x.org"))));
    overrides.grant(new OverrideService.Grant("coordination", "second", Duration.ofMinutes(30), Optional.of(Actor.of("lead@x.org"))));
    workspace.store().append(new dev.junction.store.EventStore.Event(NOW, "override.reviewed", "coordination",
        Optional.of("a@x.org"), "{\"grantedAt\":\"2026-11-24T09:28:43Z\",\"notes\":\"old\"}"));
    assertThat(EmergencyOverride.unreviewed(workspace.store())).extracting(o -> o.reason()).containsExactly("second");
  }

  @Test
  void aRecordInTheWayIsNeverWrittenOverOrThrough() throws Exception {
    Path records = dir.resolve(".git/junction/overrides");
    Files.createDirectories(records);
    Path taken = Files.writeString(records.resolve("EMERGENCY-OVERRIDE-2026-11-24T092843Z.md"), "earlier record\n");
    Path outside = dir.resolve("outside.txt");
    Files.createSymbolicLink(records.resolve("EMERGENCY-OVERRIDE-2026-11-24T092843Z-2.md"), outside);
    EmergencyOverride.Granted g = (EmergencyOverride.Granted) overrides.grant(new OverrideService.Grant(
        "coordination", "outage", Duration.ofMinutes(30), Optional.of(Actor.of("lead@x.org"))));
    assertThat(Path.of(g.record())).hasFileName("EMERGENCY-OVERRIDE-2026-11-24T092843Z-3.md");
    assertThat(taken).hasContent("earlier record");
    assertThat(outside).doesNotExist();
  }

  /** Grants, closes (by lead@x.org) and what is in force, each at its own clock. */
  private void grant(Clock clock, String reason) throws Exception {
    assertThat(EmergencyOverride.grant(repo.repo(), workspace.store(), Plans.load(Plans.REVIEWS), "coordination", reason,
        Duration.ofMinutes(30), new PersonIdent("Lead", "lead@x.org"), clock)).isInstanceOf(EmergencyOverride.Granted.class);
  }

  private void close(Clock clock) throws Exception {
    assertThat(EmergencyOverride.close(workspace.store(), Plans.load(Plans.REVIEWS), "coordination",
        new PersonIdent("Lead", "lead@x.org"), clock)).isInstanceOf(EmergencyOverride.Closed.class);
  }

  @Test
  void aGrantRightAfterACloseInTheSameSecondIsInForce() throws Exception {
    Clock base = Clock.fixed(NOW, ZoneOffset.UTC);
    grant(Clock.offset(base, Duration.ofMillis(100)), "first");
    close(Clock.offset(base, Duration.ofMillis(400)));
    assertThat(Hook.active(workspace.store(), "coordination")).isEmpty();
    grant(Clock.offset(base, Duration.ofMillis(700)), "again");
    assertThat(Hook.active(workspace.store(), "coordination")).extracting(PushRules.Grant::reason).containsExactly("again");
    assertThat(new GuardService(workspace).status().overrides()).extracting(GuardService.OpenOverride::reason)
        .containsExactly("again");
    close(Clock.offset(base, Duration.ofMillis(800)));
    assertThat(Hook.active(workspace.store(), "coordination")).isEmpty();
  }

  @Test
  void withinOneMillisecondTheLastOfGrantAndCloseCounts() throws Exception {
    Clock same = Clock.fixed(NOW.plusMillis(500), ZoneOffset.UTC);
    grant(same, "first");
    assertThat(Hook.active(workspace.store(), "coordination")).extracting(PushRules.Grant::reason).containsExactly("first");
    close(same);
    assertThat(Hook.active(workspace.store(), "coordination")).isEmpty();
    grant(same, "again");
    assertThat(Hook.active(workspace.store(), "coordination")).extracting(PushRules.Grant::reason).containsExactly("again");
    close(same);
    assertThat(Hook.active(workspace.store(), "coordination")).isEmpty();
  }

  @Test
  void aCloseRecordedWithAnEarlierClockStillCloses() throws Exception {
    // Clocks of two processes disagree a little: the close comes after the grant in the store, so it counts.
    Clock base = Clock.fixed(NOW, ZoneOffset.UTC);
    grant(Clock.offset(base, Duration.ofSeconds(2)), "outage");
    close(base);
    assertThat(Hook.active(workspace.store(), "coordination")).isEmpty();
  }

  @Test
  void aLengthIsFromOneMinuteToFourHoursAndAnythingElseIsBadInputNamingTtl() throws Exception {
    assertThat(OverrideService.ttl("1m")).isEqualTo(Duration.ofMinutes(1));
    assertThat(OverrideService.ttl("60s")).isEqualTo(Duration.ofMinutes(1));
    assertThat(OverrideService.ttl("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(OverrideService.ttl("30m")).isEqualTo(Duration.ofMinutes(30));
    assertThat(OverrideService.ttl("4h")).isEqualTo(Duration.ofHours(4));
    assertThat(OverrideService.ttl("240m")).isEqualTo(Duration.ofHours(4));
    assertThat(OverrideService.ttl("3h59m60s")).isEqualTo(Duration.ofHours(4));
    for (String tooShortOrLong : List.of("1s", "59s", "0m", "0s", "0h0m0s", "4h1s", "5h", "241m",
        "99999999999999999999h", "999999999999999h", "9223372036854775807s", "2562047788015216h",
        "00000000000000000000000000001h99999999999999999999999999999999999m")) {
      assertThatThrownBy(() -> OverrideService.ttl(tooShortOrLong)).as(tooShortOrLong)
          .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(problem(e))
              .isEqualTo(new InputError("ttl", "'" + tooShortOrLong + "' is not between 1 minute and 4 hours")));
    }
    for (String notADuration : List.of("-5m", "-1h", "+30m", "1h 30m", "30", "m", "1d", "1.5h", "\u0663m", "")) {
      assertThatThrownBy(() -> OverrideService.ttl(notADuration)).as(notADuration)
          .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(problem(e))
              .isEqualTo(new InputError("ttl", "'" + notADuration + "' is not a duration like 30m, 2h or 1h30m")));
    }
    // The grant itself holds the same bounds, whoever calls it.
    for (Duration out : List.of(Duration.ofSeconds(1), Duration.ofSeconds(59), Duration.ZERO, Duration.ofMinutes(-5),
        Duration.ofHours(4).plusSeconds(1))) {
      assertThatThrownBy(() -> overrides.grant(new OverrideService.Grant("coordination", "outage", out,
          Optional.of(Actor.of("lead@x.org"))))).as(out.toString()).isInstanceOfSatisfying(InvalidInput.class,
              e -> assertThat(problem(e)).isEqualTo(new InputError("ttl", "between 1 minute and 4 hours")));
    }
    assertThat(workspace.store().events("override.granted")).isEmpty();
    assertThat(Files.exists(dir.resolve(".git/junction/overrides"))).isFalse();
    assertThat(overrides.grant(new OverrideService.Grant("coordination", "outage", Duration.ofMinutes(1),
        Optional.of(Actor.of("lead@x.org"))))).isInstanceOf(EmergencyOverride.Granted.class);
    assertThat(overrides.grant(new OverrideService.Grant("coordination", "outage", Duration.ofHours(4),
        Optional.of(Actor.of("lead@x.org"))))).isInstanceOf(EmergencyOverride.Granted.class);
  }
}
