package dev.junction.plan;

import java.util.Objects;

/**
 * One thing wrong with an operation's input, in domain words: {@code target}, {@code source},
 * {@code task}, {@code repository}, {@code request}... Each face maps the field to its own
 * vocabulary (the CLI to a flag such as {@code --into}, the server to a JSON pointer).
 *
 * <p>It sits in {@code plan}, beside {@link Disposition}, because the core's outcomes carry it
 * and {@code plan} is the package every other one may use.
 */
public record InputError(String field, String message) implements Problem {
  public InputError {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return field + ": " + message;
  }
}
