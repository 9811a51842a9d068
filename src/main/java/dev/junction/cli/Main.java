package dev.junction.cli;

import dev.junction.bench.BenchCommand;
import dev.junction.app.TerminalText;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code junction} command: parses, dispatches to one subcommand, exits once. */
@Command(
    name = "junction",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Merge coordinator for parallel branches: plan, check, land, protect.",
    footerHeading = "%nExit codes:%n",
    footer = ExitCodes.FOOTER)
public final class Main implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    if (System.getProperty("slf4j.provider") == null) {
      System.setProperty("slf4j.provider", StderrLogProvider.class.getName());
      System.setProperty("slf4j.internal.verbosity", "WARN");
    }
    int code = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    System.exit(code);
  }

  /**
   * The subcommands, by name. Only the one named on the command line is built: picocli reads each
   * command's annotations by reflection, and a short command should not pay for the others.
   */
  private static final Map<String, Supplier<Object>> COMMANDS = new LinkedHashMap<>();

  static {
    COMMANDS.put("plan", PlanCommand::new);
    COMMANDS.put("board", BoardCommand::new);
    COMMANDS.put("check", CheckCommand::new);
    COMMANDS.put("radar", RadarCommand::new);
    COMMANDS.put("gate", GateCommand::new);
    COMMANDS.put("land", LandCommand::new);
    COMMANDS.put("rollback", RollbackCommand::new);
    COMMANDS.put("sync", SyncCommand::new);
    COMMANDS.put("mr", MrCommand::new);
    COMMANDS.put("review", ReviewCommand::new);
    COMMANDS.put("protect", ProtectCommand::new);
    COMMANDS.put("override", ProtectCommand.OverrideCommand::new);
    COMMANDS.put("resume", RecoveryCommands.Resume::new);
    COMMANDS.put("doctor", RecoveryCommands.Doctor::new);
    COMMANDS.put("escalations", EscalationsCommand::new);
    COMMANDS.put("status", StatusCommand::new);
    COMMANDS.put("clash", ClashCommand::new);

    COMMANDS.put("demo", DemoCommand::new);
    COMMANDS.put("bench", () -> BenchCommand.command(new BenchCommand.Exits(ExitCodes::of, ExitCodes.FOOTER)));
    COMMANDS.put("help", CommandLine.HelpCommand::new);
  }

  /** Runs one command line and answers its exit code; never calls {@code System.exit}. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    return run(args, out, err, Clock.systemUTC());
  }

  /** Runs one command line on {@code clock}: every command reads the time from it. */
  static int run(String[] args, PrintWriter rawOut, PrintWriter rawErr, Clock clock) {
    // Names, paths, titles and reasons come from sessions: nothing they hold may steer the terminal.
    PrintWriter out = new PrintWriter(new TerminalText(rawOut), true);
    PrintWriter err = new PrintWriter(new TerminalText(rawErr), true);
    CommandLine cl = new CommandLine(new Main(), new Factory(clock));
    String first = args.length == 0 ? "" : args[0];
    boolean one = COMMANDS.containsKey(first) && !first.equals("help");
    boolean none = first.equals("--version") || first.equals("-V");
    COMMANDS.forEach((name, command) -> {
      if (!none && (!one || name.equals(first))) {
        cl.addSubcommand(name, command.get());
      }
    });
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(ExitCodes::handle);
    cl.setCaseInsensitiveEnumValuesAllowed(true); // --stage component maps to Stage.COMPONENT
    try {
      return cl.execute(args);
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** Makes the options every repository command shares with the run's clock. */
  private record Factory(Clock clock) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> type) throws Exception {
      return type == Shared.class ? type.cast(new Shared(clock)) : CommandLine.defaultFactory().create(type);
    }
  }

  /** The version written into the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"junction " + (v == null ? "dev" : v)};
    }
  }
}
