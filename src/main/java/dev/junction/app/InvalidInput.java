package dev.junction.app;

import dev.junction.plan.InputError;
import dev.junction.plan.PlanError;
import dev.junction.plan.Problem;
import java.util.List;
import java.util.Map;

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

  /**
   * The core's answers that still name a CLI word where a plan file would be ({@code --into},
   * {@code SOURCE}...), read back as input errors in domain words; plan errors stay as they are.
   */
  private static final Map<String, String> CORE_WORDS = Map.of(
      "--into", "target", "SOURCE", "source", "--task", "task", "--branches", "branches", "--repo", "repository");

  /** Invalid input from problems the core found, in domain words (see {@link #CORE_WORDS}). */
  static InvalidInput of(List<? extends Problem> problems) {
    return new InvalidInput(problems.stream().map(InvalidInput::domain).toList());
  }

  private static Problem domain(Problem p) {
    if (p instanceof PlanError e && e.line() == 0 && e.field().isEmpty() && CORE_WORDS.containsKey(e.file())) {
      return new InputError(CORE_WORDS.get(e.file()), e.message());
    }
    return p;
  }

  public List<Problem> problems() {
    return problems;
  }
}
