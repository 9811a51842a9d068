package dev.junction.cli;

import dev.junction.conflict.Check;
import dev.junction.conflict.Radar;
import dev.junction.git.MergeEngine;
import dev.junction.git.PlanStatus;
import dev.junction.git.SystemConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
      "the session branches with real commits, the first tasks landed with trailers) and shows",
      "its plan and task board."
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
    DemoRepository.Built built = DemoRepository.build(target);
    PlanStatus.Outcome outcome;
    Check.Outcome check;
    Radar.Outcome radar;
    try (Repository repo = new FileRepositoryBuilder().setWorkTree(target.toFile()).setMustExist(true).build();
        MergeEngine engine = MergeEngine.open(repo)) {
      outcome = PlanStatus.view(repo, new PlanStatus.Request(Optional.empty(), Optional.empty()));
      String five = ((PlanStatus.Viewed) outcome).plan().session("session-5").flatMap(s -> s.branch()).orElseThrow();
      check = Check.run(repo, engine, new Check.Request(five, Optional.empty(), Optional.empty(), List.of()));
      radar = Radar.run(repo, new Radar.Request(Optional.empty(), List.of(), 2), () -> MergeEngine.open(repo), m -> { });
    }
    if (!(outcome instanceof PlanStatus.Viewed viewed)) {
      return Problems.report(spec, json, ((PlanStatus.Invalid) outcome).errors());
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("repository", target.toString());
      result.put("landed", built.landed());
      result.put("plan", viewed.view());
      result.put("board", BoardCommand.render(viewed));
      result.put("check", check);
      result.put("radar", radar);
      Json.print(out, result);
      return ExitCodes.DONE;
    }
    DemoRepository.describe(built).forEach(out::println);
    out.println();
    PlanCommand.printText(out, viewed.view());
    out.println();
    out.print(BoardCommand.render(viewed));
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
