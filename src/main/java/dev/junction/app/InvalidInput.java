package dev.junction.app;

import dev.junction.plan.Problem;
import java.util.List;

/**
 * Thrown where an operation cannot begin because of what it was given (no repository at the
 * place named, a store that is not one): the faces render its problems, one line each, as bad
 * input. Outcomes carry the problems an operation finds once it has begun.
 */
public final class InvalidInput extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<Problem> problems;

  public InvalidInput(List<? extends Problem> problems) {
    super(problems.isEmpty() ? "invalid input" : problems.get(0).toString(), null, false, false);
    this.problems = List.copyOf(problems);
  }

  public InvalidInput(Problem problem) {
    this(List.of(problem));
  }

  /** Invalid input from problems the core found: input errors in domain words, or plan errors. */
  static InvalidInput of(List<? extends Problem> problems) {
    return new InvalidInput(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
