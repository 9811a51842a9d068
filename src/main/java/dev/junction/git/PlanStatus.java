package dev.junction.git;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.junction.plan.BranchWork;
import dev.junction.plan.Plan;
import dev.junction.plan.PlanView;
import dev.junction.plan.Problem;
import dev.junction.plan.Session;
import dev.junction.plan.TaskGraph;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.lib.Repository;

/**
 * The plan service: finds the target, loads the plan from its tip, and reads from git what has
 * landed and what is pending.
 */
public final class PlanStatus {
  private PlanStatus() {}

  /** What was asked: the target branch (default: the plan's coordination branch) and an optional plan file. */
  public record Request(Optional<String> into, Optional<Path> planFile) {}

  /** Outcome of {@link #view}: a view, or why there is none. */
  public sealed interface Outcome {}

  /** The plan as seen from the target. */
  @JsonTypeName("viewed")
  public record Viewed(Plan plan, PlanSource.Tip tip, PlanView view) implements Outcome {}

  /** The plan file is not valid, or cannot be found; nothing was read beyond it. */
  @JsonTypeName("invalid")
  public record Invalid(List<Problem> errors) implements Outcome {
    public Invalid {
      errors = List.copyOf(errors);
    }
  }

  /** Loads the plan for {@code request} and computes its view. */
  public static Outcome view(Repository repo, Request request) throws IOException {
    TargetPlan.Found found = TargetPlan.view(repo, request.into(), request.planFile());
    if (found instanceof TargetPlan.Invalid bad) {
      return new Invalid(bad.errors());
    }
    TargetPlan.Loaded loaded = (TargetPlan.Loaded) found;
    return new Viewed(loaded.plan(), loaded.tip(), observe(repo, loaded.plan(), loaded.tip()));
  }

  /** Reads what git says about every task of {@code plan} against {@code tip}. */
  public static PlanView observe(Repository repo, Plan plan, PlanSource.Tip tip) throws IOException {
    Map<String, String> merged = History.mergedTasks(repo, tip.id());
    Set<String> branches = new LinkedHashSet<>();
    plan.sessions().stream().map(Session::branch).flatMap(Optional::stream).forEach(branches::add);
    plan.tasks().forEach(t -> t.branch().ifPresent(branches::add));
    Map<String, BranchWork> work = new HashMap<>();
    for (String branch : branches) {
      Optional<PlanSource.Tip> b = PlanSource.resolve(repo, branch);
      work.put(branch, b.isEmpty() ? BranchWork.missing() : History.work(repo, b.get().id(), tip.id()));
    }
    return PlanView.of(plan, TaskGraph.of(plan), tip.branch(), merged, work, History.rolledBack(repo, tip.id()));
  }
}
