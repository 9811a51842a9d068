package dev.junction.cli;

import static dev.junction.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.app.Workspace;
import dev.junction.land.EmergencyOverride;
import dev.junction.plan.Plan;
import dev.junction.testing.Plans;
import dev.junction.testing.TestRepo;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spec 5.4 step 4: an override's review is due within the hour and escalates until it is recorded. */
class OverrideReviewTest {
  @Test
  void anUnreviewedOverrideEscalatesUntilSomeoneElseRecordsItsReview(@TempDir Path dir) throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.commit("main", "chore: plan\n", "junction.yaml", Plans.LEAD_AND_ONE);
      repo.branch("coordination", "main");
      Plan plan = Plans.load(Plans.LEAD_AND_ONE);
      Clock twoHoursAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
      try (Workspace workspace = Workspace.over(repo.repo(), twoHoursAgo)) {
        EmergencyOverride.grant(repo.repo(), workspace.store(), plan, "coordination", "outage", Duration.ofMinutes(30),
            new PersonIdent("Lead", "lead@x.org"), twoHoursAgo);
      }
      String r = dir.toString();
      CliTest.Run due = run("escalations", "--repo", r);
      assertThat(due.code()).isEqualTo(1);
      assertThat(due.out()).contains("override-review", "emergency override of coordination by lead@x.org (outage)",
          "junction override review --branch coordination --notes TEXT");
      CliTest.Run self = run("override", "review", "--branch", "coordination", "--notes", "fine", "--as", "lead@x.org", "--repo", r);
      assertThat(self.code()).isEqualTo(1);
      assertThat(self.out()).contains("lead@x.org granted this override: someone else reviews it");
      assertThat(run("override", "review", "--branch", "coordination", "--notes", " ", "--as", "a@x.org", "--repo", r).code())
          .isEqualTo(2);
      CliTest.Run reviewed = run("override", "review", "--branch", "coordination", "--notes", "hotfix checked",
          "--as", "a@x.org", "--repo", r, "--json");
      assertThat(reviewed.code()).as(reviewed.err()).isZero();
      assertThat(reviewed.json().get("outcome").asText()).isEqualTo("reviewed");
      assertThat(run("escalations", "--repo", r).code()).isZero();
      assertThat(run("override", "review", "--branch", "main", "--notes", "x", "--as", "a@x.org", "--repo", r).out())
          .contains("no override was granted on main");
    }
  }
}
