package dev.junction.git;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Commit trailers ({@code Junction-Task: P0.1.2}), read the strict way: only the last paragraph
 * of a message, only when it is not the subject, and only when every line in it is a trailer (or
 * the indented continuation of one). A subject or body line that merely mentions a task is never
 * a trailer.
 */
public final class Trailers {
  public static final String TASK = "Junction-Task";
  public static final String SESSION = "Junction-Session";
  public static final String STAGE = "Junction-Stage";
  public static final String REQUEST = "Junction-Request";
  /** On a revert commit: the full id of the merge it reverts. */
  public static final String REVERT = "Junction-Revert";
  /** On a landing merge that lands rolled-back work again with its fix: the full id of the revert it takes out. */
  public static final String RELAND = "Junction-Reland";

  private static final Pattern LINE = Pattern.compile("([A-Za-z0-9][A-Za-z0-9-]*):\\s*(.*)");

  private Trailers() {}

  /** One trailer: its key as written and its value, trimmed. */
  public record Trailer(String key, String value) {}

  /** All trailers of {@code message}, in order; none when the message has no trailer block. */
  public static List<Trailer> parse(String message) {
    String[] paragraphs = message.strip().split("\\n[ \\t]*\\n");
    if (paragraphs.length < 2) {
      return List.of();
    }
    String last = paragraphs[paragraphs.length - 1];
    List<Trailer> out = new ArrayList<>();
    for (String line : last.split("\\n")) {
      if (!out.isEmpty() && (line.startsWith(" ") || line.startsWith("\t"))) {
        Trailer prev = out.remove(out.size() - 1);
        out.add(new Trailer(prev.key(), (prev.value() + " " + line.strip()).strip()));
        continue;
      }
      Matcher m = LINE.matcher(line.stripTrailing());
      if (!m.matches()) {
        return List.of();
      }
      out.add(new Trailer(m.group(1), m.group(2).strip()));
    }
    return out;
  }

  /** Values of every trailer named {@code key} (compared without case, as git does). */
  public static List<String> values(String message, String key) {
    String wanted = key.toLowerCase(Locale.ROOT);
    return parse(message).stream()
        .filter(t -> t.key().toLowerCase(Locale.ROOT).equals(wanted))
        .map(Trailer::value)
        .filter(v -> !v.isEmpty())
        .toList();
  }
}
