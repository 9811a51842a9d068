package dev.junction.plan;

import java.util.List;

/** What loading a plan file gave: a plan, or every error found in it. */
public sealed interface PlanLoad {

  /** The file is valid. */
  record Loaded(Plan plan) implements PlanLoad {}

  /** The file is not valid; {@code errors} lists all problems, ordered by line. */
  record Invalid(List<PlanError> errors) implements PlanLoad {
    public Invalid {
      errors = List.copyOf(errors);
    }
  }
}
