package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented shell habits with a real shell and a real JVM: the completion script loads as
 * {@code source <(junction completion bash)}, and {@code -C} moves from the process's real working
 * directory.
 */
@Tag("process")
class ShellHabitsProcessTest {
  /** {@code junction} as a shell function running this build's classes. */
  static final String JUNCTION = "junction() { java -XX:TieredStopAtLevel=1 -cp '"
      + System.getProperty("java.class.path") + "' " + Main.class.getName() + " \"$@\"; }\n";

  static String bash(Path cwd, String script) throws Exception {
    Process p = new ProcessBuilder("bash", "-c", JUNCTION + script).directory(cwd.toFile())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  @Test
  void bashSourcesTheCompletionAsDocumented(@TempDir Path dir) throws Exception {
    String out = bash(dir, "source <(junction completion bash) && complete -p junction");
    assertThat(out).isEqualTo("complete -o default -F _complete_junction junction\n");
  }

  @Test
  void dashCMovesFromTheRealWorkingDirectory(@TempDir Path dir) throws Exception {
    ShellHabitsTest.repoWithPlan(dir.resolve("a/work"));
    Files.createDirectories(dir.resolve("elsewhere"));
    String out = bash(dir.resolve("elsewhere"), "junction -C ../a -C work plan --json | grep -c '\"id\" : \"A\"'\n"
        + "junction plan >/dev/null 2>&1; echo \"without -C: $?\"\n"
        + "junction -C missing plan; echo \"missing: $?\"\n");
    assertThat(List.of(out.split("\n"))).containsExactly("1", "without -C: 2",
        "-C: no such directory: missing", "missing: 2");
  }
}
