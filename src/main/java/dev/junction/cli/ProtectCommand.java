package dev.junction.cli;

import dev.junction.git.PlanSource;
import dev.junction.git.SystemConfig;
import dev.junction.land.EmergencyOverride;
import dev.junction.plan.Plan;
import dev.junction.plan.PlanLoad;
import dev.junction.plan.PlanLoader;
import dev.junction.plan.Session;
import dev.junction.protect.Hook;
import dev.junction.protect.Install;
import dev.junction.protect.PushRules;
import dev.junction.store.EventStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
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
    footer = {"  junction protect install /srv/git/infrafabric.git", "  junction protect status --repo /srv/git/infrafabric.git --json",
        "%nExit codes:%n" + ExitCodes.FOOTER})
final class ProtectCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "install",
      mixinStandardHelpOptions = true,
      description = {
        "Installs the push guard into BARE_REPO: hooks/pre-receive (an existing hook of another tool is",
        "kept as pre-receive.before-junction), the junction.coordination setting, and a class-data-sharing",
        "archive of the hook's classes so it starts fast. The coordination branch's junction.yaml must be valid."
      },
      footerHeading = "%nExamples:%n",
      footer = {"  junction protect install /srv/git/infrafabric.git",
          "%nExit codes:%n  0  installed%n  2  bad input (not a bare repository, no valid plan)%n  70 internal error"})
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
      SystemConfig.locate();
      if (!Files.isDirectory(hub.resolve("objects")) || !Files.isRegularFile(hub.resolve("HEAD"))) {
        return Problems.report(spec, json, "BARE_REPO", hub + " is not a bare git repository");
      }
      Install.Outcome outcome;
      try (Repository repo = new FileRepositoryBuilder().setGitDir(hub.toFile()).setMustExist(true).build()) {
        String java = ProcessHandle.current().info().command().orElse("java");
        outcome = Install.install(repo, java, System.getProperty("java.class.path"), Optional.ofNullable(coordination));
      }
      if (outcome instanceof Install.Invalid invalid) {
        return Problems.report(spec, json, invalid.errors());
      }
      Install.Installed done = (Install.Installed) outcome;
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        Json.print(out, Json.tagged(done));
      } else {
        out.printf("Installed the push guard: %s%n  rules from %s (coordination: %s)%n  class-data archive: %s%n", done.hook(),
            done.plan(), done.coordination(), done.archive() ? "recorded" : "not available, the hook starts without it");
        done.replaced().ifPresent(r -> out.printf("  the hook that was there is kept as %s (not run)%n", r));
      }
      return ExitCodes.DONE;
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "Shows what the hub's push guard enforces: protected branches, session branches and their owners, options, open overrides.",
      footerHeading = "%nExamples:%n",
      footer = {"  junction protect status --repo /srv/git/infrafabric.git --json",
          "%nExit codes:%n  0  the guard is installed%n  1  it is not%n  2  bad input%n  70 internal error"})
  static final class Status implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Shared shared;

    @Override
    public Integer call() throws Exception {
      Optional<Repository> opened = shared.open();
      if (opened.isEmpty()) {
        return Problems.report(spec, shared.json, "--repo", "not a git repository: " + shared.where());
      }
      Map<String, Object> status = new LinkedHashMap<>();
      try (Repository repo = opened.get()) {
        boolean installed = Install.installed(repo);
        String coordination = repo.getConfig().getString(Hook.SECTION, null, Hook.COORDINATION_KEY);
        status.put("installed", installed);
        status.put("coordination", coordination);
        Optional<Plan> plan = Optional.empty();
        if (coordination != null) {
          Ref ref = repo.exactRef(Constants.R_HEADS + coordination);
          Optional<byte[]> bytes = ref == null ? Optional.empty() : PlanSource.read(repo, ref.getObjectId(), Plan.FILE_NAME);
          if (bytes.isPresent() && PlanLoader.load(coordination + ":" + Plan.FILE_NAME, bytes.get()) instanceof PlanLoad.Loaded l) {
            plan = Optional.of(l.plan());
          }
        }
        status.put("plan", plan.isPresent() ? "valid" : "missing or invalid: every push is refused");
        List<Map<String, Object>> branches = new ArrayList<>();
        List<Map<String, Object>> overrides = new ArrayList<>();
        if (plan.isPresent()) {
          Plan p = plan.get();
          for (String b : List.of(p.branches().coordination(), p.branches().main())) {
            branches.add(entry("branch", b, "rules", List.of("no direct push (only junction land)", "no force push",
                "no deletion")));
          }
          for (Session s : p.sessions()) {
            s.branch().ifPresent(b -> branches.add(entry("branch", b, "rules", List.of("pushed by " + s.id() + "'s members",
                "rewrites allowed", "only merge from the coordination branch"))));
          }
          List<String> options = new ArrayList<>();
          options.add("signed commits " + (p.protection().signedCommits() ? "required" : "not required"));
          options.add("commit subjects " + (p.protection().messageConvention() ? "must follow spec 6.2" : "not checked"));
          status.put("options", options);
          Path db = repo.getDirectory().toPath().resolve("junction/junction.db");
          if (Files.exists(db)) {
            try (EventStore store = Shared.store(repo)) {
              for (String b : List.of(p.branches().coordination(), p.branches().main())) {
                for (PushRules.Grant g : Hook.active(store, b)) {
                  if (Instant.now().isBefore(g.until())) {
                    overrides.add(entry("branch", b, "by", g.grantedBy(), "reason", g.reason(), "until", g.until().toString()));
                  }
                }
              }
            }
          }
        }
        status.put("branches", branches);
        status.put("overrides", overrides);
        PrintWriter out = spec.commandLine().getOut();
        if (shared.json) {
          Json.print(out, status);
        } else {
          out.printf("Push guard: %s%n", installed ? "installed" : "NOT installed (junction protect install)");
          out.printf("Coordination: %s; plan: %s%n", coordination, status.get("plan"));
          for (Map<String, Object> b : branches) {
            out.printf("  %s: %s%n", b.get("branch"), String.join("; ", castList(b.get("rules"))));
          }
          if (status.containsKey("options")) {
            out.printf("  options: %s%n", String.join("; ", castList(status.get("options"))));
          }
          overrides.forEach(o -> out.printf("  OVERRIDE open on %s by %s until %s: %s%n", o.get("branch"), o.get("by"),
              o.get("until"), o.get("reason")));
        }
        return installed ? ExitCodes.DONE : ExitCodes.NO;
      }
    }

    /** A JSON object whose keys keep the order given (Map.of would change it from run to run). */
    private static Map<String, Object> entry(Object... keysAndValues) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
        m.put((String) keysAndValues[i], keysAndValues[i + 1]);
      }
      return m;
    }

    @SuppressWarnings("unchecked")
    private static List<String> castList(Object o) {
      return (List<String>) o;
    }
  }

  /** {@code junction override}: spec 5.4's emergency override. */
  @Command(
      name = "override",
      mixinStandardHelpOptions = true,
      description = "Emergency override of a protected branch (spec 5.4): grant, close.",
      subcommands = {OverrideCommand.Grant.class, OverrideCommand.Close.class, OverrideCommand.Review.class},
      footerHeading = "%nExamples:%n",
      footer = {"  junction override grant --branch claude/debug-session-freezing-011CV2mM1FVCwsC8GoBR2aQy --reason \"coordinator down\" --ttl 30m",
          "  junction override close --branch claude/debug-session-freezing-011CV2mM1FVCwsC8GoBR2aQy --json",
          "%nExit codes:%n" + ExitCodes.FOOTER})
  static final class OverrideCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
        name = "grant",
        mixinStandardHelpOptions = true,
        description = {
          "Lets pushes to a protected branch through the push guard for --ttl (at most 4h), as a coordinator:",
          "records who, why and until when, writes EMERGENCY-OVERRIDE-<timestamp>.md under the hub's",
          "junction/overrides, and puts a review due within one hour. Every push under it is logged."
        },
        footerHeading = "%nExamples:%n",
        footer = {"  junction override grant --branch main --reason \"hotfix for the outage\" --ttl 30m --repo /srv/git/hub.git",
            "%nExit codes:%n  0  granted%n  1  not allowed (no coordinator role)%n  2  bad input%n  70 internal error"})
    static final class Grant implements Callable<Integer> {
      @Spec CommandSpec spec;
      @Mixin Shared shared;

      @Option(names = "--branch", required = true, paramLabel = "BRANCH", description = "The protected branch.")
      String branch;

      @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why (spec 5.4 step 1).")
      String reason;

      @Option(names = "--ttl", required = true, paramLabel = "DURATION", description = "How long: 30m, 2h, 1h30m.")
      String ttl;

      @Option(names = "--as", paramLabel = "EMAIL", description = "Who grants it (default: git's user.email).")
      String as;

      @Override
      public Integer call() throws Exception {
        Optional<Duration> duration = EmergencyOverride.ttl(ttl);
        if (duration.isEmpty()) {
          return Problems.report(spec, shared.json, "--ttl", "'" + ttl + "' is not a duration like 30m, 2h or 1h30m");
        }
        return OverrideCommand.act(spec, shared, as, (repo, store, plan, actor, clock) ->
            EmergencyOverride.grant(repo, store, plan, branch, reason, duration.get(), actor, clock));
      }
    }

    @Command(
        name = "close",
        mixinStandardHelpOptions = true,
        description = "Ends an override before its time: the push guard protects the branch again at once.",
        footerHeading = "%nExamples:%n",
        footer = {"  junction override close --branch main --repo /srv/git/hub.git",
            "%nExit codes:%n  0  closed%n  1  not allowed%n  2  bad input%n  70 internal error"})
    static final class Close implements Callable<Integer> {
      @Spec CommandSpec spec;
      @Mixin Shared shared;

      @Option(names = "--branch", required = true, paramLabel = "BRANCH", description = "The protected branch.")
      String branch;

      @Option(names = "--as", paramLabel = "EMAIL", description = "Who closes it (default: git's user.email).")
      String as;

      @Override
      public Integer call() throws Exception {
        return OverrideCommand.act(spec, shared, as, (repo, store, plan, actor, clock) ->
            EmergencyOverride.close(store, plan, branch, actor, clock));
      }
    }

    @Command(
        name = "review",
        mixinStandardHelpOptions = true,
        description = "Records the post-override review of the latest override on a branch (spec 5.4 step 4, due within the hour).",
        footerHeading = "%nExamples:%n",
        footer = {"  junction override review --branch main --notes \"hotfix checked, merged back through coordination\" --json",
            "%nExit codes:%n  0  recorded%n  1  not allowed (no override, or its grantor)%n  2  bad input%n  70 internal error"})
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
        return OverrideCommand.act(spec, shared, as, (repo, store, plan, actor, clock) ->
            EmergencyOverride.review(store, plan, branch, notes, actor, clock));
      }
    }

    interface Action {
      EmergencyOverride.Outcome apply(Repository repo, EventStore store, Plan plan, org.eclipse.jgit.lib.PersonIdent actor,
          Clock clock) throws Exception;
    }

    static int act(CommandSpec spec, Shared shared, String as, Action action) throws Exception {
      Optional<Repository> opened = shared.open();
      if (opened.isEmpty()) {
        return Problems.report(spec, shared.json, "--repo", "not a git repository: " + shared.where());
      }
      EmergencyOverride.Outcome outcome;
      try (Repository repo = opened.get()) {
        String coordination = repo.getConfig().getString(Hook.SECTION, null, Hook.COORDINATION_KEY);
        dev.junction.git.TargetPlan.Found found = dev.junction.git.TargetPlan.load(repo, Optional.ofNullable(coordination));
        if (found instanceof dev.junction.git.TargetPlan.Invalid bad) {
          return Problems.report(spec, shared.json, bad.errors());
        }
        Clock clock = Clock.systemUTC();
        try (EventStore store = Shared.store(repo)) {
          outcome = action.apply(repo, store, ((dev.junction.git.TargetPlan.Loaded) found).plan(), Identity.of(repo, as, clock), clock);
        }
      }
      if (outcome instanceof EmergencyOverride.Invalid invalid) {
        return Problems.report(spec, shared.json, invalid.errors());
      }
      PrintWriter out = spec.commandLine().getOut();
      if (shared.json) {
        Json.print(out, Json.tagged((Record) outcome));
      } else if (outcome instanceof EmergencyOverride.Granted g) {
        out.printf("Override granted on %s by %s until %s%n  reason: %s%n  record: %s%n  review due by %s%n", g.branch(), g.by(),
            g.until(), g.reason(), g.record(), g.reviewDue());
      } else if (outcome instanceof EmergencyOverride.Reviewed r) {
        out.printf("Review of the override of %s granted at %s recorded by %s%n", r.branch(), r.grantedAt(), r.by());
      } else if (outcome instanceof EmergencyOverride.Closed c) {
        out.printf("Override closed on %s by %s: the branch is protected again%n", c.branch(), c.by());
      } else if (outcome instanceof EmergencyOverride.NotAllowed no) {
        out.println("Not allowed: " + no.reason());
      }
      return outcome instanceof EmergencyOverride.NotAllowed ? ExitCodes.NO : ExitCodes.DONE;
    }
  }
}
