package dev.junction.conflict;

import dev.junction.git.PlanSource;
import dev.junction.plan.Plan;
import dev.junction.plan.PlanLoad;
import java.io.IOException;
import java.util.Optional;
import org.eclipse.jgit.lib.Repository;

/**
 * The branch a check or radar measures against, with the plan read from its tip ({@code load}
 * empty when the target has no {@code junction.yaml}: Junction then works on refs alone).
 */
record Target(PlanSource.Tip tip, Optional<PlanLoad> load) {

  Optional<Plan> plan() {
    return load.filter(PlanLoad.Loaded.class::isInstance).map(l -> ((PlanLoad.Loaded) l).plan());
  }

  /** Whether the target's plan is there but broken. */
  boolean invalid() {
    return load.filter(PlanLoad.Invalid.class::isInstance).isPresent();
  }

  /** Why {@link #find} found no target, as one line naming the option. */
  static dev.junction.plan.PlanError missing(Repository repo, Optional<String> into) throws IOException {
    if (into.isPresent()) {
      return new dev.junction.plan.PlanError("--into", 0, "", "no branch '" + into.get() + "' in this repository");
    }
    Optional<PlanLoad> boot = PlanSource.bootstrap(repo);
    if (boot.isPresent() && boot.get() instanceof PlanLoad.Loaded loaded) {
      return new dev.junction.plan.PlanError(loaded.plan().source(), 0, "branches.coordination",
          "the coordination branch '" + loaded.plan().branches().coordination() + "' does not exist; name a target with --into");
    }
    return new dev.junction.plan.PlanError("--into", 0, "",
        "no target: name one with --into (no junction.yaml in the work tree or at HEAD)");
  }

  /**
   * Finds the target: {@code into} when given, else the coordination branch named by the work
   * tree's (or HEAD's) {@code junction.yaml}. Empty when there is no such branch.
   */
  static Optional<Target> find(Repository repo, Optional<String> into) throws IOException {
    String name;
    if (into.isPresent()) {
      name = into.get();
    } else {
      Optional<PlanLoad> boot = PlanSource.bootstrap(repo);
      if (boot.isEmpty()) {
        return Optional.empty();
      }
      if (boot.get() instanceof PlanLoad.Invalid) {
        Optional<PlanSource.Tip> head = PlanSource.resolve(repo, "HEAD");
        return head.map(h -> new Target(h, boot));
      }
      name = ((PlanLoad.Loaded) boot.get()).plan().branches().coordination();
    }
    Optional<PlanSource.Tip> tip = PlanSource.resolve(repo, name);
    if (tip.isEmpty()) {
      return Optional.empty();
    }
    boolean hasPlan = PlanSource.read(repo, tip.get().id(), Plan.FILE_NAME).isPresent();
    return Optional.of(new Target(tip.get(),
        hasPlan ? Optional.of(PlanSource.atTip(repo, tip.get())) : Optional.empty()));
  }
}
