package dev.junction.report;

import dev.junction.plan.PlanView;
import dev.junction.plan.PlanView.TaskView;
import dev.junction.plan.TaskState;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The task board as markdown, in the spirit of the spec's {@code PHASE-0-TASK-BOARD.md}: a
 * summary, then each window with every task's owner, state and what blocks it, then the notes.
 * The same view always renders to the same text.
 */
public final class TaskBoard {
  private TaskBoard() {}

  /**
   * Renders the board.
   *
   * @param title the board's heading ({@code InfraFabric task board})
   * @param tip abbreviated id of the target tip the view was computed at
   */
  public static String markdown(String title, PlanView view, String tip) {
    return markdown(title, view, tip, List.of());
  }

  /**
   * An event the board announces (spec 8.2 step 3: a rollback).
   *
   * @param kind the spec's word for it ({@code ROLLBACK})
   */
  public record Event(java.time.Instant at, String kind, Map<String, String> fields) {
    public Event {
      fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
    }
  }

  /** Renders the board with the events the sessions must hear about, newest first. */
  public static String markdown(String title, PlanView view, String tip, List<Event> events) {
    StringBuilder b = new StringBuilder();
    b.append("# ").append(title).append("\n\n");
    b.append("Target `").append(view.target()).append("` at `").append(tip).append("`. ");
    Map<TaskState, Integer> counts = counts(view.tasks());
    b.append(counts.get(TaskState.MERGED)).append(" of ").append(view.tasks().size()).append(" tasks merged, ")
        .append(counts.get(TaskState.IN_PROGRESS)).append(" in progress, ")
        .append(counts.get(TaskState.READY)).append(" ready, ")
        .append(counts.get(TaskState.BLOCKED)).append(" blocked")
        .append(counts.get(TaskState.ROLLED_BACK) == 0 ? "" : ", " + counts.get(TaskState.ROLLED_BACK) + " rolled back")
        .append(".\n\n");
    b.append("Critical path: ").append(String.join(" → ", view.criticalPath())).append("\n");
    for (int w = 0; w < view.windows().size(); w++) {
      b.append("\n## Window ").append(w + 1).append("\n\n");
      b.append("| Task | Title | Owner | State | Blocked by |\n");
      b.append("|---|---|---|---|---|\n");
      for (String id : view.windows().get(w)) {
        TaskView t = task(view, id);
        b.append("| ").append(t.id())
            .append(" | ").append(cell(t.title()))
            .append(" | ").append(t.owner())
            .append(" | ").append(t.frozen().isEmpty() ? badge(t.state()) : "⛔ BLOCKED: interface conflict")
            .append(" | ").append(cell(blockedBy(t)))
            .append(" |\n");
      }
    }
    List<TaskView> rolledBack = view.tasks().stream().filter(t -> t.rollback().isPresent()).toList();
    if (!rolledBack.isEmpty()) {
      b.append("\n## Rolled back\n\n");
      for (TaskView t : rolledBack) {
        PlanView.Rollback r = t.rollback().get();
        b.append("- ").append(t.id()).append(" (").append(t.owner()).append("): merge `").append(r.merge())
            .append("` reverted by `").append(r.revert()).append("`: ").append(cell(r.reason())).append("  \n")
            .append("  Next: ").append(cell(r.next())).append('\n');
      }
    }
    if (!events.isEmpty()) {
      b.append("\n## Events\n");
      for (Event e : events.stream().sorted(java.util.Comparator.comparing(Event::at).reversed()).toList()) {
        b.append("\n- event: ").append(e.kind()).append('\n')
            .append("  timestamp: ").append(e.at()).append('\n');
        e.fields().forEach((k, v) -> b.append("  ").append(k).append(": ")
            .append(k.equals("reason") || k.equals("action") ? "\"" + cell(v).replace("\"", "'") + "\"" : cell(v)).append('\n'));
      }
    }
    if (!view.notes().isEmpty()) {
      b.append("\n## Notes\n\n");
      view.notes().forEach(n -> b.append("- ").append(cell(n)).append('\n'));
    }
    return b.toString();
  }

  private static Map<TaskState, Integer> counts(List<TaskView> tasks) {
    Map<TaskState, Integer> counts = new EnumMap<>(TaskState.class);
    for (TaskState s : TaskState.values()) {
      counts.put(s, 0);
    }
    tasks.forEach(t -> counts.merge(t.state(), 1, Integer::sum));
    return counts;
  }

  private static TaskView task(PlanView view, String id) {
    return view.tasks().stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow();
  }

  private static String badge(TaskState state) {
    return switch (state) {
      case MERGED -> "✅ merged";
      case IN_PROGRESS -> "🔨 in progress";
      case READY -> "🟢 ready";
      case BLOCKED -> "⛔ BLOCKED";
      case ROLLED_BACK -> "↩️ ROLLED BACK";
    };
  }

  /**
   * What a task waits for: its dependencies not merged, then each interface clash freezing it
   * ({@code `path: Decl` with OTHER (clash ID)}).
   */
  private static String blockedBy(TaskView t) {
    java.util.List<String> out = new java.util.ArrayList<>(t.missing());
    t.frozen().forEach(f -> out.add("`" + f.path() + ": " + f.declaration() + "` with " + f.other()
        + " (clash " + f.clash() + ")"));
    return String.join(", ", out);
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
