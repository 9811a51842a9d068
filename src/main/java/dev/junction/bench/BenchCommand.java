package dev.junction.bench;

import dev.junction.app.Workspace;
import java.time.Clock;

import dev.junction.app.InvalidInput;
import dev.junction.plan.Disposition;
import dev.junction.plan.PlanError;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code junction bench}: measurements that print figures, never pass/fail. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks that print figures (minimum, median, maximum) for the closing notes.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  junction bench plan --tasks 2000 --sessions 20",
      "  junction bench radar --branches 60",
      "  junction bench land --files 2000 --commits 5000",
      "  junction bench hook --pushes 20",
      "  junction bench serve --clients 64"
    })
public final class BenchCommand implements Runnable {
  @Spec CommandSpec spec;

  /**
   * What the face that registers the benchmarks says about how a command ends: its code for each
   * disposition, the help text that lists those codes (appended to every bench command's help), and
   * how to serve a repository for {@code bench serve} ({@link Serving}: the face that holds the
   * server starts it, so no benchmark imports a face)
   * that the face's code naming it loads no server class until {@code bench serve} runs.
   */
  public record Exits(ToIntFunction<Disposition> codes, String help,
      Serving serving) {
    int of(Disposition disposition) {
      return codes.applyAsInt(disposition);
    }
  }

  /**
   * What {@code bench serve} needs of the faces: the demo repository to serve, built in a folder,
   * and a server started on a repository as {@code junction serve} would, on a free loopback port.
   */
  public interface Serving {
    /** Builds the demo repository under {@code dir} and answers its directory. */
    java.nio.file.Path demo(java.nio.file.Path dir) throws Exception;

    Served start(Workspace.Location location, Clock clock) throws java.io.IOException;
  }

  /** A running server: where it listens, and how it stops. */
  public interface Served extends AutoCloseable {
    String url();

    @Override
    void close();
  }

  private BenchCommand() {}

  /** {@code bench} with its subcommands (plan, radar, land, hook, serve), ready to register under a face's root command. */
  public static CommandLine command(Exits exits) {
    CommandLine bench = new CommandLine(new BenchCommand());
    bench.addSubcommand(new BenchPlanCommand(exits));
    bench.addSubcommand(new BenchRadarCommand(exits));
    bench.addSubcommand(new BenchLandCommand(exits));
    bench.addSubcommand(new BenchHookCommand(exits));
    bench.addSubcommand(new BenchServeCommand(exits, exits.serving()));
    withExitCodes(bench, exits.help());
    return bench;
  }

  private static void withExitCodes(CommandLine command, String help) {
    List<String> footer = new ArrayList<>(List.of(command.getCommandSpec().usageMessage().footer()));
    footer.add("%nExit codes:%n" + help);
    command.getCommandSpec().usageMessage().footer(footer.toArray(String[]::new));
    command.getSubcommands().values().forEach(sub -> withExitCodes(sub, help));
  }

  /** Options a benchmark cannot start with: {@code where} is the option, as it is shown. */
  static InvalidInput invalid(String where, String message) {
    return new InvalidInput(new PlanError(where, 0, "", message));
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
