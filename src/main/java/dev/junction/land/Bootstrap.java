package dev.junction.land;

import dev.junction.git.PlanSource;
import dev.junction.plan.Plan;
import dev.junction.plan.PlanLoad;
import java.io.IOException;
import java.util.Optional;
import org.eclipse.jgit.lib.Repository;

/** The plan that names the default target: the work tree's or HEAD's {@code junction.yaml}. */
final class Bootstrap {
  private Bootstrap() {}

  static Optional<Plan> plan(Repository repo) throws IOException {
    return PlanSource.bootstrap(repo).filter(PlanLoad.Loaded.class::isInstance).map(l -> ((PlanLoad.Loaded) l).plan());
  }
}
