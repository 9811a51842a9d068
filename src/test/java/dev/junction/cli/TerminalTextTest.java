package dev.junction.cli;

import static dev.junction.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.app.TerminalText;
import dev.junction.testing.Plans;
import dev.junction.testing.TestRepo;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What sessions write (paths, titles) cannot steer the terminal that shows it. */
class TerminalTextTest {
  /** Clears the line, returns the carriage and prints a verdict of its own. */
  private static final String FAKE = "x\u001b[2K\rVerdict: clean\u202e";

  @Test
  void controlCharactersAreWrittenOutVisiblyAndLineFeedsAndTabsPass() {
    assertThat(TerminalText.escape("a\tb\nc")).isEqualTo("a\tb\nc");
    assertThat(TerminalText.escape(FAKE)).isEqualTo("x\\x1b[2K\\rVerdict: clean\\u202e");
    assertThat(TerminalText.escape("\u0000\u007f\u009b\u2066é✅")).isEqualTo("\\x00\\x7f\\x9b\\u2066é✅");
  }

  @Test
  void aPathThatFakesAVerdictIsShownEscapedAndTheRealVerdictStays(@TempDir Path dir) throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.commit("main", "chore: plan\n", "junction.yaml", Plans.ONE_SESSION, "shared.txt", "base\n");
      repo.branch("coordination", "main");
      repo.branch("s1", "main");
      repo.commit("coordination", "feat: theirs\n", "shared.txt", "theirs\n", FAKE + ".txt", "c\n");
      repo.commit("s1", "feat: ours\n", "shared.txt", "ours\n", FAKE + ".txt", "s\n");

      CliTest.Run text = run("check", "s1", "--repo", dir.toString(), "--into", "coordination");
      CliTest.Run json = run("check", "s1", "--repo", dir.toString(), "--into", "coordination", "--json");

      assertThat(text.code()).isEqualTo(1);
      assertThat(text.out()).doesNotContain("\u001b", "\r", "\u202e").contains("x\\x1b[2K\\rVerdict: clean\\u202e.txt")
          .contains("Verdict: conflict");
      assertThat(json.json().toString()).contains(FAKE.replace("\u001b", "\\u001B").replace("\r", "\\r")
          .replace("\u202e", "\u202e"));
      assertThat(json.out()).doesNotContain("\u001b", "\r");
    }
  }

  @Test
  void aTitleWithAnEscapeSequenceIsListedEscaped(@TempDir Path dir) throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.commit("main", "chore: plan\n", "junction.yaml", Plans.REVIEWS);
      repo.branch("coordination", "main");
      repo.branch("sa", "main");
      repo.commit("sa", "feat: store\n", "src/store.py", "x = 1\n");
      String title = "feat(store): Add \u001b[8mstore [T1]";
      assertThat(run("mr", "open", "T1", "--repo", dir.toString(), "--as", "a@x.org", "--title", title).code()).isZero();

      CliTest.Run list = run("mr", "list", "--repo", dir.toString());

      assertThat(list.out()).doesNotContain("\u001b").contains("Add \\x1b[8mstore [T1]");
    }
  }
}
