package dev.junction.cli;

import static dev.junction.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.testing.Plans;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In a bare hub whose HEAD names no plan, every command's default target is the hub's
 * {@code junction.coordination}, as {@code protect install} writes it; {@code sync} takes
 * {@code --into} like the others.
 */
class HubDefaultsTest {
  private static void git(Path repo, String... args) throws Exception {
    String[] command = new String[args.length + 3];
    command[0] = "git";
    command[1] = "-C";
    command[2] = repo.toString();
    System.arraycopy(args, 0, command, 3, args.length);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }

  @Test
  void commandsInAHubTakeItsCoordinationBranchByDefault(@TempDir Path dir) throws Exception {
    Path hub = ProtectCliTest.hub(dir, Plans.HUB);
    git(hub, "symbolic-ref", "HEAD", "refs/heads/nothing-here");
    String h = hub.toString();

    CliTest.Run before = run("status", "a", "--repo", h);
    assertThat(before.code()).isEqualTo(2);
    assertThat(before.err()).contains("--into");

    git(hub, "config", "junction.coordination", "coord");
    for (String[] args : new String[][] {
        {"mr", "list", "--repo", h},
        {"status", "a", "--repo", h},
        {"escalations", "--repo", h},
        {"plan", "--repo", h},
        {"sync", "a", "--repo", h, "--as", "a@x.org"}}) {
      CliTest.Run r = run(args);
      assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isZero();
    }
    assertThat(run("status", "a", "--repo", h, "--json").out()).contains("coord");
  }

  @Test
  void syncTakesIntoAndMergesOnlyTheCoordinationBranch(@TempDir Path dir) throws Exception {
    Path hub = ProtectCliTest.hub(dir, Plans.HUB);
    String h = hub.toString();

    CliTest.Run ok = run("sync", "a", "--into", "coord", "--repo", h, "--as", "a@x.org");
    CliTest.Run wrong = run("sync", "a", "--into", "main", "--repo", h, "--as", "a@x.org");

    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(wrong.code()).isEqualTo(2);
    assertThat(wrong.err()).contains("--into: 'main' is not the coordination branch 'coord'");
  }
}
