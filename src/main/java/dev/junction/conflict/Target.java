package dev.junction.conflict;

import dev.junction.git.PlanSource;
import dev.junction.git.TargetPlan;
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

  /**
   * Why {@link #find} found no target, as one line naming the option: the same answer
   * {@link TargetPlan} gives every command.
   */
  static dev.junction.plan.PlanError missing(Repository repo, Optional<String> into) throws IOException {
    return ((TargetPlan.Invalid) TargetPlan.load(repo, into)).errors().get(0);
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
