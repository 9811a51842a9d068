package dev.junction.cli;

import dev.junction.bench.BenchCommand;
import dev.junction.app.TerminalText;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code junction} command: parses, dispatches to one subcommand, exits once. */
@Command(
    name = "junction",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Merge coordinator for parallel branches: plan, check, land, protect.",
    footerHeading = "%nExamples:%n",
    footer = {"  junction demo", "  junction plan", "  junction help land", "%nExit codes:%n" + ExitCodes.FOOTER})
public final class Main implements Runnable {
  @Spec CommandSpec spec;

  // Read by run(String[], ...) before picocli parses: declared here for help, completion and man pages.
  @Option(names = "-C", paramLabel = "DIR",
      description = "Run as if started in DIR: it finds the repository and resolves relative paths. "
          + "Before the command, repeatable, each relative to the one before, like git's -C.")
  List<Path> directories;

  @Option(names = "--server", paramLabel = "URL",
      description = "Before the command: send it to this junction serve (default: JUNCTION_SERVER, else the "
          + "server `junction join` stored in the repository).")
  String server;

  /** Where help goes: the raw writer when help is coloured (its text is Junction's own), else the escaped one. */
  private final PrintWriter helpOut;

  private Main(PrintWriter helpOut) {
    this.helpOut = helpOut;
  }

  @Override
  public void run() {
    usage(spec);
  }

  /**
   * Prints the usage help of {@code spec}'s command, coloured when the run may colour: what a
   * command that only groups others prints when run without one.
   */
  static void usage(CommandSpec spec) {
    CommandLine command = spec.commandLine();
    PrintWriter to = spec.root().userObject() instanceof Main main ? main.helpOut : command.getOut();
    command.usage(to, command.getColorScheme());
  }

  public static void main(String[] args) {
    if (System.getProperty("slf4j.provider") == null) {
      System.setProperty("slf4j.provider", StderrLogProvider.class.getName());
      System.setProperty("slf4j.internal.verbosity", "WARN");
    }
    Preload.start(commandOf(args));
    int code = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    System.exit(code);
  }

