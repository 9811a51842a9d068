package dev.junction.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;

/** The command line run in-process on a given clock, for the tests of other faces that compare with it. */
public final class CliRuns {
  private CliRuns() {}

  /** What one run printed and how it exited. */
  public record Run(int code, String out, String err) {}

  public static Run run(Clock clock, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err), clock);
    return new Run(code, out.toString(), err.toString());
  }
}
