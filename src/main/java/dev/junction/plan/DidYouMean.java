package dev.junction.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * The end of an "unknown name" message: the closest valid names (by Damerau-Levenshtein distance,
 * letter case ignored) and the valid names themselves, so that a typo in a task, branch or session
 * id says what was meant: {@code ; did you mean P0.1.1? valid: P0.1.1, P0.1.2 (and 4 more)}.
 */
public final class DidYouMean {
  /** How many valid names a message lists before it says how many more there are. */
  static final int LISTED = 10;
  /** How many closest names a message proposes. */
  static final int PROPOSED = 3;

  private DidYouMean() {}

  /**
   * The hint for {@code given} among {@code valid} (in the order to list them), starting with
   * {@code "; "}; empty when nothing is valid.
   */
  public static String hint(String given, List<String> valid) {
    List<String> names = List.copyOf(new LinkedHashSet<>(valid));
    if (names.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder("; ");
    List<String> close = closest(given, names);
    if (!close.isEmpty()) {
      b.append("did you mean ");
      for (int i = 0; i < close.size(); i++) {
        b.append(i == 0 ? "" : i == close.size() - 1 ? " or " : ", ").append(close.get(i));
      }
      b.append("? ");
    }
    b.append("valid: ").append(String.join(", ", names.subList(0, Math.min(LISTED, names.size()))));
    if (names.size() > LISTED) {
      b.append(" (and ").append(names.size() - LISTED).append(" more)");
    }
    return b.toString();
  }

  /** The plan's task ids, in file order: the valid values of a task id. */
  public static List<String> tasks(Plan plan) {
    return plan.tasks().stream().map(Task::id).toList();
  }

  /** The plan's task ids, then {@code branches}: the valid values of "a branch or a task". */
  public static List<String> tasksThenBranches(Plan plan, List<String> branches) {
    List<String> out = new ArrayList<>(tasks(plan));
    out.addAll(branches);
    return out;
  }

  /**
   * The names nearest {@code given}, at most {@link #PROPOSED}: those at the least distance, if it
   * is small for their length (a third of it, at least one edit); the longest common start first.
   */
  static List<String> closest(String given, List<String> names) {
    String g = given.toLowerCase(Locale.ROOT);
    if (g.length() > 256) { // no typo of a name: the table would only cost time
      return List.of();
    }
    int best = Integer.MAX_VALUE;
    List<String> out = new ArrayList<>();
    for (String name : names) {
      String n = name.toLowerCase(Locale.ROOT);
      int d = distance(g, n);
      // a third of the shorter name, at least one edit, and never all of either name
      if (d > Math.max(1, Math.min(g.length(), n.length()) / 3) || d >= Math.max(g.length(), n.length()) || d > best) {
        continue;
      }
      if (d < best) {
        best = d;
        out.clear();
      }
      out.add(name);
    }
    out.sort(Comparator.comparingInt((String n) -> -commonStart(g, n.toLowerCase(Locale.ROOT))));
    return out.subList(0, Math.min(PROPOSED, out.size()));
  }

  /** Edits (insert, delete, substitute, swap two neighbours) from {@code a} to {@code b}. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  private static int commonStart(String a, String b) {
    int i = 0;
    while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) {
      i++;
    }
    return i;
  }
}
