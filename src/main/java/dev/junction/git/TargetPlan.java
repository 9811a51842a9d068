package dev.junction.git;

import dev.junction.plan.DidYouMean;
import dev.junction.plan.InputError;
import dev.junction.plan.Plan;
import dev.junction.plan.PlanError;
import dev.junction.plan.PlanLoad;
import dev.junction.plan.Problem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.Repository;

/**
 * A target branch and the plan at its tip, found the one way every command finds them: the branch
 * named, else the hub's coordination branch (its {@code junction.coordination} setting, written by
 * {@code junction protect install}), else the coordination branch of the work tree's (or HEAD's)
 * {@code junction.yaml}; the
 * plan is then always the one committed at the target's tip (or, for {@link #view}, a plan file
 * being tried out). The only resolver of targets: landing, gates, requests, the conflict check and
 * radar, and the plan service all come here.
 */
public final class TargetPlan {
  /** The config section and key naming a hub's coordination branch ({@code junction.coordination}). */
  public static final String SECTION = "junction";

  public static final String COORDINATION_KEY = "coordination";

  private TargetPlan() {}

  /** The coordination branch the repository's config names: set in a hub by {@code protect install}. */
  public static Optional<String> hubCoordination(Repository repo) {
    String name = repo.getConfig().getString(SECTION, null, COORDINATION_KEY);
    return name == null || name.isBlank() ? Optional.empty() : Optional.of(name.strip());
  }

  /** What {@link #find} gave: a target with or without a plan, or why there is none. */
  public sealed interface Located permits Found, Unplanned {}

  /** What {@link #load} and {@link #view} gave: the target and its plan, or why there are none. */
  public sealed interface Found extends Located permits Loaded, Invalid {}

  /** The target's tip and its valid plan. */
  public record Loaded(PlanSource.Tip tip, Plan plan) implements Found {}

  /** A target with no {@code junction.yaml} at its tip: what works on refs alone still can. */
  public record Unplanned(PlanSource.Tip tip) implements Located {}

  /** Why there is no usable target or plan, one line per problem. */
  public record Invalid(List<Problem> errors) implements Found {
    public Invalid {
      errors = List.copyOf(errors);
    }
  }

  /** The target and its plan; a target without a plan is invalid. */
  public static Found load(Repository repo, Optional<String> into) throws IOException {
    return planned(repo, locate(CheckReads.jgit(repo), into, Optional.empty(), false));
  }

  /**
   * The target and its plan, if it has one (the conflict check and radar then work on refs
   * alone). A plan that is there but broken is invalid.
   */
  public static Located find(Repository repo, Optional<String> into) throws IOException {
    return locate(CheckReads.jgit(repo), into, Optional.empty(), false);
  }

  /** {@link #find(Repository, Optional)}, reading the tips and the plan with {@code reads}. */
  public static Located find(CheckReads reads, Optional<String> into) throws IOException {
    return locate(reads, into, Optional.empty(), false);
  }

  /**
   * The target and the plan the plan service shows: {@code planFile} when given (a plan being
   * tried out, which then also names the default target), else the one at the target's tip. When
   * no target is named, the plan command words the missing plan and the missing coordination
   * branch its own documented way ({@code docs/junction-yaml.md}).
   */
  public static Found view(Repository repo, Optional<String> into, Optional<Path> planFile) throws IOException {
    Optional<PlanLoad> given = Optional.empty();
    if (planFile.isPresent()) {
      PlanLoad fromFile = PlanSource.fromFile(planFile.get());
      if (fromFile instanceof PlanLoad.Invalid bad) {
        return new Invalid(List.copyOf(bad.errors()));
      }
      given = Optional.of(fromFile);
    }
    return planned(repo, locate(CheckReads.jgit(repo), into, given, true));
  }

  /**
   * Finds the target: {@code into}, else the coordination branch of {@code given} or of the
   * bootstrap plan; then the plan, {@code given} or the one at the target's tip.
   *
   * @param forPlan whether the plan command asks (its wording of a missing default target)
   */
  private static Located locate(CheckReads reads, Optional<String> into, Optional<PlanLoad> given, boolean forPlan)
      throws IOException {
    Repository repo = reads.repository();
    String name;
    Optional<String> hub = given.isPresent() ? Optional.empty() : hubCoordination(repo);
    if (into.isPresent()) {
      name = into.get();
    } else if (hub.isPresent()) {
      name = hub.get();
    } else {
      Optional<PlanLoad> boot = given.isPresent() ? given : PlanSource.bootstrap(repo);
      if (boot.isEmpty()) {
        return forPlan
            ? new Invalid(List.of(new PlanError(Plan.FILE_NAME, 0, "",
                "no " + Plan.FILE_NAME + " in the work tree or at HEAD; name the target with --into")))
            : invalid("target", "no target: name one with --into (no junction.yaml in the work tree or at HEAD)");
      }
      if (boot.get() instanceof PlanLoad.Invalid bad) {
        return new Invalid(List.copyOf(bad.errors()));
      }
      PlanLoad.Loaded bootPlan = (PlanLoad.Loaded) boot.get();
      Plan plan = bootPlan.plan();
      name = plan.branches().coordination();
      if (PlanSource.resolve(repo, name).isEmpty()) {
        // the plan's own line is at fault, not an --into that was never given
        return new Invalid(List.of(new PlanError(plan.source(), bootPlan.lineOf("branches.coordination"),
            "branches.coordination", "the coordination branch '" + name
            + "' does not exist; correct it or name a target with --into"
            + DidYouMean.hint(name, PlanSource.branchNames(repo)))));
      }
    }
    Optional<PlanSource.Tip> tip = reads.resolve(name);
    if (tip.isEmpty()) {
      return invalid("target", "no branch '" + name + "' in this repository"
          + DidYouMean.hint(name, PlanSource.branchNames(repo)));
    }
    PlanLoad load = given.isPresent() ? given.get() : PlanSource.atTip(reads, tip.get());
    if (load instanceof PlanLoad.Invalid bad) {
      boolean absent = given.isEmpty() && reads.blob(tip.get().id(), Plan.FILE_NAME).isEmpty();
      return absent ? new Unplanned(tip.get()) : new Invalid(List.copyOf(bad.errors()));
    }
    return new Loaded(tip.get(), ((PlanLoad.Loaded) load).plan());
  }

  /** {@code located}, where a target without a plan is invalid: it has no {@code junction.yaml}. */
  private static Found planned(Repository repo, Located located) throws IOException {
    if (located instanceof Unplanned u) {
      return new Invalid(List.copyOf(((PlanLoad.Invalid) PlanSource.atTip(repo, u.tip())).errors()));
    }
    return (Found) located;
  }

  private static Invalid invalid(String field, String message) {
    return new Invalid(List.of(new InputError(field, message)));
  }
}
