package dev.junction.cli;

import dev.junction.plan.InputError;
import dev.junction.plan.PlanError;
import dev.junction.plan.Problem;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Renders invalid input: one line per problem on stderr, and as JSON on stdout for agents. An
 * input error's domain field is named by the flag or parameter that carries it.
 */
final class Problems {
  private Problems() {}

  /** Domain field to the CLI's word for it; a field not listed is shown as it is. */
  private static final Map<String, String> FLAGS = Map.ofEntries(
      Map.entry("repository", "--repo"),
      Map.entry("store", "--db"),
      Map.entry("target", "--into"),
      Map.entry("source", "SOURCE"),
      Map.entry("task", "--task"),
      Map.entry("stage", "--stage"),
      Map.entry("branches", "--branches"),
      Map.entry("plan", "--file"),
      Map.entry("reason", "--reason"),
      Map.entry("on", "--on"),
      Map.entry("gate", "NAME"),
      Map.entry("merge", "MERGE"),
      Map.entry("session", "SESSION"),
      Map.entry("write", "--write"),
      Map.entry("listen", "--listen"),
      // merge requests, reviews and overrides
      Map.entry("actor", "--as"),
      Map.entry("type", "--type"),
      Map.entry("state", "--state"),
      Map.entry("reviewer", "--reviewer"),
      Map.entry("request", "N"),
      Map.entry("finding", "FINDING"),
      Map.entry("findings", "--finding"),
      Map.entry("branch", "--branch"),
      Map.entry("hub", "BARE_REPO"),
      Map.entry("coordination", "--coordination"),
      Map.entry("ttl", "--ttl"),
      Map.entry("notes", "--notes"),
      // tokens
      Map.entry("member", "--member"),
      Map.entry("role", "--role"),
      Map.entry("token", "ID"));

  /** A field naming one of a repeated input, {@code findings[0]}: the option, and which occurrence. */
  private static final Pattern INDEXED = Pattern.compile("(.+)\\[(\\d+)]");

  static String flag(String field) {
    return FLAGS.getOrDefault(field, field);
  }

  /**
   * A problem in the CLI's words: a plan error as it is, an input error as {@code flag: message},
   * or for the i-th (0-based) of a repeated option {@code flag:i+1: message}.
   */
  static PlanError rendered(Problem p) {
    if (p instanceof InputError e) {
      Matcher indexed = INDEXED.matcher(e.field());
      if (indexed.matches()) {
        return new PlanError(flag(indexed.group(1)), Integer.parseInt(indexed.group(2)) + 1, "", e.message());
      }
      return new PlanError(flag(e.field()), 0, "", e.message());
    }
    return (PlanError) p;
  }

  static int report(CommandSpec spec, boolean json, List<? extends Problem> problems) {
    List<PlanError> errors = problems.stream().map(Problems::rendered).toList();
    errors.forEach(e -> spec.commandLine().getErr().println(e));
    if (json) {
      Json.print(spec.commandLine().getOut(), Map.of("errors", errors));
    }
    return ExitCodes.INVALID;
  }

  static int report(CommandSpec spec, boolean json, String where, String message) {
    return report(spec, json, List.of(new PlanError(where, 0, "", message)));
  }
}
