package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.git.GitVersion;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The command a process runs is found before picocli parses, and only a repository command is readied for. */
class PreloadTest {
  @Test
  void theCommandIsTheFirstWordAfterTheDirectories() {
    assertThat(Main.commandOf(new String[] {"-C", "check", "plan", "--json"})).isEqualTo("plan");
    assertThat(Main.commandOf(new String[] {"-C=x", "-C", "y", "check", "topic"})).isEqualTo("check");
    assertThat(Main.commandOf(new String[] {"--version"})).isNull();
    assertThat(Main.commandOf(new String[] {"-C"})).isNull();
  }

  @Test
  void onlyCommandsThatOpenARepositoryAreReadiedFor() throws Exception {
    assertThat(Preload.start(null)).isEmpty();
    assertThat(Preload.start("man")).isEmpty();
    assertThat(Preload.start("demo")).isEmpty();
    assertThat(Preload.start("chekc")).as("picocli reports the typo; nothing is readied").isEmpty();
    Optional<Thread> readying = Preload.start("check");
    assertThat(readying).isPresent();
    readying.get().join();
    assertThat(GitVersion.detect()).as("the merging command's git version is known").isPresent();
  }
}
