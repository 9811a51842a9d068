package dev.junction.plan;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.Optional;
import java.util.regex.PatternSyntaxException;

/**
 * Deliverable patterns: a plain path, a glob ({@code *} within a folder, {@code **} across
 * folders, {@code ?}, {@code [abc]}, {@code {a,b}}), or a folder written with a trailing slash,
 * which covers everything below it.
 */
public final class Deliverables {
  /** Compiled globs: plans and radars ask the same patterns again and again. */
  private static final java.util.Map<String, PathMatcher> MATCHERS = new java.util.concurrent.ConcurrentHashMap<>();

  private Deliverables() {}

  /** Why {@code pattern} is not a usable deliverable, if it is not. */
  static Optional<String> problem(String pattern) {
    return problem(pattern, "deliverables");
  }

  /** Why {@code pattern} is not a usable path inside the repository; {@code what} names such paths in the message. */
  static Optional<String> problem(String pattern, String what) {
    if (pattern.isBlank()) {
      return Optional.of("empty path");
    }
    if (pattern.startsWith("/") || pattern.startsWith("~") || pattern.matches("^[A-Za-z]:.*")) {
      return Optional.of("'" + pattern + "' is absolute; " + what + " are paths inside the repository");
    }
    if (pattern.contains("\\")) {
      return Optional.of("'" + pattern + "' contains a backslash; use / between folders");
    }
    for (String segment : pattern.split("/")) {
      if (segment.equals("..")) {
        return Optional.of("'" + pattern + "' leaves the repository (..)");
      }
    }
    return globProblem(pattern).map(why -> "'" + pattern + "' is not a valid glob: " + why);
  }

  /**
   * Why {@code pattern} does not compile as a glob ({@code missing ']'}), if it does not: the
   * syntax alone, for globs over other names than paths (refs, task ids).
   */
  public static Optional<String> globProblem(String pattern) {
    try {
      matcher(pattern);
    } catch (PatternSyntaxException e) {
      // the JDK says "Missing ']": close the quote
      String why = e.getDescription().replaceFirst("^Missing '(.)$", "missing '$1'");
      return Optional.of(why);
    }
    return Optional.empty();
  }

  /** Whether the repository path {@code path} (slash-separated) is covered by {@code pattern}. */
  public static boolean covers(String pattern, String path) {
    if (pattern.endsWith("/")) {
      return path.startsWith(pattern);
    }
    if (!isGlob(pattern)) {
      return path.equals(pattern);
    }
    return matcher(pattern).matches(Path.of(path));
  }

  /** Whether the pattern holds glob syntax rather than naming one path. */
  public static boolean isGlob(String pattern) {
    return pattern.chars().anyMatch(c -> "*?[]{}".indexOf(c) >= 0);
  }

  private static PathMatcher matcher(String pattern) {
    PathMatcher cached = MATCHERS.get(pattern);
    if (cached == null) {
      String glob = pattern.endsWith("/") ? pattern + "**" : pattern;
      cached = FileSystems.getDefault().getPathMatcher("glob:" + glob);
      if (MATCHERS.size() < 10_000) {
        MATCHERS.put(pattern, cached);
      }
    }
    return cached;
  }
}
