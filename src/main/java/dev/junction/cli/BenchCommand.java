package dev.junction.cli;

import picocli.CommandLine.Command;

/** {@code junction bench}: measurements that print figures, never pass/fail. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks that print figures (minimum, median, maximum) for the closing notes.",
    subcommands = {BenchPlanCommand.class, BenchRadarCommand.class, BenchLandCommand.class, BenchHookCommand.class},
    footerHeading = "%nExamples:%n",
    footer = {"  junction bench plan --tasks 2000 --sessions 20", "  junction bench radar --branches 60",
        "  junction bench hook --pushes 20",
        "%nExit codes:%n" + ExitCodes.FOOTER})
final class BenchCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
