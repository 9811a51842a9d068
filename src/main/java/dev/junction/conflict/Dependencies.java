package dev.junction.conflict;

import dev.junction.plan.Deliverables;
import dev.junction.plan.Plan;
import dev.junction.plan.Task;
import dev.junction.plan.TaskGraph;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Dependency order (spec 3.2, type 3): the source's tasks whose dependencies are not merged into
 * the target, read from trailers reachable from the target (never from commit subjects).
 */
final class Dependencies {
  private Dependencies() {}

  /**
   * The source's tasks: the one named; otherwise those developed on the source branch itself
   * together with the tasks of the source's session whose deliverables it changes. Merged tasks
   * are left out.
   */
  static List<Finding.Dependency> of(Plan plan, Map<String, String> merged, Optional<String> session,
      String branch, Optional<String> named, Set<String> changedPaths) {
    Set<Task> tasks = new LinkedHashSet<>();
    if (named.isPresent()) {
      plan.task(named.get()).ifPresent(tasks::add);
    } else {
      plan.tasks().stream().filter(t -> t.branch().filter(branch::equals).isPresent()).forEach(tasks::add);
      session.ifPresent(s -> plan.tasks().stream()
          .filter(t -> t.owner().equals(s) && t.branch().isEmpty())
          .filter(t -> changedPaths.stream().anyMatch(p -> t.deliverables().stream().anyMatch(d -> Deliverables.covers(d, p))))
          .forEach(tasks::add));
    }
    List<Finding.Dependency> out = new ArrayList<>();
    for (Task task : tasks) {
      if (merged.containsKey(task.id())) {
        continue;
      }
      List<String> missing = task.dependsOn().stream().filter(d -> !merged.containsKey(d))
          .sorted(TaskGraph.ID_ORDER).toList();
      if (!missing.isEmpty()) {
        out.add(new Finding.Dependency(task.id(), missing, "land " + String.join(", ", missing)
            + " first; pick a filler task while waiting (spec 3.2, type 3)"));
      }
    }
    return out;
  }
}
