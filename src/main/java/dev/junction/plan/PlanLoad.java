package dev.junction.plan;

import java.util.List;
import java.util.Map;

/** What loading a plan file gave: a plan, or every error found in it. */
public sealed interface PlanLoad {

  /**
   * The file is valid.
   *
   * @param lines the 1-based lines of the fields that messages about a valid plan name
   *     ({@code branches.coordination} when its branch does not exist)
   */
  record Loaded(Plan plan, Map<String, Integer> lines) implements PlanLoad {
    public Loaded {
      lines = Map.copyOf(lines);
    }

    public Loaded(Plan plan) {
      this(plan, Map.of());
    }

    /** The line of {@code field}, 0 when not known. */
    public int lineOf(String field) {
      return lines.getOrDefault(field, 0);
    }
  }

  /** The file is not valid; {@code errors} lists all problems, ordered by line. */
  record Invalid(List<PlanError> errors) implements PlanLoad {
    public Invalid {
      errors = List.copyOf(errors);
    }
  }
}
