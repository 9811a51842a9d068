package dev.junction.cli;

import dev.junction.app.Actor;
import dev.junction.app.InvalidInput;
import dev.junction.app.ReviewService;
import dev.junction.plan.InputError;
import dev.junction.review.Requests;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code junction review}: a review of a merge request, or the next step of one of its findings. */
@Command(
    name = "review",
    mixinStandardHelpOptions = true,
    description = {
      "Reviews merge request N as a plan member: approve, request changes or comment.",
      "The reviewer is --as, else git's user.email. Findings carry spec 7.5's severities; an open "
          + "critical finding blocks landing until the author's session resolves it and its reviewer "
          + "accepts it."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  junction review 9 --request-changes \\",
      "      --finding \"critical: infrafabric/coordinator.py:25 hard-coded owner\"",
      "  junction review 9 --resolve 1 --as session-5@infrafabric.example   # fixed",
      "  junction review 9 --accept 1    # the reviewer: the fix holds",
      "  junction review 9 --approve",
      "%nExit codes:%n"
          + "  0  recorded%n"
          + "  1  not allowed (an author approving their own request, a finding in the wrong%n"
          + "     state or hands)%n"
          + "  2  bad input (no such request or finding, a finding not in 'severity:%n"
          + "     [path[:line]] text', not a plan member)%n"
          + "  70 internal error"
    })
final class ReviewCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin Shared shared;

  @Parameters(index = "0", paramLabel = "N", description = "The request number.")
  long number;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Action action;

  static final class Action {
    @Option(names = "--approve", description = "Approve it.")
    boolean approve;

    @Option(names = "--request-changes", description = "Hold it until you approve a later version.")
    boolean requestChanges;

    @Option(names = "--comment", description = "Comment only (findings without a verdict).")
    boolean comment;

    @Option(names = "--resolve", paramLabel = "F", description = "As the author's session: finding F is fixed.")
    Long resolve;

    @Option(names = "--accept", paramLabel = "F", description = "As its reviewer: the fix of finding F holds.")
    Long accept;

    @Option(names = "--reopen", paramLabel = "F", description = "As its reviewer: the fix of finding F does not hold.")
    Long reopen;

    /** The action chosen, with the findings given (which go only with a verdict). */
    ReviewService.Action input(List<String> findings) {
      ReviewService.Step step = resolve != null ? new ReviewService.Step(resolve, Requests.FindingAction.RESOLVE)
          : accept != null ? new ReviewService.Step(accept, Requests.FindingAction.ACCEPT)
          : reopen != null ? new ReviewService.Step(reopen, Requests.FindingAction.REOPEN) : null;
      if (step != null) {
        if (!findings.isEmpty()) {
          throw new InvalidInput(new InputError("findings", "findings go with --approve, --request-changes or --comment"));
        }
        return step;
      }
      return new ReviewService.Verdict(approve ? Requests.Verdict.APPROVE
          : requestChanges ? Requests.Verdict.REQUEST_CHANGES : Requests.Verdict.COMMENT, findings);
    }
  }

  @Option(names = "--finding", paramLabel = "TEXT",
      description = "severity: [path[:line]] text, severity critical, important, nice-to-have or question (repeatable).")
  List<String> findings = new ArrayList<>();

  @Option(names = "--as", paramLabel = "EMAIL", description = "Who reviews (default: git's user.email); a plan member.")
  String as;

  @Override
  public Integer call() throws Exception {
    ReviewService.Review input = new ReviewService.Review(number, action.input(findings), Optional.ofNullable(as).map(Actor::of));
    Requests.Acted acted = shared.call(workspace -> new ReviewService(workspace).review(input));
    return render(spec, shared.json, acted);
  }

  /** Prints how a review action ended (the review, a finding's step, a close) and answers the exit code. */
  static int render(CommandSpec spec, boolean json, Requests.Acted acted) {
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Json.print(out, Json.tagged((Record) acted));
    } else if (acted instanceof Requests.Done done) {
      out.printf("Recorded: %s on request #%d%n", done.what(), done.status().request().number());
      MrCommand.policy(out, done.status().policy());
    } else {
      out.println("Not allowed: " + ((Requests.NotAllowed) acted).reason());
    }
    return ExitCodes.of(acted.disposition());
  }
}
