package dev.junction.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.testing.TestRepo;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrailersTest {

  @Test
  void readsTrailersOfTheLastParagraph() {
    String message = "feat(coordinator): Merge CAS [P0.1.2]\n\nBody text.\n\n"
        + "Junction-Task: P0.1.2\nJunction-Session: session-7\n";
    assertThat(Trailers.values(message, Trailers.TASK)).containsExactly("P0.1.2");
    assertThat(Trailers.values(message, "junction-session")).containsExactly("session-7");
  }

  @Test
  void ignoresATaskNamedInTheSubject() {
    assertThat(Trailers.values("feat: land P0.1.1 [P0.1.1]\n", Trailers.TASK)).isEmpty();
    assertThat(Trailers.values("Junction-Task: P0.1.1\n", Trailers.TASK)).isEmpty();
  }

  @Test
  void ignoresAParagraphThatIsNotAllTrailers() {
    String message = "feat: x\n\nJunction-Task: P0.1.1 is what we hoped to merge\nbut this is prose.\n";
    assertThat(Trailers.values(message, Trailers.TASK)).isEmpty();
  }

  @Test
  void ignoresTrailersFollowedByAnotherParagraph() {
    String message = "feat: x\n\nJunction-Task: P0.1.1\n\nTrailing prose.\n";
    assertThat(Trailers.values(message, Trailers.TASK)).isEmpty();
  }

  @Test
  void joinsContinuationLinesAndKeepsRepeatedKeys() {
    String message = "feat: batch\n\nJunction-Task: P0.1.1\nJunction-Task: P0.1.2\nNote: a long\n  value\n";
    assertThat(Trailers.values(message, Trailers.TASK)).containsExactly("P0.1.1", "P0.1.2");
    assertThat(Trailers.values(message, "Note")).containsExactly("a long value");
  }

  /** Git itself, through {@code interpret-trailers --parse}, agrees on every message above. */
  @ParameterizedTest
  @ValueSource(strings = {
      "feat: x\n\nJunction-Task: P0.1.1\nJunction-Session: session-5\n",
      "feat: x\n\nbody\n\nJunction-Task: P0.2.1\n",
      "feat: x [P0.1.1]\n",
      "feat: x\n\nJunction-Task: P0.1.1\n\nTrailing prose.\n"})
  void agreesWithGitInterpretTrailers(String message, @TempDir Path dir) throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      Path file = repo.write("msg.txt", message);
      String parsed = repo.git("interpret-trailers", "--parse", file.toString());
      List<String> fromGit = parsed.lines()
          .filter(l -> l.startsWith("Junction-Task:"))
          .map(l -> l.substring("Junction-Task:".length()).strip())
          .toList();
      assertThat(Trailers.values(message, Trailers.TASK)).isEqualTo(fromGit);
    }
  }
}
