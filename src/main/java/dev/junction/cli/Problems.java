package dev.junction.cli;

import dev.junction.plan.PlanError;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/** Renders invalid input: one line per problem on stderr, and as JSON on stdout for agents. */
final class Problems {
  private Problems() {}

  static int report(CommandSpec spec, boolean json, List<PlanError> errors) {
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
