package dev.junction.cli;

import dev.junction.app.Actor;
import dev.junction.app.ClashService;
import dev.junction.review.Clashes;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code junction clash}: interface clashes between open branches (spec 3.2, type 2). */
@Command(
    name = "clash",
    mixinStandardHelpOptions = true,
    description = {
      "Interface clashes (spec 3.2, type 2): two open branches that change the same declaration.",
      "Check, radar and land record each one; both branches stay frozen (land exits 3) until a "
          + "coordinator records what was agreed; then they land in the plan's order and the second "
          + "landing runs the integration (cross-session) gates on its merge."
    },
    subcommands = {ClashCommand.ListClashes.class, ClashCommand.Resolve.class},
    footerHeading = "%nExamples:%n",
    footer = {"  junction clash list",
        "  junction clash resolve 12 --as lead@example.org \\",
        "      --agreed \"claim(task: str, lease: float)\"  # exit 2 in the demo: no clash",
        "%nExit codes:%n" + ExitCodes.FOOTER})
final class ClashCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists every interface clash recorded: open ones freeze both branches.",
      footerHeading = "%nExamples:%n",
      footer = {"  junction clash list --json", "%nExit codes:%n  0  listed%n  2  bad input%n  70 internal error"})
  static final class ListClashes implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Shared shared;

    @Override
    public Integer call() throws Exception {
      List<Clashes.Clash> clashes = shared.call(workspace -> new ClashService(workspace).list());
      PrintWriter out = spec.commandLine().getOut();
      if (shared.json) {
        Json.print(out, clashes);
        return 0;
      }
      if (clashes.isEmpty()) {
        out.println("No interface clash recorded.");
      }
      for (Clashes.Clash c : clashes) {
        out.printf("%d  %s  %s x %s on %s (into %s, seen %s by %s)%n", c.id(),
            c.resolution().isPresent() ? "resolved" : "BLOCKED: interface conflict", c.a(), c.b(), c.where(), c.target(),
            c.seen(), c.by());
        c.resolution().ifPresent(r -> out.printf("    resolution: %s%n    resolved_by: %s at %s%n", r.agreed(), r.by(),
            r.at()));
      }
      return 0;
    }
  }

  @Command(
      name = "resolve",
      mixinStandardHelpOptions = true,
      description = {"Records what the sessions agreed on a clash, as a coordinator: both branches may then land, "
          + "in the plan's order."},
      footerHeading = "%nExamples:%n",
      footer = {"  junction clash resolve 12 --agreed \"Use claim(task: str, lease: float)\" \\",
          "      # exit 2 in the demo: it has no clash",
          "%nExit codes:%n  0  recorded%n  1  not allowed (no coordinator role, resolved already)%n  2  bad input%n"
              + "  70 internal error"})
  static final class Resolve implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Shared shared;

    @Parameters(index = "0", paramLabel = "ID", description = "The clash, as junction clash list numbers it.")
    long id;

    @Option(names = "--agreed", required = true, paramLabel = "TEXT", description = "What the sessions agreed.")
    String agreed;

    @Option(names = "--as", paramLabel = "EMAIL", description = "Who records it (default: git's user.email).")
    String as;

    @Override
    public Integer call() throws Exception {
      ClashService.ResolveOutcome outcome = shared.call(workspace -> new ClashService(workspace).resolve(
          new ClashService.Resolve(id, agreed, Optional.ofNullable(as).map(Actor::of))));
      PrintWriter out = spec.commandLine().getOut();
      if (shared.json) {
        Json.print(out, Json.tagged((Record) outcome));
      } else if (outcome instanceof ClashService.NotAllowed no) {
        out.println("Not allowed: " + no.reason());
      } else {
        Clashes.Clash c = ((ClashService.Resolved) outcome).clash();
        out.printf("Clash %d resolved: %s x %s on %s%n  resolution: %s%n  resolved_by: %s%n", c.id(), c.a(), c.b(),
            c.where(), c.resolution().orElseThrow().agreed(), c.resolution().orElseThrow().by());
      }
      return ExitCodes.of(outcome.disposition());
    }
  }
}
