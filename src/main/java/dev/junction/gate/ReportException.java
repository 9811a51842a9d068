package dev.junction.gate;

/**
 * A report file that cannot be judged: missing, malformed, truncated or not the format its gate
 * names. The message is one line, {@code file: what is wrong}, ready for a gate's verdict.
 */
public final class ReportException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String file;

  ReportException(String file, String problem) {
    super(file + ": " + oneLine(problem));
    this.file = file;
  }

  ReportException(String file, String problem, Throwable cause) {
    super(file + ": " + oneLine(problem), cause);
    this.file = file;
  }

  /** The report as the gate named it, for example {@code reports/unit.xml}. */
  public String file() {
    return file;
  }

  private static String oneLine(String problem) {
    return problem == null ? "unreadable" : problem.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
