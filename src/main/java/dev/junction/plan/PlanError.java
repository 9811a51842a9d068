package dev.junction.plan;

/**
 * One thing wrong with a plan file.
 *
 * @param file where the plan was read from
 * @param line 1-based line of the offending node, 0 when the whole file is at fault
 * @param field path of the field ({@code phases[0].tasks[2].depends_on[1]}), empty for the file
 */
public record PlanError(String file, int line, String field, String message) implements Problem {

  /** The one-line form: {@code file:line: field: message}. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(file);
    if (line > 0) {
      b.append(':').append(line);
    }
    b.append(": ");
    if (!field.isEmpty()) {
      b.append(field).append(": ");
    }
    return b.append(message).toString();
  }
}
