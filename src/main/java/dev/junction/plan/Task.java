package dev.junction.plan;

import java.util.List;
import java.util.Optional;

/**
 * A task of the plan.
 *
 * @param owner id of the session that owns the task and its deliverables
 * @param deliverables repository paths or globs; a path ending in {@code /} means the whole folder
 * @param dependsOn ids of tasks that must be merged into the target first
 * @param safeAfter the spec's "safe to merge after" criterion, in words
 * @param plannedWindow the window the plan's author intended, checked against the dependencies
 * @param branch a branch of the task's own, when it is not developed on its session's branch
 * @param phase id of the phase the task belongs to
 */
public record Task(
    String id,
    String title,
    String owner,
    TaskType type,
    List<String> deliverables,
    List<String> dependsOn,
    String safeAfter,
    Optional<Integer> plannedWindow,
    Optional<String> branch,
    String phase) {

  public Task {
    deliverables = List.copyOf(deliverables);
    dependsOn = List.copyOf(dependsOn);
  }
}
