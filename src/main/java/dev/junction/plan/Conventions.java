package dev.junction.plan;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Spec 6.2's naming convention, {@code type(scope): Brief description [TaskID]}, shared by merge
 * request titles, the merge commits Junction writes and the push guard's message rule.
 */
public final class Conventions {
  /** Spec 6.2's type prefixes. */
  public static final List<String> TYPES = List.of("feat", "fix", "test", "docs", "refactor", "perf", "chore");

  /** Type, optional scope, description, optional {@code [TaskID]} at the end. */
  private static final Pattern SUBJECT = Pattern.compile(
      "^(?<type>[a-z]+)(?:\\((?<scope>[A-Za-z0-9_./-]+)\\))?: (?<text>\\S.*?)(?: \\[(?<task>[^\\]\\s]+)\\])?$");

  private Conventions() {}

  /** A subject taken apart. */
  public record Subject(String type, Optional<String> scope, String description, Optional<String> task) {}

  /** The parts of a subject that has the convention's shape (the type is not checked here). */
  public static Optional<Subject> parse(String subject) {
    Matcher m = SUBJECT.matcher(subject.strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(new Subject(m.group("type"), Optional.ofNullable(m.group("scope")), m.group("text"),
        Optional.ofNullable(m.group("task"))));
  }

  /** What is wrong with a subject, or empty when it follows the convention. */
  public static Optional<String> problem(String subject) {
    Optional<Subject> parsed = parse(subject);
    if (parsed.isEmpty()) {
      return Optional.of("not in the form type(scope): Brief description [TaskID] (spec 6.2)");
    }
    if (!TYPES.contains(parsed.get().type())) {
      return Optional.of("unknown type '" + parsed.get().type() + "' (spec 6.2: " + String.join(", ", TYPES) + ")");
    }
    return Optional.empty();
  }

  /** The commit type for a task's work: {@code feat}, {@code test} or {@code docs}. */
  public static String type(Task task) {
    return switch (task.type()) {
      case DOCS -> "docs";
      case VALIDATION, INTEGRATION -> "test";
      case COMPONENT, CLI -> "feat";
    };
  }

  /** The scope for a task: its first deliverable's name without extension, else its owner. */
  public static String scope(Task task) {
    if (task.deliverables().isEmpty()) {
      return task.owner();
    }
    String d = task.deliverables().get(0).replaceAll("/+$", "");
    String name = d.substring(d.lastIndexOf('/') + 1);
    int dot = name.indexOf('.');
    String scope = (dot > 0 ? name.substring(0, dot) : name).replaceAll("[^A-Za-z0-9_-]", "");
    return scope.isEmpty() ? task.owner() : scope.toLowerCase(Locale.ROOT);
  }
}
