package dev.junction.cli;

import dev.junction.conflict.Check;
import dev.junction.conflict.Radar;
import dev.junction.git.MergeEngine;
import dev.junction.git.PlanStatus;
import dev.junction.git.SystemConfig;
import dev.junction.report.TaskBoard;
import dev.junction.store.EventStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code junction demo}: the shipped example, end to end, in a throwaway repository. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Builds a throwaway repository from the InfraFabric Phase 0 example (main, coordination,",
      "the session branches, the first window merged), then lands the second window's ready",
      "tasks through Junction with the example's gates running real tests: one lands and is",
      "rolled back by post-merge validation, one is refused out of order. Shows the plan, the",
      "task board, a conflict check and the radar. Needs python3 for the example's gates."
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
    SystemConfig.locate();
    Path target = dir;
    if (target == null) {
      target = Files.createTempDirectory("junction-demo-");
    } else if (Files.exists(target) && (!Files.isDirectory(target) || !isEmpty(target))) {
      return Problems.report(spec, json, target.toString(), "not an empty directory; the demo builds a new repository");
    } else {
      Files.createDirectories(target);
    }
    PrintWriter err = spec.commandLine().getErr();
    DemoRepository.Built built = DemoRepository.build(target, m -> {
      if (!json) {
        err.println("demo: " + m);
        err.flush();
      }
    });
    PlanStatus.Outcome outcome;
    List<TaskBoard.Event> events;
    Check.Outcome check;
    Radar.Outcome radar;
    try (Repository repo = new FileRepositoryBuilder().setWorkTree(target.toFile()).setMustExist(true).build();
        MergeEngine engine = MergeEngine.open(repo)) {
      outcome = PlanStatus.view(repo, new PlanStatus.Request(Optional.empty(), Optional.empty()));
      String five = ((PlanStatus.Viewed) outcome).plan().session("session-5").flatMap(s -> s.branch()).orElseThrow();
      check = Check.run(repo, engine, new Check.Request(five, Optional.empty(), Optional.empty(), List.of()));
      radar = Radar.run(repo, new Radar.Request(Optional.empty(), List.of(), 2), () -> MergeEngine.open(repo), m -> { });
      try (EventStore store = Shared.store(repo)) {
        events = BoardCommand.announcements(store);
      }
    }
    if (!(outcome instanceof PlanStatus.Viewed viewed)) {
      return Problems.report(spec, json, ((PlanStatus.Invalid) outcome).errors());
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("repository", target.toString());
      result.put("history", built.history());
      List<Map<String, Object>> story = new ArrayList<>();
      for (DemoRepository.Step step : built.story()) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("command", step.command());
        s.put("result", step.outcome() instanceof Record r ? Json.tagged(r) : step.outcome());
        story.add(s);
      }
      result.put("story", story);
      result.put("plan", viewed.view());
      result.put("board", BoardCommand.render(viewed, events));
      result.put("check", check);
      result.put("radar", radar);
      Json.print(out, result);
      return ExitCodes.DONE;
    }
    DemoRepository.describe(built).forEach(out::println);
    out.println();
    PlanCommand.printText(out, viewed.view());
    out.println();
    out.print(BoardCommand.render(viewed, events));
    out.println();
    out.println("## junction check (session 5's branch against coordination)");
    out.println();
    CheckCommand.print(out, (Check.Report) check);
    out.println();
    out.println("## junction radar");
    out.println();
    RadarCommand.print(out, (Radar.Report) radar);
    out.println();
    out.println("Explore it: bin/junction plan --repo " + target + "   (or cd there and run junction plan)");
    return ExitCodes.DONE;
  }

  private static boolean isEmpty(Path dir) throws java.io.IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }
}
