package dev.junction.cli;

import dev.junction.app.PlanService;
import dev.junction.demo.Demo;
import dev.junction.land.Landing;
import dev.junction.land.Sync;
import dev.junction.review.Requests;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code junction demo}: the shipped example ({@link Demo}), end to end, in a throwaway repository. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Builds a throwaway repository from the InfraFabric Phase 0 example and lands its second "
          + "window there.",
      "The repository has main, coordination, the session branches and the first window merged. The "
          + "second window's ready tasks then land through Junction with the example's gates running real "
          + "tests: one lands, is rolled back by post-merge validation, is fixed and lands again; one is "
          + "refused out of order. Shows the plan, the task board, a conflict check and the radar. Needs "
          + "python3 for the example's gates."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  junction demo",
      "  junction demo /tmp/phase0 --json",
      "%nExit codes:%n" + ExitCodes.FOOTER
    })
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "0..1", paramLabel = "DIR",
      description = "Where to build it: a new or empty directory (default: a new temporary one).")
  Path dir;

  @Option(names = "--json", description = "Print JSON for agents instead of text.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Path target = dir;
    if (target == null) {
      target = Files.createTempDirectory("junction-demo-");
    } else if (Files.exists(target) && (!Files.isDirectory(target) || !isEmpty(target))) {
      return Problems.report(spec, json, target.toString(), "not an empty directory; the demo builds a new repository");
    } else {
      Files.createDirectories(target);
    }
    PrintWriter err = spec.commandLine().getErr();
    Demo.Played played = Demo.run(target, m -> {
      if (!json) {
        err.println("demo: " + m);
        err.flush();
      }
    });
    PlanService.Viewed viewed = played.plan();
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("repository", target.toString());
      result.put("history", played.built().history());
      List<Map<String, Object>> story = new ArrayList<>();
      for (Demo.Step step : played.built().story()) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("command", step.command());
        // A task's row of the plan is data, as plan --json prints it; every other result is an outcome case.
        s.put("result", step.outcome() instanceof Record r && !(r instanceof dev.junction.plan.PlanView.TaskView)
            ? Json.tagged(r) : step.outcome());
        story.add(s);
      }
      result.put("story", story);
      result.put("plan", viewed.view());
      result.put("board", played.board());
      result.put("check", played.check());
      result.put("radar", played.radar());
      Json.print(out, result);
      return ExitCodes.DONE;
    }
    describe(played.built()).forEach(out::println);
    out.println();
    PlanCommand.printText(out, viewed.view());
    out.println();
    out.print(played.board());
    out.println();
    out.println("## junction check (session 5's branch against coordination)");
    out.println();
    CheckCommand.print(out, played.check());
    out.println();
    out.println("## junction radar");
    out.println();
    RadarCommand.print(out, played.radar());
    out.println();
    out.println("Explore it: bin/junction plan --repo " + target + "   (or cd there and run junction plan)");
    return ExitCodes.DONE;
  }

  private static boolean isEmpty(Path dir) throws java.io.IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  /** The story as text: what was built, then each step with what Junction answered. */
  private static List<String> describe(Demo.Built built) {
    List<String> lines = new ArrayList<>();
    lines.add("Built a demo repository in " + built.directory());
    lines.add("  branches: main, " + built.coordination() + " and one per session");
    lines.add("  history: " + String.join(", ", built.history())
        + " merged by hand (--no-ff merges with Junction-Task trailers)");
    lines.add("");
    lines.add("## The second window, through Junction (real gates, real tests)");
    for (Demo.Step step : built.story()) {
      lines.add("");
      lines.add("$ " + step.command());
      java.io.StringWriter text = new java.io.StringWriter();
      try (java.io.PrintWriter out = new java.io.PrintWriter(text)) {
        if (step.outcome() instanceof Landing.Outcome landing) {
          LandCommand.print(out, landing);
          if (landing instanceof Landing.Landed landed) {
            relanded(landed).ifPresent(revert -> out.printf("  landed again with the fix: the work rollback %s"
                + " took out, and the fix, as one merge (Junction-Reland: %s)%n", revert.substring(0, 10), revert));
          }
        } else if (step.outcome() instanceof Requests.Opened opened) {
          out.printf("Opened request #%d: %s (%s, %d changed lines); reviewers asked: %s%n", opened.request().number(),
              opened.request().title(), opened.request().size(), opened.request().lines(), String.join(", ", opened.reviewers()));
        } else if (step.outcome() instanceof Requests.Done done) {
          out.printf("Recorded: %s on request #%d; review policy %s%n", done.what(), done.status().request().number(),
              done.status().policy().met() ? "met" : "NOT met: " + String.join("; ", done.status().policy().missing()));
        } else if (step.outcome() instanceof dev.junction.plan.PlanView.TaskView task && task.rollback().isPresent()) {
          dev.junction.plan.PlanView.Rollback r = task.rollback().get();
          out.printf("%s %s: landed in %s, reverted by %s%n  reason: %s%n  next: %s%n", task.id(), task.state(),
              r.merge(), r.revert(), r.reason(), r.next());
        } else if (step.outcome() instanceof Demo.Committed c) {
          out.printf("Committed %s on %s: %s%n", c.commit().substring(0, 10), c.branch(), String.join(", ", c.files()));
        } else if (step.outcome() instanceof Sync.Synced synced) {
          out.printf("Synced %s: merged coordination (%s)%n", synced.branch(), synced.tip().substring(0, 10));
        }
      }
      text.toString().lines().forEach(lines::add);
    }
    lines.add("");
    lines.add("Rolled back, fixed, landed again (spec 8.2): P0.1.2 is merged with its atomic compare-and-swap, and");
    lines.add("session 5's P0.4.4, refused while P0.1.2 was missing, can land next (the check below).");
    return lines;
  }

  /** The revert a landing's merge lands again after, from its {@code Junction-Reland} trailer. */
  private static java.util.Optional<String> relanded(Landing.Landed landed) {
    return landed.message().lines().filter(l -> l.startsWith(RELAND)).findFirst()
        .map(l -> l.substring(RELAND.length()).strip());
  }

  private static final String RELAND = "Junction-Reland:";
}
