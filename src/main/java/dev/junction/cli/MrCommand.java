package dev.junction.cli;

import dev.junction.git.TargetPlan;
import dev.junction.review.RequestType;
import dev.junction.review.Requests;
import dev.junction.store.Reviews;
import dev.junction.store.EventStore;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.eclipse.jgit.lib.Repository;
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
    footer = {"  junction mr open P0.1.2", "  junction mr list", "  junction mr show 3 --json",
        "%nExit codes:%n" + ExitCodes.FOOTER})
final class MrCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "open",
      mixinStandardHelpOptions = true,
      description = {
        "Opens a merge request from SOURCE (a branch, or a task id) into the target. The title must",
        "follow spec 6.2, type(scope): Brief description [TaskID]; without --title one is made from",
        "the task. The body is spec 6.1's template for the type, filled in. A request of 1000 changed",
        "lines or more (extra large, spec 6.3) needs --justification."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  junction mr open P0.1.2",
        "  junction mr open claude/if-bus-sip-adapters-011CV2ifBusS1pAd4pt07 --task P0.1.3 --title \"feat(coordinator): Add pub/sub [P0.1.3]\"",
        "  junction mr open claude/debug-session-freezing-011CV2mM1FVCwsC8GoBR2aQy --into main --type phase",
        "%nExit codes:%n"
            + "  0  opened%n"
            + "  1  refused: a title against spec 6.2 (a corrected one is suggested), an extra-large change%n"
            + "     without justification, a request already open for the same branches%n"
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
      Optional<RequestType> kind = Optional.empty();
      if (type != null) {
        kind = RequestType.of(type);
        if (kind.isEmpty()) {
          return Problems.report(spec, shared.json, "--type", "unknown request type '" + type
              + "' (expected component, integration, phase, docs, fix, performance or security)");
        }
      }
      Optional<Repository> opened = shared.open();
      if (opened.isEmpty()) {
        return Problems.report(spec, shared.json, "--repo", "not a git repository: " + shared.where());
      }
      Clock clock = Clock.systemUTC();
      Requests.Opening outcome;
      try (Repository repo = opened.get(); EventStore store = Shared.store(repo)) {
        outcome = Requests.open(repo, store, new Requests.Open(source, Optional.ofNullable(into), Optional.ofNullable(task),
            kind, Optional.ofNullable(title), Optional.ofNullable(justification), reviewers, Identity.of(repo, as, clock)), clock);
      }
      if (outcome instanceof Requests.Invalid invalid) {
        return Problems.report(spec, shared.json, invalid.errors());
      }
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
      } else if (outcome instanceof Requests.Refused refused) {
        out.println("Refused:");
        refused.reasons().forEach(x -> out.printf("  - %s%n", x));
        refused.suggestion().ifPresent(x -> out.printf("  suggested title: %s%n", x));
        if (!refused.split().isEmpty()) {
          out.println("  split it (spec 6.3: core logic, tests, documentation):");
          refused.split().forEach(x -> out.printf("    %s%n", x));
        }
      }
      return outcome instanceof Requests.Opened ? ExitCodes.DONE : ExitCodes.NO;
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

    @Option(names = "--state", paramLabel = "STATE", description = "open (default), closed, landed or all.")
    String state = "open";

    @Override
    public Integer call() throws Exception {
      if (!List.of("open", "closed", "landed", "all").contains(state)) {
        return Problems.report(spec, shared.json, "--state", "unknown state '" + state + "' (expected open, closed, landed or all)");
      }
      Optional<Repository> opened = shared.open();
      if (opened.isEmpty()) {
        return Problems.report(spec, shared.json, "--repo", "not a git repository: " + shared.where());
      }
      List<Reviews.Request> requests;
      try (Repository repo = opened.get(); EventStore store = Shared.store(repo)) {
        requests = store.reviews().requests(state.equals("all") ? Optional.empty() : Optional.of(state));
      }
      PrintWriter out = spec.commandLine().getOut();
      if (shared.json) {
        Json.print(out, Map.of("requests", requests.stream().map(MrCommand::summary).toList()));
        return ExitCodes.DONE;
      }
      if (requests.isEmpty()) {
        out.println("No " + (state.equals("all") ? "" : state + " ") + "merge requests.");
      }
      for (Reviews.Request r : requests) {
        out.printf("#%-4d %-7s %-11s %-11s %-10s %s%n", r.number(), r.state(), r.type(), r.size(), r.session(), r.title());
      }
      return ExitCodes.DONE;
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
      Optional<Repository> opened = shared.open();
      if (opened.isEmpty()) {
        return Problems.report(spec, shared.json, "--repo", "not a git repository: " + shared.where());
      }
      Requests.Status status;
      try (Repository repo = opened.get(); EventStore store = Shared.store(repo)) {
        Optional<Reviews.Request> request = store.reviews().request(number);
        if (request.isEmpty()) {
          return Problems.report(spec, shared.json, "N", "no merge request #" + number);
        }
        TargetPlan.Found found = TargetPlan.load(repo, Optional.of(request.get().target()));
        if (found instanceof TargetPlan.Invalid bad) {
          return Problems.report(spec, shared.json, bad.errors());
        }
        status = Requests.status(repo, store, ((TargetPlan.Loaded) found).plan(), request.get());
      }
      PrintWriter out = spec.commandLine().getOut();
      if (shared.json) {
        Json.print(out, status);
      } else {
        print(out, status);
      }
      return ExitCodes.DONE;
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
      Optional<Repository> opened = shared.open();
      if (opened.isEmpty()) {
        return Problems.report(spec, shared.json, "--repo", "not a git repository: " + shared.where());
      }
      Clock clock = Clock.systemUTC();
      Requests.Acted acted;
      try (Repository repo = opened.get(); EventStore store = Shared.store(repo)) {
        acted = Requests.close(repo, store, number, Identity.of(repo, as, clock), clock);
      }
      return ReviewCommand.report(spec, shared.json, acted);
    }
  }

  static Map<String, Object> summary(Reviews.Request r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("number", r.number());
    m.put("state", r.state());
    m.put("title", r.title());
    m.put("source", r.source());
    m.put("target", r.target());
    m.put("task", r.task().orElse(null));
    m.put("type", r.type());
    m.put("size", r.size());
    m.put("lines", r.lines());
    m.put("author", r.author());
    m.put("session", r.session());
    m.put("openedAt", r.openedAt().toString());
    return m;
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
    s.reviews().forEach(v -> out.printf("  %s  %-15s %s (%s)%n", v.at(), v.verdict(), v.reviewer(), v.session()));
    if (!s.findings().isEmpty()) {
      out.println("Findings:");
      s.findings().forEach(f -> out.printf("  #%d %-12s %-8s %s%s (%s)%n", f.id(), f.severity(), f.state(),
          f.path().map(p -> p + f.line().map(l -> ":" + l).orElse("") + " ").orElse(""), f.text(), f.raisedBy()));
    }
    policy(out, s.policy());
  }

  static void policy(PrintWriter out, dev.junction.review.ReviewRules.Verdict v) {
    out.printf("  approvals that count: %s%n", v.approvals().isEmpty() ? "none" : String.join(", ", v.approvals()));
    if (v.met()) {
      out.println("  review policy: met");
    } else {
      out.println("  review policy: NOT met");
      v.missing().forEach(m -> out.printf("    - %s%n", m));
    }
    v.notes().forEach(n -> out.printf("  note: %s%n", n));
  }
}
