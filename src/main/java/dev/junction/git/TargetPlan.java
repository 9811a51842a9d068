package dev.junction.git;

import dev.junction.plan.Plan;
import dev.junction.plan.PlanError;
import dev.junction.plan.PlanLoad;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.Repository;

/**
 * A target branch and the plan at its tip, found the one way every command finds them: the branch
 * named, else the coordination branch of the work tree's (or HEAD's) {@code junction.yaml}; the
 * plan is then always the one committed at the target's tip.
 */
public final class TargetPlan {
  private TargetPlan() {}

  /** What finding the target and its plan gave. */
  public sealed interface Found {}

  /** The target's tip and its valid plan. */
  public record Loaded(PlanSource.Tip tip, Plan plan) implements Found {}

  /** Why there is no usable target or plan, one line per problem. */
  public record Invalid(List<PlanError> errors) implements Found {
    public Invalid {
      errors = List.copyOf(errors);
    }
  }

  public static Found load(Repository repo, Optional<String> into) throws IOException {
    String name = into.orElse(null);
    if (name == null) {
      Optional<PlanLoad> boot = PlanSource.bootstrap(repo);
      if (boot.isEmpty()) {
        return invalid("--into", "no target: name one with --into (no junction.yaml in the work tree or at HEAD)");
      }
      if (boot.get() instanceof PlanLoad.Invalid bad) {
        return new Invalid(bad.errors());
      }
      Plan plan = ((PlanLoad.Loaded) boot.get()).plan();
      name = plan.branches().coordination();
      if (PlanSource.resolve(repo, name).isEmpty()) {
        return new Invalid(List.of(new PlanError(plan.source(), 0, "branches.coordination",
            "the coordination branch '" + name + "' does not exist; name a target with --into")));
      }
    }
    Optional<PlanSource.Tip> tip = PlanSource.resolve(repo, name);
    if (tip.isEmpty()) {
      return invalid("--into", "no branch '" + name + "' in this repository");
    }
    PlanLoad load = PlanSource.atTip(repo, tip.get());
    if (load instanceof PlanLoad.Invalid bad) {
      return new Invalid(bad.errors());
    }
    return new Loaded(tip.get(), ((PlanLoad.Loaded) load).plan());
  }

  private static Invalid invalid(String where, String message) {
    return new Invalid(List.of(new PlanError(where, 0, "", message)));
  }
}
