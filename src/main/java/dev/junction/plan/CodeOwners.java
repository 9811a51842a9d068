package dev.junction.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A parsed CODEOWNERS file, read the way GitHub reads it ("About code owners"): each line is a
 * pattern and zero or more owners, and the last rule whose pattern matches a path decides its
 * owners. Invalid lines are skipped and reported as {@link Problem}s, never thrown.
 *
 * <p>Patterns follow gitignore with GitHub's exceptions: no {@code !} negation, no {@code [ ]}
 * ranges and no {@code \#} to start a pattern with '#'. Paths are case-sensitive. Immutable and
 * safe to share between threads.
 */
public final class CodeOwners {

  /** Where GitHub looks for the file, in its lookup order; the first that exists is used. */
  public static final List<String> LOCATIONS =
      List.of(".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS");

  /** {@code @user}, {@code @org/team} or an e-mail address. */
  private static final Pattern OWNER =
      Pattern.compile("@[A-Za-z0-9-]+(?:/[A-Za-z0-9._-]+)?|[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  private final List<Entry> entries;
  private final List<Rule> rules;
  private final List<Problem> problems;

  /** One valid line: the pattern, its owners and its 1-based line number. */
  public record Rule(String pattern, List<String> owners, int line) {
    public Rule {
      owners = List.copyOf(owners);
    }
  }

  /** One invalid line, which GitHub skips. */
  public record Problem(String source, int line, String message) {
    /** The one-line form: {@code source:line: message}. */
    @Override
    public String toString() {
      return source + ":" + line + ": " + message;
    }
  }

  private record Entry(Rule rule, Pattern regex) {}

  private CodeOwners(List<Entry> entries, List<Problem> problems) {
    this.entries = List.copyOf(entries);
    this.rules = entries.stream().map(Entry::rule).toList();
    this.problems = List.copyOf(problems);
  }

  /**
   * Parses the text of a CODEOWNERS file.
   *
   * @param source the file name to use in problems, e.g. {@code .github/CODEOWNERS}
   */
  public static CodeOwners parse(String source, String text) {
    List<Entry> entries = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    // A byte order mark left by an editor would otherwise become part of the first pattern.
    String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
    int number = 0;
    for (String line : body.lines().toList()) {
      number++;
      List<String> tokens = tokens(line);
      if (tokens.isEmpty()) {
        continue;
      }
      String pattern = tokens.get(0);
      List<String> owners = tokens.subList(1, tokens.size());
      Optional<String> invalid = invalidity(pattern, owners);
      if (invalid.isPresent()) {
        problems.add(new Problem(source, number, invalid.get()));
      } else {
        entries.add(new Entry(new Rule(pattern, owners, number), compile(pattern)));
      }
    }
    return new CodeOwners(entries, problems);
  }

  /** The valid rules, in file order. */
  public List<Rule> rules() {
    return rules;
  }

  /** The skipped lines, in file order; empty when the whole file is valid. */
  public List<Problem> problems() {
    return problems;
  }

  /**
   * The rule that decides the owners of a path: the last one whose pattern matches.
   *
   * @param path repository-relative, {@code /}-separated, without a leading {@code /}
   */
  public Optional<Rule> match(String path) {
    if (path.isEmpty() || path.startsWith("/")) {
      throw new IllegalArgumentException("not a repository-relative path: '" + path + "'");
    }
    for (int i = entries.size() - 1; i >= 0; i--) {
      if (entries.get(i).regex().matcher(path).matches()) {
        return Optional.of(entries.get(i).rule());
      }
    }
    return Optional.empty();
  }

  /** The owners of a path; empty when no rule matches or the matching rule lists no owners. */
  public List<String> owners(String path) {
    return match(path).map(Rule::owners).orElse(List.of());
  }

  /**
   * Splits a line on unescaped whitespace, keeping backslash escapes in the tokens. An unescaped
   * {@code #} at the start of a token starts a comment, at line start or after whitespace.
   */
  private static List<String> tokens(String line) {
    List<String> tokens = new ArrayList<>();
    StringBuilder token = new StringBuilder();
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\' && i + 1 < line.length()) {
        token.append(c).append(line.charAt(++i));
      } else if (Character.isWhitespace(c)) {
        if (token.length() > 0) {
          tokens.add(token.toString());
          token.setLength(0);
        }
      } else if (c == '#' && token.length() == 0) {
        break;
      } else {
        token.append(c);
      }
    }
    if (token.length() > 0) {
      tokens.add(token.toString());
    }
    return tokens;
  }

  /** Why GitHub would skip this line, if it would. */
  private static Optional<String> invalidity(String pattern, List<String> owners) {
    // GitHub: escaping a pattern starting with '#' using '\' "so it is treated as a pattern and
    // not a comment" is one of the gitignore rules that do not work in CODEOWNERS.
    if (pattern.startsWith("\\#")) {
      return Optional.of(
          "pattern " + pattern + " escapes a leading '#', which CODEOWNERS does not support");
    }
    if (pattern.startsWith("!")) {
      return Optional.of(
          "pattern " + pattern + " negates with '!', which CODEOWNERS does not support");
    }
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '[') {
        return Optional.of(
            "pattern " + pattern + " uses a '[ ]' range, which CODEOWNERS does not support");
      }
      // A backslash must escape a character of the pattern, not end it or escape a separator.
      if (c == '\\' && (++i == pattern.length() || pattern.charAt(i) == '/')) {
        return Optional.of("pattern " + pattern + " has a '\\' that escapes nothing");
      }
    }
    if (pattern.chars().allMatch(c -> c == '/')) {
      return Optional.of("pattern " + pattern + " matches no path");
    }
    for (String owner : owners) {
      if (!OWNER.matcher(owner).matches()) {
        return Optional.of(
            "owner " + owner + " is not an @user, an @org/team or an e-mail address");
      }
    }
    return Optional.empty();
  }

  /**
   * Translates a valid pattern to a regex over whole paths. A path also matches when one of its
   * directories does, since a rule that names a directory owns everything below it.
   */
  private static Pattern compile(String pattern) {
    String p = pattern;
    // gitignore: a trailing '/' matches directories only, so the path must go on below it.
    boolean directory = p.endsWith("/");
    if (directory) {
      p = p.substring(0, p.length() - 1);
    }
    // gitignore: a '/' at the start or in the middle anchors at the root; with none the pattern
    // matches at any depth, as if it began with "**/".
    boolean anchored = p.contains("/");
    if (p.startsWith("/")) {
      p = p.substring(1);
    }
    List<String> segments = new ArrayList<>();
    if (!anchored) {
      segments.add("**");
    }
    for (String segment : p.split("/", -1)) {
      // "a/**/**/b" is "a/**/b".
      if (!(segment.equals("**") && !segments.isEmpty() && last(segments).equals("**"))) {
        segments.add(segment);
      }
    }
    if (directory && !last(segments).equals("**")) {
      segments.add("**");
    }
    StringBuilder re = new StringBuilder();
    int last = segments.size() - 1;
    for (int i = 0; i <= last; i++) {
      String segment = segments.get(i);
      if (segment.equals("**")) {
        // gitignore: a leading "**/" is any directory prefix, a trailing "/**" everything inside,
        // and "/**/" zero or more directories.
        if (i == 0) {
          re.append(i == last ? ".+" : "(?:.+/)?");
        } else {
          re.append(i == last ? "/.+" : "(?:/.+)?");
        }
        continue;
      }
      if (i > 0 && !(i == 1 && segments.get(0).equals("**"))) {
        re.append('/');
      }
      appendSegment(re, segment);
      // GitHub: "docs/*" owns docs/getting-started.md but not docs/build-app/troubleshooting.md,
      // so a final lone '*' matches files only; any other final segment may name a directory.
      if (i == last && !segment.equals("*")) {
        re.append("(?:/.*)?");
      }
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL);
  }

  /**
   * Appends one path segment: '*' is any run within the segment (as is "**" inside a segment,
   * per gitignore), '?' one character, a backslash makes the next character literal.
   */
  private static void appendSegment(StringBuilder re, String segment) {
    StringBuilder literal = new StringBuilder();
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '*' || c == '?') {
        if (literal.length() > 0) {
          re.append(Pattern.quote(literal.toString()));
          literal.setLength(0);
        }
        re.append(c == '*' ? "[^/]*" : "[^/]");
        while (c == '*' && i + 1 < segment.length() && segment.charAt(i + 1) == '*') {
          i++;
        }
      } else {
        literal.append(c == '\\' ? segment.charAt(++i) : c);
      }
    }
    if (literal.length() > 0) {
      re.append(Pattern.quote(literal.toString()));
    }
  }

  private static String last(List<String> list) {
    return list.get(list.size() - 1);
  }

  /**
   * The session an owner stands for in a plan: {@code @session-7} (or {@code @session-7-leads},
   * a team of it) names session 7; an e-mail address names its member's session.
   */
  public static Optional<String> sessionOf(Plan plan, String owner) {
    String handle = owner.startsWith("@") ? owner.substring(1).toLowerCase(java.util.Locale.ROOT) : null;
    for (Session s : plan.sessions()) {
      String id = s.id().toLowerCase(java.util.Locale.ROOT);
      if (handle != null && (handle.equals(id) || handle.startsWith(id + "-"))) {
        return Optional.of(s.id());
      }
      for (Member m : s.members()) {
        if (owner.equalsIgnoreCase(m.email())) {
          return Optional.of(s.id());
        }
      }
    }
    return Optional.empty();
  }
}
