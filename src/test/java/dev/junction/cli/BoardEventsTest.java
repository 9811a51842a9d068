package dev.junction.cli;

import static dev.junction.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.app.Workspace;
import dev.junction.land.EmergencyOverride;
import dev.junction.plan.Plan;
import dev.junction.store.EventStore;
import dev.junction.testing.Plans;
import dev.junction.testing.TestRepo;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The board announces overrides (spec 5.4 step 2) and escalations besides rollbacks. */
class BoardEventsTest {

  @Test
  void overridesAndEscalationsAreOnTheBoard(@TempDir Path dir) throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.commit("main", "chore: plan\n", "junction.yaml", Plans.LEAD_AND_ONE);
      repo.branch("coordination", "main");
      Plan plan = Plans.load(Plans.LEAD_AND_ONE);
      Clock clock = Clock.fixed(Instant.parse("2026-11-24T09:00:00Z"), ZoneOffset.UTC);
      try (Workspace workspace = Workspace.over(repo.repo(), clock)) {
        EventStore store = workspace.store();
        EmergencyOverride.grant(repo.repo(), store, plan, "coordination", "coordinator service down", Duration.ofMinutes(30),
            new PersonIdent("Lead", "lead@x.org"), clock);
        store.append(new EventStore.Event(Instant.parse("2026-11-24T10:00:00Z"), "escalation", "request:1:ping", Optional.empty(),
            "{\"level\":\"ping\",\"about\":\"request #1\",\"since\":\"2026-11-24T08:00:00Z\",\"who\":[\"b@x.org\"],"
                + "\"action\":\"ping the reviewer in STATUS.yaml\"}"));
      }
      CliTest.Run board = run("board", "--repo", dir.toString(), "--into", "coordination");
      assertThat(board.code()).as(board.err()).isZero();
      assertThat(board.out()).contains("## Events", "- event: EMERGENCY OVERRIDE", "  branch: coordination",
          "  approver: lead@x.org", "  reason: \"coordinator service down\"", "  until: 2026-11-24T09:30:00Z",
          "  review_due: 2026-11-24T10:00:00Z", "EMERGENCY-OVERRIDE-", "- event: ESCALATION", "  level: ping",
          "  about: request #1", "  action: \"ping the reviewer in STATUS.yaml\"");
      // Newest first.
      assertThat(board.out().indexOf("event: ESCALATION")).isLessThan(board.out().indexOf("event: EMERGENCY OVERRIDE"));
    }
  }
}
