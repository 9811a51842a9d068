package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.app.ConflictService;
import dev.junction.review.ConflictLog;
import dev.junction.store.EventStore;
import dev.junction.testing.Plans;
import dev.junction.testing.TestRepo;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #14 item 6: {@code check} and {@code escalations} on a repository without a plan. The
 * check still answers, but starts no conflict clock (nothing could escalate it); escalations says
 * there is no plan and lists nothing. Beside it, the same conflict under a plan starts the clock
 * and escalates.
 */
class UnplannedClockTest {
  static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");

  static Clock at(Instant instant) {
    return Clock.fixed(instant, ZoneOffset.UTC);
  }

  /**
   * {@code target} and {@code topic/one} change line 1 of {@code f.txt} differently; {@code plan}
   * on main, where both start, if given.
   */
  static TestRepo conflicting(Path dir, String plan, String target) throws Exception {
    TestRepo repo = TestRepo.init(dir);
    if (plan == null) {
      repo.commit("main", "chore: base\n", "f.txt", "one\n");
    } else {
      repo.commit("main", "chore: base\n", "f.txt", "one\n", "junction.yaml", plan);
    }
    if (!target.equals("main")) {
      repo.branch(target, "main");
    }
    repo.branch("topic/one", "main");
    repo.commit(target, "feat: target's\n", "f.txt", "ONE\n");
    repo.commit("topic/one", "feat: mine\n", "f.txt", "uno\n");
    return repo;
  }

  @Test
  void withoutAPlanCheckAnswersButStartsNoClockAndEscalationsSaysThereIsNoPlan(@TempDir Path dir) throws Exception {
    try (TestRepo repo = conflicting(dir, null, "main")) {
      String d = dir.toString();
      CliTest.Run check = CliTest.run(at(T0), "check", "topic/one", "--into", "main", "--repo", d);
      assertThat(check.code()).as(check.err()).isEqualTo(1);
      assertThat(check.out()).contains("content     f.txt (content)", "Verdict: conflict", ConflictService.NO_CLOCK)
          .doesNotContain("Conflict open since");
      CliTest.Run json = CliTest.run(at(T0), "check", "topic/one", "--into", "main", "--repo", d, "--json");
      assertThat(json.code()).isEqualTo(1);
      assertThat(json.json().get("verdict").asText()).isEqualTo("conflict");
      assertThat(dir.resolve(".git/junction/junction.db")).as("no clock, so no store").doesNotExist();

      CliTest.Run later = CliTest.run(at(T0.plus(Duration.ofHours(3))), "escalations", "--into", "main", "--repo", d);
      assertThat(later.code()).as(later.err()).isZero();
      assertThat(later.out()).contains("Nothing is due at 2026-11-24T15:00:00Z.",
          "Note: no junction.yaml at the tip of main: no plan names members, roles or review times, so nothing escalates");
      CliTest.Run laterJson = CliTest.run(at(T0.plus(Duration.ofHours(3))), "escalations", "--into", "main", "--repo", d,
          "--json");
      assertThat(laterJson.code()).isZero();
      assertThat(laterJson.json().get("due")).isEmpty();
      assertThat(laterJson.json().get("notes").get(0).asText()).startsWith("no junction.yaml at the tip of main: ");
      assertThat(dir.resolve(".git/junction/junction.db")).doesNotExist();

      // Without --into nor a plan anywhere there is no target: bad input, one line.
      CliTest.Run noTarget = CliTest.run(at(T0), "escalations", "--repo", d);
      assertThat(noTarget.code()).isEqualTo(2);
      assertThat(noTarget.err().lines()).singleElement().asString().contains("no target: name one with --into");
    }
  }

  @Test
  void underAPlanTheSameConflictStartsTheClockAndEscalates(@TempDir Path dir) throws Exception {
    String plan = Plans.ONE_SESSION
        .replace("{id: one, branch: s1}", "{id: one, branch: topic/one, members: [{email: one@example.org}]}");
    try (TestRepo repo = conflicting(dir, plan, "coordination")) {
      String d = dir.toString();
      CliTest.Run check = CliTest.run(at(T0), "check", "topic/one", "--into", "coordination", "--repo", d);
      assertThat(check.code()).as(check.err()).isEqualTo(1);
      assertThat(check.out()).contains("Conflict open since 2026-11-24T12:00", "Verdict: conflict")
          .doesNotContain(ConflictService.NO_CLOCK);
      try (EventStore store = EventStore.sqlite(dir.resolve(".git/junction/junction.db"))) {
        assertThat(ConflictLog.open(store)).singleElement()
            .satisfies(o -> assertThat(o.pair()).isEqualTo("topic/one -> coordination"));
      }
      CliTest.Run later = CliTest.run(at(T0.plus(Duration.ofHours(3))), "escalations", "--into", "coordination", "--repo", d,
          "--json");
      assertThat(later.code()).as(later.err()).isEqualTo(1);
      assertThat(later.json().get("due")).isNotEmpty();
      assertThat(later.json().get("notes")).isEmpty();
    }
  }
}
