package dev.junction.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/**
 * What the server lets a client's command line do (see {@link Remote}): run one of
 * {@link Remote#COMMANDS} in the hub, for the token's member. A line that would reach past that is
 * refused before anything runs: {@code -C}, {@code --repo} and {@code --db} (the server works in
 * its hub and store), and any option or parameter naming a file (it would be a file on the
 * server, not the client's); an argument {@code @FILE} is a word, never read as picocli's argument
 * file. Whom {@code --as} may name is the server's {@code Authorization}.
 */
final class RemoteRun {
  private RemoteRun() {}

  /** Why the server will not run {@code args}; empty when it will. */
  static Optional<String> refusal(List<String> args) {
    if (args.isEmpty()) {
      return Optional.of("name a command: " + String.join(", ", Remote.COMMANDS));
    }
    String command = args.get(0);
    if (command.equals("-C") || command.startsWith("-C=")) {
      return Optional.of("-C names a directory on your machine: the server runs commands in its hub");
    }
    if (!Remote.COMMANDS.contains(command)) {
      return Optional.of("`junction " + command + "` is not run by the server; it runs: "
          + String.join(", ", Remote.COMMANDS));
    }
    ParseResult parsed;
    try {
      CommandLine all = Main.all(Clock.systemUTC());
      all.setExpandAtFiles(false); // as the run parses it: an @FILE is a word, never a file of the hub's
      parsed = all.parseArgs(args.toArray(String[]::new));
    } catch (CommandLine.ParameterException e) {
      return Optional.empty(); // the run reports it as it does locally: exit 2, one line
    }
    for (CommandLine c : parsed.asCommandLineList()) {
      ParseResult p = c.getParseResult();
      if (p == null) {
        continue;
      }
      for (OptionSpec o : p.matchedOptions()) {
        if (o.longestName().equals("--repo") || o.longestName().equals("--db") || namesFiles(o.type(),
            o.auxiliaryTypes())) {
          return Optional.of(o.longestName() + " names a path on your machine: not through the server (it works in "
              + "its hub and store)");
        }
      }
      for (PositionalParamSpec param : p.matchedPositionals()) {
        if (namesFiles(param.type(), param.auxiliaryTypes())) {
          return Optional.of(param.paramLabel() + " names a path on your machine: not through the server");
        }
      }
    }
    return Optional.empty();
  }

  /** The member {@code args} name with {@code --as}, when they name one. */
  static Optional<String> as(List<String> args) {
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).equals("--as") && i + 1 < args.size()) {
        return Optional.of(args.get(i + 1));
      }
      if (args.get(i).startsWith("--as=")) {
        return Optional.of(args.get(i).substring("--as=".length()));
      }
    }
    return Optional.empty();
  }

  /**
   * Runs {@code args} (which {@link #refusal} let through) in the hub at {@code hub} with its
   * store {@code db} (empty: the hub's own) for {@code member}, as the CLI runs it locally.
   */
  static Main.Ran run(List<String> args, Path hub, Optional<Path> db, dev.junction.app.Actor member, Clock clock) {
    return Main.runPinned(args.toArray(String[]::new),
        new Shared.Pinned(new dev.junction.app.Workspace.Location(Optional.of(hub), db), member), clock);
  }

  private static boolean namesFiles(Class<?> type, Class<?>[] auxiliary) {
    if (Path.class.isAssignableFrom(type) || java.io.File.class.isAssignableFrom(type)) {
      return true;
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      for (Class<?> a : auxiliary) {
        if (Path.class.isAssignableFrom(a) || java.io.File.class.isAssignableFrom(a)) {
          return true;
        }
      }
    }
    return false;
  }
}
