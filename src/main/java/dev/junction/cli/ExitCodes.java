package dev.junction.cli;

import dev.junction.plan.Disposition;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** The one place exit codes are decided (DESIGN.md, "Exit codes"). */
final class ExitCodes {
  static final int DONE = 0;
  static final int NO = 1;
  static final int INVALID = 2;
  static final int BLOCKED = 3;
  static final int INTERNAL = 70;

  static final String FOOTER = "  0  done / clean%n"
      + "  1  the answer is no (conflict, gate failed, push refused, policy not met)%n"
      + "  2  bad input or configuration (one line per problem:%n"
      + "     file:line: field: message)%n"
      + "  3  blocked by something outside the command's reach (dependency not merged,%n"
      + "     lock held)%n"
      + "  70 internal error (the message names the log file)";

  private ExitCodes() {}

  static int of(Disposition d) {
    return switch (d) {
      case DONE -> DONE;
      case NO, FORBIDDEN -> NO; // not allowed is a "no" on one machine; the server tells it apart (403)
      case INVALID -> INVALID;
      case BLOCKED -> BLOCKED;
    };
  }

  /**
   * Exceptions out of a command: invalid input an operation could not begin with (exit 2, its
   * problems rendered once here for every command), anything else an internal error.
   */
  static int handle(Exception e, CommandLine cl, ParseResult parsed) {
    if (e instanceof dev.junction.app.InvalidInput invalid) {
      ParseResult deepest = parsed;
      while (deepest.subcommand() != null) {
        deepest = deepest.subcommand();
      }
      CommandLine at = deepest.commandSpec().commandLine();
      return Problems.report(at.getCommandSpec(), deepest.hasMatchedOption("--json"), invalid.problems());
    }
    return internalError(e, cl, parsed);
  }

  /** Stray exceptions: a one-line message, the stack trace in a log file, exit 70. */
  static int internalError(Exception e, CommandLine cl, ParseResult parsed) {
    PrintWriter err = cl.getErr();
    String where;
    try {
      Path log = Files.createTempFile("junction-error-", ".log");
      try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(log))) {
        e.printStackTrace(w);
      }
      where = log.toString();
    } catch (IOException io) {
      where = "unavailable: " + io.getMessage();
    }
    LoggerFactory.getLogger(ExitCodes.class).error("internal error", e);
    err.println("junction: internal error: " + e + " (details in " + where + ")");
    return INTERNAL;
  }
}
