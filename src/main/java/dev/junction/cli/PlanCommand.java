package dev.junction.cli;

import dev.junction.app.PlanService;
import dev.junction.plan.PlanView;
import dev.junction.plan.PlanView.TaskView;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code junction plan}: every task's state, window and blockers; merge order; critical path. */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {
      "Shows the plan against a target: each task's state, window and blockers, the merge order and "
          + "the critical path.",
      "A task is merged only when a merge on the target's first-parent chain (Junction's landing) "
          + "carries the trailer 'Junction-Task: <id>'; trailers a landed branch brought along and commit "
          + "subjects are never read."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  junction plan",
      "  junction plan --into main --json",
      "  junction plan --file junction.yaml   # try an uncommitted plan",
      "%nExit codes:%n" + ExitCodes.FOOTER
    })
final class PlanCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin PlanOptions options;

  @Override
  public Integer call() throws Exception {
    PlanService.Viewed viewed = options.shared.call(workspace -> new PlanService(workspace).view(options.input()));
    PrintWriter out = spec.commandLine().getOut();
    if (options.shared.json) {
      Json.print(out, viewed.view());
    } else {
      printText(out, viewed.view());
    }
    return ExitCodes.of(viewed.disposition());
  }

  static void printText(PrintWriter out, PlanView view) {
    long merged = view.tasks().stream().filter(t -> t.state().name().equals("MERGED")).count();
    out.printf("Plan against %s: %d of %d tasks merged%n%n", view.target(), merged, view.tasks().size());
    int idWidth = Math.max(4, view.tasks().stream().mapToInt(t -> t.id().length()).max().orElse(4));
    int ownerWidth = Math.max(5, view.tasks().stream().mapToInt(t -> t.owner().length()).max().orElse(5));
    int titleWidth = Math.min(34, Math.max(5, view.tasks().stream().mapToInt(t -> t.title().length()).max().orElse(5)));
    String format = "%-3s  %-" + idWidth + "s  %-11s  %-" + ownerWidth + "s  %-11s  %-" + titleWidth + "s  %s%n";
    out.printf(format, "WIN", "TASK", "STATE", "OWNER", "TYPE", "TITLE", "WAITING FOR");
    for (TaskView t : view.tasks()) {
      String title = t.title().length() > titleWidth ? t.title().substring(0, titleWidth - 1) + "…" : t.title();
      out.printf(format, t.window(), t.id(), t.state(), t.owner(), t.type(), title, String.join(", ", t.missing()));
    }
    out.printf("%nMerge order:   %s%n", String.join(" ", view.order()));
    out.printf("Critical path: %s%n", String.join(" -> ", view.criticalPath()));
    if (!view.notes().isEmpty()) {
      out.printf("%nNotes:%n");
      view.notes().forEach(n -> out.printf("  - %s%n", n));
    }
  }
}
