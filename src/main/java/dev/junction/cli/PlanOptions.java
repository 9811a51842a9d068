package dev.junction.cli;

import dev.junction.app.PlanService;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options of the commands that show the plan against a target. */
final class PlanOptions {
  @Mixin Shared shared;

  @Option(names = "--into", paramLabel = "BRANCH",
      description = "Target branch; its tip's junction.yaml is the plan (default: the coordination branch).")
  String into;

  @Option(names = "--file", paramLabel = "FILE",
      description = "Read the plan from this file instead of the target's tip (to try a plan before committing it).")
  Path file;

  PlanService.ViewInput input() {
    return new PlanService.ViewInput(Optional.ofNullable(into), Optional.ofNullable(file));
  }
}
