package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.testing.Plans;
import dev.junction.testing.TestRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's classes (Javalin, Jetty, Kotlin's library) stay off the start-up of quick commands. */
@Tag("process")
class QuickPathProcessTest {
  static List<String> loaded(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-verbose:class", "-cp", System.getProperty("java.class.path"),
        Main.class.getName()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return out.lines().filter(l -> l.contains("[class,load]")).toList();
  }

  @Test
  void versionPlanAndHelpLoadNoServerClass(@TempDir Path dir) throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.commit("main", "chore: plan\n", "junction.yaml", Plans.ONE_SESSION);
    }
    for (String[] args : List.of(new String[] {"--version"}, new String[] {"plan", "--into", "main", "--repo",
        dir.toString()}, new String[] {"help", "serve"})) {
      List<String> classes = loaded(args);
      assertThat(classes).as(String.join(" ", args)).isNotEmpty()
          .noneMatch(l -> l.contains("io.javalin") || l.contains("org.eclipse.jetty") || l.contains("kotlin.")
              || l.contains("dev.junction.server"));
    }
  }
}
