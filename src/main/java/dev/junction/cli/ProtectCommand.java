package dev.junction.cli;

import dev.junction.app.Actor;
import dev.junction.app.GuardService;
import dev.junction.app.OverrideService;
import dev.junction.app.Workspace;
import dev.junction.land.EmergencyOverride;
import dev.junction.protect.Install;
import dev.junction.protect.RuleSummary;
import dev.junction.report.OverrideLog;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code junction protect}: the push guard in a hub (spec 5). */
@Command(
    name = "protect",
    mixinStandardHelpOptions = true,
    description = "The push guard: a pre-receive hook in the hub that enforces spec 5's branch protection.",
    subcommands = {ProtectCommand.InstallHook.class, ProtectCommand.Status.class},
    footerHeading = "%nExamples:%n",
    footer = {
      "  junction protect install /srv/git/infrafabric.git",
      "  junction protect status --repo /srv/git/infrafabric.git --json",
      "%nExit codes:%n" + ExitCodes.FOOTER
    })
final class ProtectCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    Main.usage(spec);
  }

  @Command(
      name = "install",
      mixinStandardHelpOptions = true,
      description = {
        "Installs the push guard into BARE_REPO.",
        "It writes hooks/pre-receive (an existing hook of another tool is kept as "
            + "pre-receive.before-junction), hooks/post-receive, which records the branches each accepted push "
            + "moved for the server, the junction.coordination setting, and a class-data-sharing "
            + "archive of the hook's classes so it starts fast. The coordination branch's junction.yaml "
            + "must be valid."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  junction protect install /srv/git/infrafabric.git",
        "%nExit codes:%n"
            + "  0  installed%n"
            + "  2  bad input (not a bare repository, no valid plan)%n"
            + "  70 internal error"
      })
  static final class InstallHook implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BARE_REPO", description = "The hub every session pushes to.")
    Path hub;

    @Option(names = "--coordination", paramLabel = "BRANCH", description = "The coordination branch (default: from the plans on the hub).")
    String coordination;

    @Option(names = "--json", description = "Print JSON for agents instead of text.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      GuardService.Installation input = new GuardService.Installation(GuardService.hub(hub),
          ProcessHandle.current().info().command().orElse("java"), System.getProperty("java.class.path"),
          Optional.ofNullable(coordination));
      Install.Installed done;
      try (Workspace workspace = Workspace.open(Workspace.Location.of(input.hub()), Clock.systemUTC())) {
        done = new GuardService(workspace).install(input);
      }
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        Json.print(out, Json.tagged(done));
      } else {
        out.printf("Installed the push guard: %s%n  rules from %s (coordination: %s)%n  class-data archive: %s%n", done.hook(),
            done.plan(), done.coordination(), done.archive() ? "recorded" : "not available, the hook starts without it");
        done.replaced().ifPresent(r -> out.printf("  the hook that was there is kept as %s (not run)%n", r));
      }
      return ExitCodes.of(done.disposition());
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "Shows what the hub's push guard enforces: protected branches, session branches and their "
          + "owners, options, open overrides.",
      footerHeading = "%nExamples:%n",
      footer = {
        "  junction protect status --repo /srv/git/infrafabric.git --json",
        "%nExit codes:%n"
            + "  0  the guard is installed%n"
            + "  1  it is not%n"
            + "  2  bad input%n"
            + "  70 internal error"
      })
  static final class Status implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Shared shared;

    @Override
    public Integer call() throws Exception {
      GuardService.GuardStatus status = shared.call(workspace -> new GuardService(workspace).status());
      PrintWriter out = spec.commandLine().getOut();
      if (shared.json) {
        Json.print(out, status);
      } else {
        out.printf("Push guard: %s%n", status.installed() ? "installed" : "NOT installed (junction protect install)");
        out.printf("Coordination: %s; plan: %s%n", status.coordination().orElse(null), status.plan());
        for (RuleSummary.Guarded b : status.branches()) {
          out.printf("  %s: %s%n", b.branch(), String.join("; ", b.rules()));
        }
        status.options().ifPresent(o -> out.printf("  options: %s%n", String.join("; ", o)));
        status.overrides().forEach(o -> out.printf("  OVERRIDE open on %s by %s until %s: %s%n", o.branch(), o.by(),
            o.until(), o.reason()));
      }
      return ExitCodes.of(status.disposition());
    }
  }

  /** {@code junction override}: spec 5.4's emergency override. */
  @Command(
      name = "override",
      mixinStandardHelpOptions = true,
      description = "Emergency override of a protected branch (spec 5.4): grant, close, review, list.",
      subcommands = {OverrideCommand.Grant.class, OverrideCommand.Close.class, OverrideCommand.Review.class,
          OverrideCommand.ListOverrides.class},
      footerHeading = "%nExamples:%n",
      footer = {
        "  junction override grant --branch main --reason \"coordinator down\" --ttl 30m",
        "  junction override close --branch main --json",
        "  junction override list --all",
        "%nExit codes:%n" + ExitCodes.FOOTER
      })
  static final class OverrideCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
      Main.usage(spec);
    }

    @Command(
        name = "grant",
        mixinStandardHelpOptions = true,
        description = {
          "Lets pushes to a protected branch through the push guard for --ttl (at most 4h), as a "
              + "coordinator.",
          "Records who, why and until when, writes EMERGENCY-OVERRIDE-<timestamp>.md under the hub's "
              + "junction/overrides, and puts a review due within one hour. Every push under it is logged."
        },
        footerHeading = "%nExamples:%n",
        footer = {
          "  junction override grant --branch main --reason \"hotfix for the outage\" \\",
          "      --ttl 30m --repo /srv/git/infrafabric.git",
          "%nExit codes:%n"
              + "  0  granted%n"
              + "  1  not allowed (no coordinator role)%n"
              + "  2  bad input%n"
              + "  70 internal error"
        })
    static final class Grant implements Callable<Integer> {
      @Spec CommandSpec spec;
      @Mixin Shared shared;

      @Option(names = "--branch", required = true, paramLabel = "BRANCH", description = "The protected branch.")
      String branch;

      @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why (spec 5.4 step 1).")
      String reason;

      @Option(names = "--ttl", required = true, paramLabel = "DURATION", description = "How long, from 1m to 4h: 30m, 2h, 1h30m.")
      String ttl;

      @Option(names = "--as", paramLabel = "EMAIL", description = "Who grants it (default: git's user.email).")
      String as;

      @Override
      public Integer call() throws Exception {
        OverrideService.Grant input = new OverrideService.Grant(branch, reason, OverrideService.ttl(ttl),
            Optional.ofNullable(as).map(Actor::of));
        EmergencyOverride.Outcome outcome = shared.call(workspace -> new OverrideService(workspace).grant(input));
        return OverrideCommand.render(spec, shared.json, outcome, () -> {
          EmergencyOverride.Granted g = (EmergencyOverride.Granted) outcome;
          return String.format("Override granted on %s by %s until %s%n  reason: %s%n  record: %s%n  review due by %s%n",
              g.branch(), g.by(), g.until(), g.reason(), g.record(), g.reviewDue());
        });
      }
    }

    @Command(
        name = "close",
        mixinStandardHelpOptions = true,
        description = "Ends an override before its time: the push guard protects the branch again at once.",
        footerHeading = "%nExamples:%n",
        footer = {
          "  junction override close --branch main --repo /srv/git/infrafabric.git",
          "%nExit codes:%n"
              + "  0  closed%n"
              + "  1  not allowed%n"
              + "  2  bad input%n"
              + "  70 internal error"
        })
    static final class Close implements Callable<Integer> {
      @Spec CommandSpec spec;
      @Mixin Shared shared;

      @Option(names = "--branch", required = true, paramLabel = "BRANCH", description = "The protected branch.")
      String branch;

      @Option(names = "--as", paramLabel = "EMAIL", description = "Who closes it (default: git's user.email).")
      String as;

      @Override
      public Integer call() throws Exception {
        OverrideService.Close input = new OverrideService.Close(branch, Optional.ofNullable(as).map(Actor::of));
        EmergencyOverride.Outcome outcome = shared.call(workspace -> new OverrideService(workspace).close(input));
        return OverrideCommand.render(spec, shared.json, outcome, () -> {
          EmergencyOverride.Closed c = (EmergencyOverride.Closed) outcome;
          return String.format("Override closed on %s by %s: the branch is protected again%n", c.branch(), c.by());
        });
      }
    }

    @Command(
        name = "review",
        mixinStandardHelpOptions = true,
        description = "Records the review of an emergency override of a branch (spec 5.4 step 4, due within the "
            + "hour of the grant).",
        footerHeading = "%nExamples:%n",
        footer = {
          "  junction override review --branch main \\",
          "      --notes \"hotfix checked, merged back through coordination\" --json",
          "%nExit codes:%n"
              + "  0  recorded%n"
              + "  1  not allowed (no override, or its grantor)%n"
              + "  2  bad input%n"
              + "  70 internal error"
        })
    static final class Review implements Callable<Integer> {
      @Spec CommandSpec spec;
      @Mixin Shared shared;

      @Option(names = "--branch", required = true, paramLabel = "BRANCH", description = "The protected branch.")
      String branch;

      @Option(names = "--notes", required = true, paramLabel = "TEXT", description = "What the review found.")
      String notes;

      @Option(names = "--as", paramLabel = "EMAIL", description = "Who reviewed it (default: git's user.email).")
      String as;

      @Override
      public Integer call() throws Exception {
        OverrideService.Review input = new OverrideService.Review(branch, notes, Optional.ofNullable(as).map(Actor::of));
        EmergencyOverride.Outcome outcome = shared.call(workspace -> new OverrideService(workspace).review(input));
        return OverrideCommand.render(spec, shared.json, outcome, () -> {
          EmergencyOverride.Reviewed r = (EmergencyOverride.Reviewed) outcome;
          return String.format("Review of the override of %s granted at %s recorded by %s%n", r.branch(), r.grantedAt(),
              r.by());
        });
      }
    }

    @Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = {
          "Lists the overrides: branch, who granted it, why, until when, whether it is open, closed, expired or "
              + "replaced by a newer grant; every push made under it (who, when, old and new ids, the commits it "
              + "brought); its close; its review (who, what it found, on time or late against the hour it was due in).",
          "Without --all: those open, unreviewed, or granted in the last 7 days."
        },
        footerHeading = "%nExamples:%n",
        footer = {"  junction override list --repo /srv/git/infrafabric.git",
            "  junction override list --all --json",
            "%nExit codes:%n  0  listed (none is an answer too)%n  2  bad input%n  70 internal error"})
    static final class ListOverrides implements Callable<Integer> {
      @Spec CommandSpec spec;
      @Mixin Shared shared;

      @Option(names = "--all", description = "Every override ever granted, not only the open, unreviewed and recent ones.")
      boolean all;

      @Override
      public Integer call() throws Exception {
        OverrideService.Listed listed = shared.call(workspace ->
            new OverrideService(workspace).list(new OverrideService.ListInput(all)));
        PrintWriter out = spec.commandLine().getOut();
        if (shared.json) {
          Json.print(out, Json.tagged(listed));
          return ExitCodes.of(listed.disposition());
        }
        if (listed.overrides().isEmpty()) {
          out.println(all ? "No override was ever granted."
              : "No override open, unreviewed or granted in the last 7 days (--all lists every one).");
        }
        for (OverrideLog.Entry o : listed.overrides()) {
          out.printf("Override of %s granted by %s at %s: %s%n", o.branch(), o.grantedBy(), o.granted(), o.reason());
          out.printf("  state: %s%n", OverrideLog.stateText(o));
          out.printf("  record: %s%n", o.record());
          out.printf("  pushes: %d%n", o.pushes().size());
          for (OverrideLog.Push p : o.pushes()) {
            out.printf("    %s by %s: %s %s..%s, %d commit%s%n", p.at(), p.pusher(), p.ref(), shortId(p.oldId()),
                shortId(p.newId()), p.commits().size(), p.commits().size() == 1 ? "" : "s");
            p.commits().forEach(c -> out.printf("      %s %s%n", shortId(c.id()), c.subject()));
          }
          o.closed().ifPresent(c -> out.printf("  closed: by %s at %s%n", c.by(), c.at()));
          out.printf("  review: %s%n", OverrideLog.reviewText(o));
          for (OverrideLog.Review r : o.reviews()) {
            out.printf("    %s by %s (%s): %s%n", r.at(), r.by(), r.onTime() ? "on time" : "late", r.notes());
          }
        }
        return ExitCodes.of(listed.disposition());
      }

      private static String shortId(String id) {
        return id.length() > 10 ? id.substring(0, 10) : id;
      }
    }

    /**
     * Prints an override's outcome: as JSON, else {@code done} when it was done, else why it was
     * not allowed; answers the exit code.
     */
    static int render(CommandSpec spec, boolean json, EmergencyOverride.Outcome outcome, Supplier<String> done) {
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        Json.print(out, Json.tagged((Record) outcome));
      } else if (outcome instanceof EmergencyOverride.NotAllowed no) {
        out.println("Not allowed: " + no.reason());
      } else {
        out.print(done.get());
      }
      return ExitCodes.of(outcome.disposition());
    }
  }
}
