package dev.junction.cli;

import dev.junction.app.EscalationService;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code junction escalations}: what is overdue now, recorded once per level reached. */
@Command(
    name = "escalations",
    mixinStandardHelpOptions = true,
    description = {
      "Lists what is overdue now, and records each level reached once as an escalation event.",
      "Merge requests waiting for a review past spec 7.4's maximum time: the reviewers are pinged; "
          + "after twice the maximum a backup reviewer is assigned, by this command; after three times "
          + "the coordinator intervenes.",
      "Conflicts unresolved past spec 3.3's thresholds: after 30 min the sessions coordinate "
          + "through STATUS files; after 60 min, through the coordination branch and the task board; "
          + "after 120 min an architectural review decides.",
      "Emergency overrides whose review (due within the hour, spec 5.4) is not recorded.",
      "Run it on a schedule."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  junction escalations",
      "  junction escalations --repo /srv/git/infrafabric.git --json",
      "%nExit codes:%n"
          + "  0  nothing is due%n"
          + "  1  something is due (listed with who acts and what to do)%n"
          + "  2  bad input (not a repository, invalid plan)%n"
          + "  70 internal error"
    })
final class EscalationsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin Shared shared;

  @Option(names = "--into", paramLabel = "TARGET",
      description = "The branch whose plan names members and roles (default: the coordination branch).")
  String into;

  @Override
  public Integer call() throws Exception {
    EscalationService.Escalated escalated = shared.call(workspace ->
        new EscalationService(workspace).escalate(new EscalationService.Input(Optional.ofNullable(into))));
    PrintWriter out = spec.commandLine().getOut();
    if (shared.json) {
      Json.print(out, escalated);
    } else {
      print(out, escalated);
    }
    return ExitCodes.of(escalated.disposition());
  }

  private static void print(PrintWriter out, EscalationService.Escalated escalated) {
    if (escalated.due().isEmpty()) {
      out.printf("Nothing is due at %s.%n", escalated.at());
      escalated.notes().forEach(n -> out.printf("Note: %s%n", n));
      return;
    }
    out.printf("Due at %s (%d):%n", escalated.at(), escalated.due().size());
    for (EscalationService.Due d : escalated.due()) {
      out.printf("  %-40s %-13s since %s%s%n", d.about(), d.level(), d.since(), d.recorded() ? "  (new)" : "");
      out.printf("      who: %s%s%n", d.who().isEmpty() ? "nobody named" : String.join(", ", d.who()),
          d.assigned().map(r -> " (assigned as backup reviewer now)").orElse(""));
      out.printf("      do:  %s%n", d.action());
    }
  }
}
