package dev.junction.cli;

import dev.junction.git.PlanStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** Options of the commands that show the plan against a target, and the loading they share. */
final class PlanOptions {
  @Mixin Shared shared;

  @Option(names = "--into", paramLabel = "BRANCH",
      description = "Target branch; its tip's junction.yaml is the plan (default: the coordination branch).")
  String into;

  @Option(names = "--file", paramLabel = "FILE",
      description = "Read the plan from this file instead of the target's tip (to try a plan before committing it).")
  Path file;

  /** The plan viewed from the target, or the exit code already reported. */
  sealed interface Loaded {}

  record Shown(PlanStatus.Viewed viewed) implements Loaded {}

  record Failed(int exitCode) implements Loaded {}

  Loaded load(CommandSpec spec) throws IOException {
    try (dev.junction.app.Workspace workspace = shared.workspace()) {
      PlanStatus.Outcome outcome = PlanStatus.view(workspace.repository(),
          new PlanStatus.Request(Optional.ofNullable(into), Optional.ofNullable(file)));
      if (outcome instanceof PlanStatus.Invalid invalid) {
        return new Failed(Problems.report(spec, shared.json, invalid.errors()));
      }
      return new Shown((PlanStatus.Viewed) outcome);
    }
  }
}
