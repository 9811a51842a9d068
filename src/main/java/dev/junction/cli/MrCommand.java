package dev.junction.cli;

import dev.junction.app.Actor;
import dev.junction.app.RequestService;
import dev.junction.review.Requests;
import dev.junction.review.ReviewRules;
import dev.junction.store.Reviews;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code junction mr}: merge requests (spec 6). */
@Command(
    name = "mr",
    mixinStandardHelpOptions = true,
    description = "Merge requests: open, list, show, close (spec 6). Reviews are given with junction review.",
    subcommands = {MrCommand.Open.class, MrCommand.ListRequests.class, MrCommand.Show.class, MrCommand.Close.class},
    footerHeading = "%nExamples:%n",
    footer = {
      "  junction mr open P0.1.2",
      "  junction mr list",
      "  junction mr show 3 --json",
      "%nExit codes:%n" + ExitCodes.FOOTER
    })
final class MrCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    Main.usage(spec);
  }

  @Command(
      name = "open",
      mixinStandardHelpOptions = true,
      description = {
        "Opens a merge request from SOURCE (a branch, or a task id) into the target.",
        "The title must follow spec 6.2, type(scope): Brief description [TaskID]; without --title one "
            + "is made from the task. The body is spec 6.1's template for the type, filled in. A request of "
            + "1000 changed lines or more (extra large, spec 6.3) needs --justification."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  junction mr open P0.1.2",
        "  junction mr open claude/if-bus-sip-adapters-011CV2ifBusS1pAd4pt07 \\",
        "      --task P0.1.3 --title \"feat(coordinator): Add pub/sub [P0.1.3]\"",
        "  junction mr open claude/debug-session-freezing-011CV2mM1FVCwsC8GoBR2aQy \\",
        "      --into main --type phase",
        "%nExit codes:%n"
            + "  0  opened%n"
            + "  1  refused: a title against spec 6.2 (a corrected one is suggested), an%n"
            + "     extra-large change without justification, a request already open for the%n"
            + "     same branches%n"
            + "  2  bad input (unknown branch, task, type or member; invalid plan)%n"
            + "  70 internal error"
      })
  static final class Open implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Shared shared;

    @Parameters(index = "0", paramLabel = "SOURCE|TASK", description = "The branch to merge, or a task id.")
    String source;

    @Option(names = "--into", paramLabel = "TARGET", description = "The target (default: the coordination branch).")
    String into;

    @Option(names = "--task", paramLabel = "ID", description = "The task it delivers (default: from the plan).")
    String task;

    @Option(names = "--type", paramLabel = "TYPE",
        description = "component, integration, phase, docs, fix, performance or security (default: from the task and branches).")
    String type;

    @Option(names = "--title", paramLabel = "TEXT", description = "type(scope): Brief description [TaskID] (default: made from the task).")
    String title;

    @Option(names = "--justification", paramLabel = "TEXT", description = "Why an extra-large change cannot be split.")
    String justification;

    @Option(names = "--reviewer", paramLabel = "EMAIL", description = "Who to ask (repeatable; default: chosen from owners).")
    List<String> reviewers = new ArrayList<>();

    @Option(names = "--as", paramLabel = "EMAIL", description = "Who opens it (default: git's user.email); a plan member.")
    String as;

    @Override
    public Integer call() throws Exception {
      RequestService.Open input = new RequestService.Open(source, Optional.ofNullable(into), Optional.ofNullable(task),
          Optional.ofNullable(type).map(RequestService::type), Optional.ofNullable(title), Optional.ofNullable(justification),
          reviewers, Optional.ofNullable(as).map(Actor::of));
      Requests.Opening outcome = shared.call(workspace -> new RequestService(workspace).open(input));
      PrintWriter out = spec.commandLine().getOut();
      if (shared.json) {
        Json.print(out, Json.tagged((Record) outcome));
      } else if (outcome instanceof Requests.Opened o) {
        Reviews.Request r = o.request();
        out.printf("Opened request #%d: %s%n", r.number(), r.title());
        out.printf("  %s -> %s, %s, %s (%d changed lines), by %s (%s)%n", r.source(), r.target(), r.type(), r.size(),
            r.lines(), r.author(), r.session());
        out.printf("  reviewers asked: %s%n", o.reviewers().isEmpty() ? "none" : String.join(", ", o.reviewers()));
        policy(out, o.policy());
      } else {
        Requests.Refused refused = (Requests.Refused) outcome;
        out.println("Refused:");
        refused.reasons().forEach(x -> out.printf("  - %s%n", x));
        refused.suggestion().ifPresent(x -> out.printf("  suggested title: %s%n", x));
        if (!refused.split().isEmpty()) {
          out.println("  split it (spec 6.3: core logic, tests, documentation):");
          refused.split().forEach(x -> out.printf("    %s%n", x));
        }
      }
      return ExitCodes.of(outcome.disposition());
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists merge requests: open ones, or those in --state.",
      footerHeading = "%nExamples:%n",
      footer = {"  junction mr list", "  junction mr list --state all --json", "%nExit codes:%n" + ExitCodes.FOOTER})
  static final class ListRequests implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Shared shared;

    @Option(names = "--state", paramLabel = "STATE", description = "open (default), closed, landed, rolled-back (landed, then reverted on its target) or all.")
    String state = "open";

    @Override
    public Integer call() throws Exception {
      RequestService.Query query = new RequestService.Query(state);
      RequestService.Listed listed = shared.call(workspace -> new RequestService(workspace).list(query));
      PrintWriter out = spec.commandLine().getOut();
      if (shared.json) {
        Json.print(out, listed);
        return ExitCodes.of(listed.disposition());
      }
      if (listed.requests().isEmpty()) {
        out.println("No " + (state.equals("all") ? "" : state + " ") + "merge requests.");
      }
      int stateWidth = Math.max(7, listed.requests().stream().mapToInt(r -> r.state().length()).max().orElse(7));
      for (RequestService.Summary r : listed.requests()) {
        out.printf("#%-4d %-" + stateWidth + "s %-11s %-11s %-10s %s%n", r.number(), r.state(), r.type(), r.size(),
            r.session(), r.title());
      }
      return ExitCodes.of(listed.disposition());
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Shows a merge request: its body, reviews, findings, reviewers, and what its review policy still misses.",
      footerHeading = "%nExamples:%n",
      footer = {"  junction mr show 3", "%nExit codes:%n" + ExitCodes.FOOTER})
  static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Shared shared;

    @Parameters(index = "0", paramLabel = "N", description = "The request number.")
    long number;

    @Override
    public Integer call() throws Exception {
      RequestService.Shown shown = shared.call(workspace -> new RequestService(workspace).show(number));
      PrintWriter out = spec.commandLine().getOut();
      if (shared.json) {
        Json.print(out, shown.status());
      } else {
        print(out, shown.status());
      }
      return ExitCodes.of(shown.disposition());
    }
  }

  @Command(
      name = "close",
      mixinStandardHelpOptions = true,
      description = "Closes an open merge request without landing it (its author's session or a coordinator).",
      footerHeading = "%nExamples:%n",
      footer = {"  junction mr close 3", "%nExit codes:%n"
          + "  0  closed%n  1  not allowed, or not open%n  2  bad input%n  70 internal error"})
  static final class Close implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Shared shared;

    @Parameters(index = "0", paramLabel = "N", description = "The request number.")
    long number;

    @Option(names = "--as", paramLabel = "EMAIL", description = "Who closes it (default: git's user.email).")
    String as;

    @Override
    public Integer call() throws Exception {
      Requests.Acted acted = shared.call(workspace ->
          new RequestService(workspace).close(new RequestService.Close(number, Optional.ofNullable(as).map(Actor::of))));
      return ReviewCommand.render(spec, shared.json, acted);
    }
  }

  static void print(PrintWriter out, Requests.Status s) {
    Reviews.Request r = s.request();
    out.printf("#%d %s [%s]%n", r.number(), r.title(), r.state());
    out.printf("  %s -> %s, %s, %s (%d changed lines), by %s (%s), opened %s%n", r.source(), r.target(), r.type(), r.size(),
        r.lines(), r.author(), r.session(), r.openedAt());
    out.printf("  reviewers asked: %s%n", s.assignments().isEmpty() ? "none"
        : String.join(", ", s.assignments().stream().map(a -> a.reviewer() + " (" + a.reason() + ")").toList()));
    out.println();
    r.body().lines().forEach(l -> out.println("  " + l));
    out.println();
    out.println("Reviews:");
    if (s.reviews().isEmpty()) {
      out.println("  none yet");
    }
    s.reviews().forEach(v -> out.printf("  %s  %-15s %s (%s)%s%n", v.at(), v.verdict(), v.reviewer(), v.session(),
        v.commit().map(c -> " of " + c.substring(0, Math.min(10, c.length()))).orElse("")));
    if (!s.findings().isEmpty()) {
      out.println("Findings:");
      s.findings().forEach(f -> out.printf("  #%d %-12s %-8s %s%s (%s)%n", f.id(), f.severity(), f.state(),
          f.path().map(p -> p + f.line().map(l -> ":" + l).orElse("") + " ").orElse(""), f.text(), f.raisedBy()));
    }
    policy(out, s.policy());
  }

  static void policy(PrintWriter out, ReviewRules.Verdict v) {
    out.printf("  approvals that count: %s%s%n", v.approvals().isEmpty() ? "none" : String.join(", ", v.approvals()),
        v.commit().map(c -> " (for " + c.substring(0, Math.min(10, c.length())) + ", " + v.lines() + " changed lines, "
            + v.size() + ")").orElse(" (the source branch is gone)"));
    if (v.met()) {
      out.println("  review policy: met");
    } else {
      out.println("  review policy: NOT met");
      v.missing().forEach(m -> out.printf("    - %s%n", m));
    }
    v.notes().forEach(n -> out.printf("  note: %s%n", n));
  }
}
