package dev.junction.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.plan.Disposition;
import dev.junction.protect.Hook;
import dev.junction.protect.PushRules;
import dev.junction.testing.Plans;
import dev.junction.testing.TestRepo;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.StoredConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A push the guard refuses because it cannot tell the pusher says how the hub learns who pushes:
 * over SSH the hook sees only the operating-system user ({@code git}).
 */
class GuardPusherTest {
  static final Instant NOW = Instant.parse("2026-11-24T09:28:43Z");

  @Test
  void aPushNamedOnlyByTheOsUserIsRefusedSayingHowTheHubLearnsWhoPushes(@TempDir Path dir) throws Exception {
    try (TestRepo repo = TestRepo.init(dir);
        Workspace workspace = Workspace.over(repo.repo(), Clock.fixed(NOW, ZoneOffset.UTC))) {
      ObjectId base = repo.commit("main", "chore(plan): Start [T1]\n", "junction.yaml", Plans.REVIEWS);
      repo.branch("coordination", "main");
      repo.branch("sa", "main");
      ObjectId head = repo.commit("sa", "feat(a): Add a [T1]\n", "a.txt", "a\n");
      StoredConfig config = repo.repo().getConfig();
      config.setString(Hook.SECTION, null, Hook.COORDINATION_KEY, "coordination");
      config.save();
      GuardService guard = new GuardService(workspace);
      List<PushRules.Update> updates = List.of(new PushRules.Update(base.name(), head.name(), "refs/heads/sa"));

      GuardService.Judged overSsh = guard.judge(new GuardService.Push(updates, Map.of(), Optional.of("git")));
      GuardService.Judged nobody = guard.judge(new GuardService.Push(updates, Map.of(), Optional.empty()));

      assertThat(overSsh.disposition()).isEqualTo(Disposition.NO);
      assertThat(overSsh.lines().get(0)).startsWith("junction: refs/heads/sa: REFUSED: git is not a member")
          .contains("REMOTE_USER", "GL_USER", "git config junction.userVariable NAME");
      assertThat(nobody.disposition()).isEqualTo(Disposition.NO);
      assertThat(nobody.lines().get(0)).contains("who is pushing is unknown")
          .contains("REMOTE_USER", "GL_USER", "git config junction.userVariable NAME");
      // Doing what it says lets the member push.
      assertThat(guard.judge(new GuardService.Push(updates, Map.of("REMOTE_USER", "a@x.org"), Optional.of("git")))
          .disposition()).isEqualTo(Disposition.DONE);
      config.setString(Hook.SECTION, null, Hook.USER_VARIABLE_KEY, "AUTH_USER");
      config.save();
      assertThat(guard.judge(new GuardService.Push(updates, Map.of("AUTH_USER", "a@x.org"), Optional.of("git")))
          .disposition()).isEqualTo(Disposition.DONE);
    }
  }
}