  /** The command named on a process's command line: the first word after the {@code -C DIR} options. */
  static String commandOf(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("-C")) {
        i++;
      } else if (!args[i].startsWith("-")) {
        return args[i];
      }
    }
    return null;
  }

  /**
   * The subcommands, by name. Only the one named on the command line is built: picocli reads each
   * command's annotations by reflection, and a short command should not pay for the others.
   */
  static final Map<String, Supplier<Object>> COMMANDS = new LinkedHashMap<>();

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
    COMMANDS.put("join", JoinCommand::new);
    COMMANDS.put("token", TokenCommand::new);
    COMMANDS.put("serve", ServeCommand::new);

    COMMANDS.put("completion", CompletionCommand::new);
    COMMANDS.put("man", ManCommand::new);
    COMMANDS.put("demo", DemoCommand::new);
    COMMANDS.put("bench", () -> BenchCommand.command(new BenchCommand.Exits(ExitCodes::of, ExitCodes.FOOTER,
        new BenchServing())));
    COMMANDS.put("help", CommandLine.HelpCommand::new);
  }

  /** Runs one command line and answers its exit code; never calls {@code System.exit}. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    return run(args, out, err, Clock.systemUTC());
  }

  /** Runs one command line on {@code clock}: every command reads the time from it. */
  static int run(String[] args, PrintWriter rawOut, PrintWriter rawErr, Clock clock) {
    return run(args, rawOut, rawErr, clock, Invocation.ofProcess());
  }

  /** Runs one command line on {@code clock} in {@code invocation}'s environment and directory. */
  static int run(String[] given, PrintWriter rawOut, PrintWriter rawErr, Clock clock, Invocation invocation) {
    // Names, paths, titles and reasons come from sessions: nothing they hold may steer the terminal.
    PrintWriter out = new PrintWriter(new TerminalText(rawOut), true);
    PrintWriter err = new PrintWriter(new TerminalText(rawErr), true);
    try {
      return run(given, out, err, clock, invocation, rawOut, rawErr);
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** What a run printed and how it exited: a command the server ran for a client ({@link #runPinned}). */
  record Ran(int exit, String out, String err) {}

  /**
   * Runs one command line the way the server runs a client's: in {@code pinned}'s hub, for its
   * member, whatever the line says ({@link RemoteRun#refusal} refused what would reach past that),
   * without a terminal; answers what it printed.
   */
  static Ran runPinned(String[] args, Shared.Pinned pinned, Clock clock) {
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    Invocation invocation = new Invocation(Map.of(), false,
        pinned.location().repository().orElse(Path.of("")));
    int code;
    try (PrintWriter o = new PrintWriter(new TerminalText(out), true);
        PrintWriter e = new PrintWriter(new TerminalText(err), true)) {
      code = run(args, o, e, clock, invocation, o, e, Optional.of(pinned));
    }
    return new Ran(code, out.toString(), err.toString());
  }

  private static int run(String[] given, PrintWriter out, PrintWriter err, Clock clock, Invocation invocation,
      PrintWriter rawOut, PrintWriter rawErr) {
    return run(given, out, err, clock, invocation, rawOut, rawErr, Optional.empty());
  }

  private static int run(String[] given, PrintWriter out, PrintWriter err, Clock clock, Invocation invocation,
      PrintWriter rawOut, PrintWriter rawErr, Optional<Shared.Pinned> pinned) {
    // -C DIR ..., as git reads it: before the command, each one relative to the directory before.
    Path base = invocation.cwd();
    int at = 0;
    while (at < given.length && (given[at].equals("-C") || given[at].startsWith("-C="))) {
      boolean joined = given[at].startsWith("-C="); // as the usage line shows it
      if (!joined && at + 1 == given.length) {
        err.println("-C: missing directory");
        return ExitCodes.INVALID;
      }
      String dir = joined ? given[at].substring(3) : given[at + 1];
      Optional<Path> next = dir.isEmpty() ? Optional.of(base) : directory(base.resolve(dir));
      if (next.isEmpty()) {
        err.println("-C: no such directory: " + dir);
        return ExitCodes.INVALID;
      }
      base = next.get();
      at += joined ? 1 : 2;
    }
    String[] args = Arrays.copyOfRange(given, at, given.length);
    Optional<Path> moved = at == 0 ? Optional.empty() : Optional.of(base);

    // Help is coloured only on a terminal without NO_COLOR; coloured help bypasses the escaping
    // writers, which would otherwise print its escape sequences as text.
    Help.Ansi ansi = invocation.colour() ? Help.Ansi.ON : Help.Ansi.OFF;
    PrintWriter helpOut = ansi == Help.Ansi.ON ? rawOut : out;
    PrintWriter helpErr = ansi == Help.Ansi.ON ? rawErr : err;
    if (pinned.isEmpty()) {
      Optional<Integer> remote = Remote.forwarded(args, invocation, moved.orElse(base), out, err);
      if (remote.isPresent()) {
        return remote.get();
      }
    }
    CommandLine cl = new CommandLine(new Main(helpOut), new Factory(clock, moved, pinned, invocation.env()));
    String first = args.length == 0 ? "" : args[0];
    // Completion scripts and manual pages describe every command: only they and help build all.
    boolean all = first.equals("help") || first.equals("completion") || first.equals("man");
    boolean one = COMMANDS.containsKey(first) && !all;
    boolean none = first.equals("--version") || first.equals("-V");
    COMMANDS.forEach((name, command) -> {
      if (!none && (!one || name.equals(first))) {
        cl.addSubcommand(name, command.get());
      }
    });
    if (moved.isPresent()) {
      Path from = moved.get();
      cl.registerConverter(Path.class, s -> from.resolve(s)); // --repo, --db, --file, --write, DIR...
    }
    cl.setOut(out);
    cl.setErr(err);
    cl.setColorScheme(Help.defaultColorScheme(ansi));
    CommandLine bench = cl.getSubcommands().get("bench");
    if (bench != null) {
      bench.setColorScheme(Help.defaultColorScheme(Help.Ansi.OFF)); // prints its usage to the escaped writer
    }
    cl.setExecutionStrategy(parsed -> {
      for (CommandLine c : parsed.asCommandLineList()) {
        if (c.isUsageHelpRequested() || c.isVersionHelpRequested() || c.getCommandSpec().helpCommand()) {
          c.setOut(helpOut);
        }
      }
      Integer helped = CommandLine.executeHelpRequest(parsed);
      return helped != null ? helped : new CommandLine.RunLast().execute(parsed);
    });
    cl.setParameterExceptionHandler((e, arguments) -> {
      CommandLine where = e.getCommandLine();
      where.getErr().println(e.getMessage()); // holds what was typed: escaped
      if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, where.getErr())) {
        where.usage(helpErr, where.getColorScheme());
      }
      return where.getCommandSpec().exitCodeOnInvalidInput();
    });
    cl.setExecutionExceptionHandler(ExitCodes::handle);
    cl.setCaseInsensitiveEnumValuesAllowed(true); // --stage component maps to Stage.COMPONENT
    // A client's line names no file of the hub's machine: picocli would read @FILE there as more
    // arguments (echoing its lines in errors, or adding a --as that RemoteRun never saw).
    cl.setExpandAtFiles(pinned.isEmpty());
    return cl.execute(args);
  }

  /** {@code dir} as the directory it names (links resolved, as a chdir would), or empty when there is none. */
  private static Optional<Path> directory(Path dir) {
    try {
      return Files.isDirectory(dir) ? Optional.of(dir.toRealPath()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Every command, as {@link #run} would build it for its command line: for the tests that read
   * the help text and run its examples.
   */
  static CommandLine all(Clock clock) {
    CommandLine cl = new CommandLine(new Main(new PrintWriter(Writer.nullWriter())),
        new Factory(clock, Optional.empty(), Optional.empty(), System.getenv()));
    COMMANDS.forEach((name, command) -> cl.addSubcommand(name, command.get()));
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    return cl;
  }

  /** Makes the options every repository command shares with the run's clock and {@code -C} directory. */
  private record Factory(Clock clock, Optional<Path> directory, Optional<Shared.Pinned> pinned,
      Map<String, String> env) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> type) throws Exception {
      return type == Shared.class ? type.cast(new Shared(clock, directory, pinned, env))
          : CommandLine.defaultFactory().create(type);
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
