package dev.junction.review;

import dev.junction.git.Diffs;
import dev.junction.plan.Deliverables;
import dev.junction.plan.Phase;
import dev.junction.plan.Plan;
import dev.junction.plan.Task;
import dev.junction.store.Reviews;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Merge request bodies from spec 6.1's templates, with what Junction knows filled in (task,
 * deliverables, dependencies both ways, changed files, gate results, size) and what it cannot know
 * (summary, performance impact, reviewer notes) left for the author as the template's prompts.
 */
final class Templates {
  private Templates() {}

  static String body(Plan plan, Reviews.Request r, Optional<Task> task, List<Diffs.Stat> stats, Map<String, String> gates,
      Map<String, String> merged) {
    StringBuilder b = new StringBuilder();
    RequestType type = RequestType.of(r.type()).orElse(RequestType.COMPONENT);
    switch (type) {
      case INTEGRATION -> integration(b, plan, r, task, merged);
      case PHASE -> phase(b, plan, r, merged);
      default -> component(b, plan, r, type, task, stats, merged);
    }
    b.append("\n### Changed files (").append(r.size()).append(", ").append(r.lines()).append(" lines)\n");
    for (Diffs.Stat s : stats) {
      b.append("- `").append(s.path()).append('`').append(s.binary() ? " (binary)" : " (+" + s.added() + " -" + s.deleted() + ")")
          .append('\n');
    }
    r.justification().ifPresent(j -> b.append("\n### Why it is this large\n").append(j).append('\n'));
    b.append("\n### Gate results (on ").append(r.source()).append("'s tip, under ").append(r.target())
        .append("'s configuration)\n");
    if (gates.isEmpty()) {
      b.append("- none yet: `junction gate --on ").append(r.source()).append("` runs them; `junction land` runs them on the merge\n");
    }
    gates.forEach((gate, verdict) -> b.append("- ").append(verdict.equals("passed") ? "✅ " : "❌ ").append(gate).append(": ")
        .append(verdict).append('\n'));
    String required = ReviewRules.requiredType(plan, r, Optional.empty());
    b.append("\n### Approval required\n")
        .append("- ").append(ReviewRules.required(plan, required)).append(" approval(s) for a ").append(required)
        .append(" request (spec 7.1)").append(plan.review().otherSession()
            ? ", from sessions other than " + String.join(", ", ReviewRules.authorSessions(plan, r)) : "")
        .append(", of the commit they review: new commits need a new approval\n");
    if (type == RequestType.SECURITY) {
      b.append("- including a security-reviewer\n");
    }
    return b.toString();
  }

  private static void component(StringBuilder b, Plan plan, Reviews.Request r, RequestType type, Optional<Task> task,
      List<Diffs.Stat> stats, Map<String, String> merged) {
    String heading = type == RequestType.COMPONENT ? "Component Delivery" : type.label();
    b.append("## ").append(heading).append(": ").append(task.map(Task::title).orElse(r.title())).append("\n\n");
    task.ifPresent(t -> b.append("**Task ID:** ").append(t.id()).append('\n')
        .append("**Component:** ").append(String.join(", ", t.deliverables().stream().map(d -> "`" + d + "`").toList())).append('\n'));
    b.append("**Session:** ").append(r.session()).append("\n\n");
    b.append("### Summary\nBrief description of what this component does and why it's needed.\n\n");
    if (task.isPresent()) {
      b.append("### Deliverables\n");
      for (String d : task.get().deliverables()) {
        boolean changed = stats.stream().anyMatch(s -> Deliverables.covers(d, s.path()));
        b.append("- [").append(changed ? 'x' : ' ').append("] `").append(d).append("` ").append(changed ? "changed here" : "not changed here")
            .append('\n');
      }
      b.append("\n### Dependencies\n**Requires (merged before this):**\n");
      if (task.get().dependsOn().isEmpty()) {
        b.append("- none\n");
      }
      for (String dep : task.get().dependsOn()) {
        b.append("- ").append(dep).append(plan.task(dep).map(t -> " (" + t.title() + ")").orElse(""))
            .append(merged.containsKey(dep) ? " ✅ merged into " + r.target() : " ⛔ not merged into " + r.target()).append('\n');
      }
      b.append("\n**Blocks (waiting on this):**\n");
      List<Task> blocks = plan.tasks().stream().filter(t -> t.dependsOn().contains(task.get().id())).toList();
      if (blocks.isEmpty()) {
        b.append("- none\n");
      }
      blocks.forEach(t -> b.append("- ").append(t.id()).append(" (").append(t.title()).append(", ").append(t.owner()).append(")\n"));
    }
    b.append("\n### Performance Impact\n- Latency, memory, CPU: for the author to fill in\n");
  }

  private static void integration(StringBuilder b, Plan plan, Reviews.Request r, Optional<Task> task, Map<String, String> merged) {
    String group = task.map(t -> t.id().contains(".") ? t.id().substring(0, t.id().lastIndexOf('.')) : t.id()).orElse("");
    b.append("## Integration: ").append(task.map(Task::title).orElse(r.title())).append(" Complete\n\n");
    List<Task> members = group.isEmpty() ? List.of() : plan.tasks().stream().filter(t -> t.id().startsWith(group + ".")).toList();
    if (!members.isEmpty()) {
      b.append("**Tasks:** ").append(members.get(0).id()).append(" → ").append(members.get(members.size() - 1).id()).append('\n');
      b.append("**Sessions:** ").append(String.join(", ", members.stream().map(Task::owner).distinct().toList())).append("\n\n");
      b.append("### Integrated Components\n");
      int n = 1;
      for (Task t : members) {
        b.append(n++).append(". **").append(t.id()).append(" (").append(t.title()).append(")** - ").append(t.owner()).append('\n')
            .append("   - Deliverable: ").append(String.join(", ", t.deliverables().stream().map(d -> "`" + d + "`").toList())).append('\n')
            .append("   - Status: ").append(merged.containsKey(t.id()) || task.filter(t::equals).isPresent()
                ? (merged.containsKey(t.id()) ? "✅ Merged" : "🔨 This request") : "⛔ Not merged").append('\n');
      }
    }
  }

  private static void phase(StringBuilder b, Plan plan, Reviews.Request r, Map<String, String> merged) {
    for (Phase p : plan.phases()) {
      long done = p.tasks().stream().filter(t -> merged.containsKey(t.id())).count();
      b.append("## ").append(p.id()).append(" Complete: ").append(p.title()).append("\n\n")
          .append("**Tasks merged into ").append(r.target()).append(":** ").append(done).append(" of ").append(p.tasks().size())
          .append("\n\n### Success Criteria\n");
      p.criteria().forEach(c -> b.append("- [ ] ").append(c.text()).append('\n'));
    }
  }
}
