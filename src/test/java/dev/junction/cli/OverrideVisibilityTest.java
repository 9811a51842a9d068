package dev.junction.cli;

import static dev.junction.cli.CliTest.run;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.testing.Plans;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spec 5.4, shown and not only stored: pushes made through the installed hook under an override,
 * its close and its review, listed by {@code override list} and on the board.
 */
@Tag("process")
class OverrideVisibilityTest {
  static String git(Path in, Map<String, String> env, boolean mustPass, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.name=Lead", "-c", "user.email=lead@x.org",
        "-c", "commit.gpgsign=false"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(in.toFile()).redirectErrorStream(true);
    pb.environment().remove("REMOTE_USER");
    pb.environment().remove("GL_USER");
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    if (mustPass) {
      assertThat(p.exitValue()).as(String.join(" ", args) + ": " + out).isZero();
    }
    return out;
  }

  static String commit(Path clone, String subject) throws Exception {
    Files.writeString(clone.resolve("m.txt"), subject + "\n" + System.nanoTime() + "\n");
    git(clone, Map.of(), true, "add", "m.txt");
    git(clone, Map.of(), true, "commit", "-q", "-m", subject);
    return git(clone, Map.of(), true, "rev-parse", "HEAD").trim();
  }

  @Test
  void pushesUnderAnOverrideItsCloseAndItsReviewAreListedAndOnTheBoard(@TempDir Path dir) throws Exception {
    Path hub = ProtectCliTest.hub(dir, Plans.HUB);
    String r = hub.toString();
    assertThat(run("protect", "install", r).code()).isZero();
    Path clone = dir.resolve("clone");
    git(dir, Map.of(), true, "clone", "-q", "file://" + hub, clone.toString());
    git(clone, Map.of(), true, "checkout", "-q", "main");
    Map<String, String> lead = Map.of("REMOTE_USER", "lead@x.org");

    CliTest.Run none = run("override", "list", "--repo", r);
    assertThat(none.code()).isZero();
    assertThat(none.out()).startsWith("No override open");

    String before = git(clone, Map.of(), true, "rev-parse", "HEAD").trim();
    String first = commit(clone, "fix(m): Hotfix one [T1]");
    String second = commit(clone, "fix(m): Hotfix two [T1]");
    assertThat(git(clone, lead, false, "push", "origin", "main")).contains("REFUSED: main is protected");
    assertThat(run("override", "grant", "--branch", "main", "--reason", "coordinator down", "--ttl", "30m",
        "--repo", r, "--as", "lead@x.org").code()).isZero();
    assertThat(git(clone, lead, true, "push", "origin", "main")).contains("ok: emergency override by lead@x.org");
    String third = commit(clone, "fix(m): Hotfix three [T1]");
    git(clone, Map.of("REMOTE_USER", "a@x.org"), true, "push", "origin", "main");

    JsonNode open = run("override", "list", "--repo", r, "--json").json();
    assertThat(open.get("outcome").asText()).isEqualTo("overrides");
    assertThat(open.get("overrides")).hasSize(1);
    JsonNode o = open.get("overrides").get(0);
    assertThat(o.get("branch").asText()).isEqualTo("main");
    assertThat(o.get("grantedBy").asText()).isEqualTo("lead@x.org");
    assertThat(o.get("reason").asText()).isEqualTo("coordinator down");
    assertThat(o.get("state").asText()).isEqualTo("open");
    assertThat(o.get("review").asText()).isEqualTo("due");
    JsonNode pushes = o.get("pushes");
    assertThat(pushes).hasSize(2);
    assertThat(pushes.get(0).get("pusher").asText()).isEqualTo("lead@x.org");
    assertThat(pushes.get(0).get("oldId").asText()).isEqualTo(before);
    assertThat(pushes.get(0).get("newId").asText()).isEqualTo(second);
    assertThat(pushes.get(0).get("commits").findValuesAsText("id")).containsExactly(second, first);
    assertThat(pushes.get(0).get("commits").findValuesAsText("subject"))
        .containsExactly("fix(m): Hotfix two [T1]", "fix(m): Hotfix one [T1]");
    assertThat(pushes.get(1).get("pusher").asText()).isEqualTo("a@x.org");
    assertThat(pushes.get(1).get("oldId").asText()).isEqualTo(second);
    assertThat(pushes.get(1).get("commits").findValuesAsText("id")).containsExactly(third);
    String board = run("board", "--repo", r, "--into", "coord").out();
    assertThat(board).contains("## Overrides", "| main |", "| lead@x.org | coordinator down | 🔓 open until ", "| 2 | due by ");

    // Closed: a push after it is refused and is no push under the override.
    assertThat(run("override", "close", "--branch", "main", "--repo", r, "--as", "lead@x.org").code()).isZero();
    commit(clone, "fix(m): After the close [T1]");
    assertThat(git(clone, lead, false, "push", "origin", "main")).contains("REFUSED: main is protected");
    CliTest.Run review = run("override", "review", "--branch", "main", "--notes", "hotfixes checked", "--repo", r,
        "--as", "a@x.org");
    assertThat(review.code()).as(review.err()).isZero();

    JsonNode done = run("override", "list", "--repo", r, "--json").json().get("overrides").get(0);
    assertThat(done.get("state").asText()).isEqualTo("closed");
    assertThat(done.get("closed").get("by").asText()).isEqualTo("lead@x.org");
    assertThat(done.get("pushes")).hasSize(2);
    assertThat(done.get("review").asText()).isEqualTo("on-time");
    assertThat(done.get("reviews").get(0).get("by").asText()).isEqualTo("a@x.org");
    assertThat(done.get("reviews").get(0).get("notes").asText()).isEqualTo("hotfixes checked");
    assertThat(done.get("reviews").get(0).get("onTime").asBoolean()).isTrue();
    String text = run("override", "list", "--repo", r).out();
    assertThat(text).contains("Override of main granted by lead@x.org at ", ": coordinator down",
        "  state: closed by lead@x.org at ", "  pushes: 2", " by lead@x.org: refs/heads/main "
            + before.substring(0, 10) + ".." + second.substring(0, 10) + ", 2 commits",
        "      " + first.substring(0, 10) + " fix(m): Hotfix one [T1]", "  closed: by lead@x.org at ",
        "  review: on time by a@x.org", "(on time): hotfixes checked");
    assertThat(run("board", "--repo", r, "--into", "coord").out())
        .contains("| lead@x.org | coordinator down | closed by lead@x.org at ", "| 2 | on time by a@x.org |");
  }
}
