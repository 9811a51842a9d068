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
import java.util.LinkedHashMap;
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

  /** Views kept for the commits they were computed from: a server answers the same plan read many times. */
  private static final int KEPT = 64;

  private static final Map<Observed, PlanView> VIEWS = new LinkedHashMap<>(KEPT, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<Observed, PlanView> eldest) {
      return size() > KEPT;
    }
  };

  /**
   * What a view is computed from, all of it immutable once named by commit ids: the repository,
   * the target's tip, the plan, and the tip of every branch the plan names (empty when missing).
   */
  private record Observed(String repository, PlanSource.Tip tip, Plan plan, Map<String, Optional<PlanSource.Tip>> branches) {}

  /**
   * Reads what git says about every task of {@code plan} against {@code tip}. The answer depends
   * only on commits named by id (the target's tip, each plan branch's tip), so a view computed
   * once for the same ids is answered again without walking the history: any push to a branch
   * the plan names, or to the target, changes the key.
   */
  public static PlanView observe(Repository repo, Plan plan, PlanSource.Tip tip) throws IOException {
    Set<String> names = new LinkedHashSet<>();
    plan.sessions().stream().map(Session::branch).flatMap(Optional::stream).forEach(names::add);
    plan.tasks().forEach(t -> t.branch().ifPresent(names::add));
    Map<String, Optional<PlanSource.Tip>> branches = new LinkedHashMap<>();
    for (String branch : names) {
      branches.put(branch, PlanSource.resolve(repo, branch));
    }
    Observed key = new Observed(repo.getDirectory().getAbsolutePath(), tip, plan, branches);
    synchronized (VIEWS) {
      PlanView known = VIEWS.get(key);
      if (known != null) {
        return known;
      }
    }
    Map<String, String> merged = History.mergedTasks(repo, tip.id());
    Map<String, BranchWork> work = new HashMap<>();
    for (Map.Entry<String, Optional<PlanSource.Tip>> b : branches.entrySet()) {
      work.put(b.getKey(), b.getValue().isEmpty() ? BranchWork.missing() : History.work(repo, b.getValue().get().id(),
          tip.id()));
    }
    PlanView view = PlanView.of(plan, TaskGraph.of(plan), tip.branch(), merged, work, History.rolledBack(repo, tip.id()));
    synchronized (VIEWS) {
      VIEWS.put(key, view);
    }
    return view;
  }
}
