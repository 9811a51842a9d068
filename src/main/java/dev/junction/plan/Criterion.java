package dev.junction.plan;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A phase criterion (spec 1.1 stage 3): its words and the evidence that shows it holds. A
 * criterion holds when every piece of evidence it names does; one that names none cannot be
 * shown to hold, so it never does.
 *
 * @param tasks task-id globs ({@code P0.1.*}): every task they match is merged into the source
 * @param gates gate names: each passes on the phase candidate
 * @param files paths (a file, or a folder): each exists in the source's tip
 */
public record Criterion(String text, List<String> tasks, List<String> gates, List<String> files) {
  public Criterion {
    tasks = List.copyOf(tasks);
    gates = List.copyOf(gates);
    files = List.copyOf(files);
  }

  /** A criterion in words only, as older plans write them. */
  public static Criterion words(String text) {
    return new Criterion(text, List.of(), List.of(), List.of());
  }

  public boolean hasEvidence() {
    return !tasks.isEmpty() || !gates.isEmpty() || !files.isEmpty();
  }

  /** Whether the task-id glob {@code glob} ({@code *} any run of characters, {@code ?} one) matches {@code id}. */
  public static boolean matches(String glob, String id) {
    StringBuilder regex = new StringBuilder();
    for (char c : glob.toCharArray()) {
      regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
    }
    return id.matches(regex.toString());
  }
}
