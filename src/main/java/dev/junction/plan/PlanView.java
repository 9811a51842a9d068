package dev.junction.plan;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The plan seen against one target: each task's state, window and what it waits for, the merge
 * order, the windows, the critical path, and notes on whatever in the plan or the repository
 * deserves a second look. Field names are the {@code plan --json} contract.
 */
public record PlanView(
    String target,
    List<TaskView> tasks,
    List<List<String>> windows,
    List<String> order,
    List<String> criticalPath,
    List<String> notes) {

  public PlanView {
    tasks = List.copyOf(tasks);
    windows = List.copyOf(windows);
    order = List.copyOf(order);
    criticalPath = List.copyOf(criticalPath);
    notes = List.copyOf(notes);
  }

  /** One task of the view. */
  public record TaskView(
      String id,
      String title,
      String owner,
      TaskType type,
      List<String> dependsOn,
      List<String> blocks,
      int window,
      TaskState state,
      List<String> missing,
      String phase,
      Optional<Rollback> rollback,
      List<Frozen> frozen) {

    public TaskView {
      dependsOn = List.copyOf(dependsOn);
      blocks = List.copyOf(blocks);
      missing = List.copyOf(missing);
      frozen = List.copyOf(frozen);
    }
  }

  /**
   * An unresolved interface clash (spec 3.2, type 2) that freezes a task: its branch and another
   * open branch both change one declaration; neither lands until a coordinator records the agreed
   * resolution ({@code junction clash resolve ID}). A frozen task reads {@link TaskState#BLOCKED}.
   *
   * @param clash the clash's id
   * @param branch the task's branch, one of the two
   * @param other the other branch
   * @param path the file holding the declaration
   */
  public record Frozen(long clash, String branch, String other, String path, String declaration) {
    /** {@code interface conflict: PATH: DECL with OTHER (clash ID)}. */
    public String describe() {
      return "interface conflict: " + path + ": " + declaration + " with " + other + " (clash " + clash + ")";
    }
  }

  /**
   * This view with the tasks the clashes freeze read {@link TaskState#BLOCKED}, each with its
   * clashes: on each clash's branch, the unmerged tasks developed on it as their own branch, else
   * those of the branch's session whose deliverables cover the clash's path, else the session's
   * tasks in progress. Merged tasks are never frozen.
   */
  public PlanView frozen(Plan plan, List<Frozen> clashes) {
    if (clashes.isEmpty()) {
      return this;
    }
    Map<String, List<Frozen>> byTask = new java.util.LinkedHashMap<>();
    for (Frozen f : clashes) {
      List<TaskView> open = tasks.stream().filter(t -> t.state() != TaskState.MERGED)
          .filter(t -> plan.task(t.id()).flatMap(pt -> branchOf(plan, pt)).filter(f.branch()::equals).isPresent())
          .toList();
      List<TaskView> own = open.stream().filter(t -> plan.task(t.id()).flatMap(Task::branch).isPresent()).toList();
      List<TaskView> covering = open.stream().filter(t -> plan.task(t.id()).orElseThrow().deliverables().stream()
          .anyMatch(d -> Deliverables.covers(d, f.path()))).toList();
      List<TaskView> hit = !own.isEmpty() ? own : !covering.isEmpty() ? covering
          : open.stream().filter(t -> t.state() == TaskState.IN_PROGRESS).toList();
      hit.forEach(t -> byTask.computeIfAbsent(t.id(), k -> new ArrayList<>()).add(f));
    }
    List<TaskView> out = new ArrayList<>();
    for (TaskView t : tasks) {
      List<Frozen> f = byTask.get(t.id());
      out.add(f == null ? t : new TaskView(t.id(), t.title(), t.owner(), t.type(), t.dependsOn(), t.blocks(),
          t.window(), TaskState.BLOCKED, t.missing(), t.phase(), t.rollback(), f));
    }
    return new PlanView(target, out, windows, order, criticalPath, notes);
  }

  /**
   * Why a task reads {@link TaskState#ROLLED_BACK} and what comes next.
   *
   * @param merge abbreviated id of the landing merge that was reverted
   * @param revert abbreviated id of Junction's revert of it
   * @param reason why it was reverted, as the revert says
   * @param next the next step, in a sentence with the command
   */
  public record Rollback(String merge, String revert, String reason, String next) {}

  /** The view of a target where no task was rolled back. */
  public static PlanView of(
      Plan plan, TaskGraph graph, String target, Map<String, String> merged, Map<String, BranchWork> work) {
    return of(plan, graph, target, merged, work, Map.of());
  }

  /** The next step for a rolled-back task: a fix on its branch, then landing it again. */
  public static String nextStep(Plan plan, Task task) {
    return "fix it on " + branchOf(plan, task).orElse("its branch") + " (new commits), then `junction land "
        + task.id() + "`: Junction lands the reverted work again with the fix, as one merge";
  }

  /**
   * Computes the view.
   *
   * @param merged task ids merged into the target by the trust rule ({@code Junction-Task}
   *     trailers of merges on its first-parent chain, see {@code git.History.mergedTasks}), each
   *     with the abbreviated id of its merge commit
   * @param work what each branch named by the plan holds beyond the target
   * @param rolledBack tasks whose landing Junction's revert took out of the target (see {@code
   *     git.History.rolledBack}); none of them is in {@code merged}
   */
  public static PlanView of(Plan plan, TaskGraph graph, String target, Map<String, String> merged,
      Map<String, BranchWork> work, Map<String, RolledBack> rolledBack) {
    List<String> notes = new ArrayList<>();
    List<TaskView> views = new ArrayList<>();
    for (String id : graph.order()) {
      Task task = graph.task(id);
      List<String> missing = task.dependsOn().stream()
          .filter(d -> !merged.containsKey(d)).sorted(TaskGraph.ID_ORDER).toList();
      TaskState state;
      Optional<Rollback> rollback = Optional.empty();
      if (!merged.containsKey(id) && rolledBack.containsKey(id)) {
        state = TaskState.ROLLED_BACK;
        RolledBack r = rolledBack.get(id);
        rollback = Optional.of(new Rollback(abbreviated(r.merge()), abbreviated(r.revert()), r.reason(),
            nextStep(plan, task)));
      } else if (merged.containsKey(id)) {
        state = TaskState.MERGED;
        if (!missing.isEmpty()) {
          notes.add(id + " is merged (" + merged.get(id) + ") but its dependencies "
              + String.join(", ", missing) + " are not: it landed out of order");
        }
      } else if (inProgress(task, branchOf(plan, task), work)) {
        state = TaskState.IN_PROGRESS;
      } else if (missing.isEmpty()) {
        state = TaskState.READY;
      } else {
        state = TaskState.BLOCKED;
      }
      views.add(new TaskView(id, task.title(), task.owner(), task.type(),
          task.dependsOn().stream().sorted(TaskGraph.ID_ORDER).toList(), graph.blocks(id),
          graph.window(id), state, state == TaskState.MERGED ? List.of() : missing, task.phase(), rollback, List.of()));
    }
    notes.addAll(windowNotes(graph));
    for (String id : merged.keySet().stream().sorted(TaskGraph.ID_ORDER).toList()) {
      if (graph.task(id) == null) {
        notes.add("merge " + merged.get(id) + " carries Junction-Task: " + id + ", which is not in the plan");
      }
    }
    for (Session s : plan.sessions()) {
      s.branch().filter(b -> work.containsKey(b) && !work.get(b).exists())
          .ifPresent(b -> notes.add(s.id() + ": branch " + b + " does not exist yet"));
    }
    return new PlanView(target, views, graph.windows(), graph.order(), graph.criticalPath(), notes);
  }

  private static String abbreviated(String id) {
    return id.length() > 10 ? id.substring(0, 10) : id;
  }

  /** The branch a task is developed on: its own, or its owner session's. */
  public static Optional<String> branchOf(Plan plan, Task task) {
    return task.branch().or(() -> plan.session(task.owner()).flatMap(Session::branch));
  }

  private static boolean inProgress(Task task, Optional<String> branch, Map<String, BranchWork> work) {
    BranchWork w = branch.map(work::get).orElse(null);
    if (w == null || w.ahead() == 0) {
      return false;
    }
    if (task.deliverables().isEmpty()) {
      return true;
    }
    return w.changedPaths().stream()
        .anyMatch(p -> task.deliverables().stream().anyMatch(d -> Deliverables.covers(d, p)));
  }

  /**
   * Where the windows the plan's author wrote ({@code planned_window}) disagree with the
   * dependencies. The dependencies win; the notes say so rather than hide it.
   */
  static List<String> windowNotes(TaskGraph graph) {
    Set<String> notes = new LinkedHashSet<>();
    for (String id : graph.order()) {
      Task task = graph.task(id);
      if (task.plannedWindow().isEmpty()) {
        continue;
      }
      int planned = task.plannedWindow().get();
      int actual = graph.window(id);
      for (String dep : task.dependsOn()) {
        Optional<Integer> depPlanned = graph.task(dep).plannedWindow();
        if (depPlanned.isPresent() && depPlanned.get() >= planned) {
          notes.add(id + " is planned in window " + planned + " but depends on " + dep
              + ", planned in window " + depPlanned.get() + ": a task cannot land in the window of its own dependency");
        }
      }
      if (planned != actual) {
        String why = task.dependsOn().isEmpty()
            ? "it has no dependencies"
            : "its dependency " + task.dependsOn().stream()
                .filter(d -> graph.window(d) == actual - 1).min(TaskGraph.ID_ORDER).orElseThrow()
                + " is in window " + (actual - 1);
        notes.add(id + " is planned in window " + planned + " but the dependency matrix puts it in window "
            + actual + ": " + why + "; the matrix wins");
      }
    }
    return List.copyOf(notes);
  }
}
