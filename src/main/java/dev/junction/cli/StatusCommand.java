package dev.junction.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.git.BranchScan;
import dev.junction.git.CodeOwnersFile;
import dev.junction.git.PlanSource;
import dev.junction.git.PlanStatus;
import dev.junction.git.TargetPlan;
import dev.junction.plan.CodeOwners;
import dev.junction.plan.Plan;
import dev.junction.plan.PlanLoad;
import dev.junction.plan.PlanView;
import dev.junction.plan.Session;
import dev.junction.plan.Task;
import dev.junction.plan.TaskState;
import dev.junction.report.StatusFile;
import dev.junction.review.ConflictLog;
import dev.junction.review.Escalations;
import dev.junction.review.ReviewRules;
import dev.junction.store.Reviews;
import dev.junction.store.EventStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.eclipse.jgit.lib.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code junction status}: a session's STATUS file (spec 4.3, 8.3), from git, the plan and the store. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a session's STATUS-<session>.yaml (spec 4.3, 8.3): whether the gates",
      "passed on its branch tip; its tasks in progress, ready and blocked; its open",
      "merge requests with what the review policy still asks; reviews asked of its",
      "members; open conflicts and escalations that concern it; rollbacks of its",
      "tasks; and a list of blockers. Prints it unless --write is given."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  junction status session-7",
      "  junction status session-7 --write",
      "  junction status session-5 --into coordination --json",
      "%nExit codes:%n"
          + "  0  written or printed%n"
          + "  2  bad input (unknown session, invalid plan, --write without a work tree)%n"
          + "  70 internal error"
    })
final class StatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin Shared shared;

  @Parameters(index = "0", paramLabel = "SESSION", description = "The session, by its id in junction.yaml.")
  String session;

  @Option(names = "--into", paramLabel = "TARGET",
      description = "The target whose plan and history count (default: the coordination branch).")
  String into;

  @Option(names = "--write", description = "Write STATUS-<session>.yaml at the root of the work tree (replaced atomically).")
  boolean write;

  @Override
  public Integer call() throws Exception {
    Optional<Repository> opened = shared.open();
    if (opened.isEmpty()) {
      return Problems.report(spec, shared.json, "--repo", "not a git repository: " + shared.where());
    }
    StatusFile.Status status;
    Path file = null;
    try (Repository repo = opened.get()) {
      TargetPlan.Found found = TargetPlan.load(repo, Optional.ofNullable(into));
      if (found instanceof TargetPlan.Invalid invalid) {
        return Problems.report(spec, shared.json, invalid.errors());
      }
      TargetPlan.Loaded loaded = (TargetPlan.Loaded) found;
      Optional<Session> s = loaded.plan().session(session);
      if (s.isEmpty()) {
        return Problems.report(spec, shared.json, "SESSION", "no session '" + session + "' in " + loaded.plan().source()
            + " (its sessions: " + String.join(", ", loaded.plan().sessions().stream().map(Session::id).toList()) + ")");
      }
      if (write && repo.isBare()) {
        return Problems.report(spec, shared.json, "--write", "a bare repository has no work tree to write "
            + StatusFile.fileName(session) + " into; print it instead (leave out --write)");
      }
      Instant now = Clock.systemUTC().instant().truncatedTo(ChronoUnit.SECONDS);
      Path db = repo.getDirectory().toPath().resolve("junction/junction.db");
      if (Files.exists(db)) {
        try (EventStore store = Shared.store(repo)) {
          status = gather(repo, loaded, s.get(), Optional.of(store), now);
        }
      } else {
        status = gather(repo, loaded, s.get(), Optional.empty(), now);
      }
      if (write) {
        file = repo.getWorkTree().toPath().resolve(StatusFile.fileName(session));
      }
    }
    String yaml = StatusFile.yaml(status);
    if (file != null) {
      BoardCommand.writeAtomically(file, yaml);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (shared.json) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("file", StatusFile.fileName(session));
      json.put("written", file == null ? null : file.toString());
      json.put("status", StatusFile.fields(status));
      Json.print(out, json);
    } else if (file != null) {
      out.println("wrote " + file);
    } else {
      out.print(yaml);
    }
    return ExitCodes.DONE;
  }

  /** Everything the session's status says, read from git, the plan and (when there is one) the store. */
  static StatusFile.Status gather(Repository repo, TargetPlan.Loaded loaded, Session session, Optional<EventStore> store,
      Instant now) throws IOException {
    Plan plan = loaded.plan();
    String id = session.id();
    PlanView view = PlanStatus.observe(repo, plan, loaded.tip());
    List<StatusFile.TaskLine> inProgress = new ArrayList<>();
    List<StatusFile.TaskLine> ready = new ArrayList<>();
    List<StatusFile.TaskLine> blocked = new ArrayList<>();
    for (PlanView.TaskView t : view.tasks()) {
      if (!t.owner().equals(id)) {
        continue;
      }
      StatusFile.TaskLine line = new StatusFile.TaskLine(t.id(), t.title(), t.missing());
      if (t.state() == TaskState.IN_PROGRESS) {
        inProgress.add(line);
      } else if (t.state() == TaskState.READY) {
        ready.add(line);
      } else if (t.state() == TaskState.BLOCKED) {
        blocked.add(line);
      }
    }
    Optional<PlanSource.Tip> tip = session.branch().isEmpty() ? Optional.empty()
        : PlanSource.resolve(repo, session.branch().get());
    List<StatusFile.GateResult> gates = new ArrayList<>();
    List<StatusFile.RequestLine> requests = new ArrayList<>();
    List<StatusFile.Asked> asked = new ArrayList<>();
    List<StatusFile.ConflictLine> conflicts = new ArrayList<>();
    List<StatusFile.EscalationLine> escalations = new ArrayList<>();
    List<StatusFile.RollbackLine> rollbacks = new ArrayList<>();
    if (store.isPresent()) {
      EventStore st = store.get();
      if (tip.isPresent()) {
        gates.addAll(gates(st, tip.get().id().name()));
      }
      List<Escalations.Pending> pending = EscalationsCommand.pending(st);
      for (Escalations.Pending p : pending) {
        if (p.request().session().equals(id)) {
          requests.add(request(repo, loaded, st, p));
        }
        asked.addAll(asked(plan, id, p));
      }
      List<ConflictLog.Open> open = ConflictLog.open(st);
      for (ConflictLog.Open c : open) {
        if (Escalations.sessions(plan, c).contains(id)) {
          conflicts.add(new StatusFile.ConflictLine(c.pair(), c.since(), Escalations.conflictLevel(c.since(), now),
              c.items().stream().map(ConflictLog.Item::path).distinct().toList()));
        }
      }
      for (Escalations.Escalation e : Escalations.due(plan, pending, open, now)) {
        if (e.sessions().contains(id)) {
          escalations.add(new StatusFile.EscalationLine(e.subject(), e.level().word(), e.about(), e.since(), e.who(),
              e.action()));
        }
      }
      rollbacks.addAll(rollbacks(st, plan, id));
    }
    return new StatusFile.Status(id, session.name(), session.branch(), tip.map(t -> t.id().name()), now,
        loaded.tip().branch(), gates, inProgress, ready, blocked, requests, asked, conflicts, escalations, rollbacks);
  }

  /** The latest run of each gate on a commit, by gate name. */
  private static List<StatusFile.GateResult> gates(EventStore store, String commit) {
    Map<String, EventStore.GateRun> latest = new TreeMap<>();
    store.gateRuns(commit).forEach(r -> latest.put(r.gate(), r));
    return latest.values().stream().map(r -> new StatusFile.GateResult(r.gate(), r.passed(), r.at())).toList();
  }

  /**
   * An open request of the session judged by the review policy: the plan at its target's tip, the
   * paths it changes since the merge base, CODEOWNERS at the target's tip.
   */
  private static StatusFile.RequestLine request(Repository repo, TargetPlan.Loaded loaded, EventStore store,
      Escalations.Pending p) throws IOException {
    Reviews.Request r = p.request();
    List<String> notes = new ArrayList<>();
    Plan plan = loaded.plan();
    List<String> changed = List.of();
    Optional<CodeOwners> owners = Optional.empty();
    Optional<PlanSource.Tip> into = PlanSource.resolve(repo, r.target());
    Optional<PlanSource.Tip> source = PlanSource.resolve(repo, r.source());
    if (into.isPresent() && !into.get().id().equals(loaded.tip().id())
        && PlanSource.atTip(repo, into.get()) instanceof PlanLoad.Loaded other) {
      plan = other.plan();
    }
    if (into.isPresent() && source.isPresent()) {
      changed = new TreeSet<>(BranchScan.measure(repo, source.get(), into.get().id()).changedPaths()).stream().toList();
      owners = CodeOwnersFile.at(repo, into.get().id()).map(CodeOwnersFile.Found::owners);
    } else {
      notes.add("CODEOWNERS not checked: branch " + (into.isEmpty() ? r.target() : r.source()) + " does not exist");
    }
    ReviewRules.Verdict v = ReviewRules.evaluate(plan, r, p.reviews(), store.reviews().findings(r.number()), changed,
        owners);
    notes.addAll(v.notes());
    return new StatusFile.RequestLine(r.number(), r.title(), r.target(), r.size(), r.openedAt(), v.approvals(),
        v.missing(), notes);
  }

  /** Reviews asked of the session's members on a request and not given yet (no approve or request-changes). */
  private static List<StatusFile.Asked> asked(Plan plan, String id, Escalations.Pending p) {
    List<StatusFile.Asked> out = new ArrayList<>();
    for (Reviews.Assignment a : p.assignments()) {
      boolean mine = ReviewRules.sessionOf(plan, a.reviewer()).filter(id::equals).isPresent();
      boolean given = p.reviews().stream().anyMatch(r -> r.reviewer().equalsIgnoreCase(a.reviewer())
          && !r.verdict().equals("comment"));
      if (mine && !given) {
        out.add(new StatusFile.Asked(p.request().number(), p.request().title(), p.request().author(), a.reviewer(),
            a.reason(), a.at()));
      }
    }
    return out;
  }

  /** Rollbacks of merges that carried a task of the session. */
  private static List<StatusFile.RollbackLine> rollbacks(EventStore store, Plan plan, String id) throws IOException {
    Set<String> mine = new TreeSet<>(plan.tasks().stream().filter(t -> t.owner().equals(id)).map(Task::id).toList());
    List<StatusFile.RollbackLine> out = new ArrayList<>();
    for (EventStore.Event e : store.events("rollback")) {
      JsonNode p = dev.junction.store.EventCodec.fields(e.payload());
      List<String> tasks = dev.junction.store.EventCodec.strings(p.path("tasks"));
      if (tasks.stream().anyMatch(mine::contains)) {
        out.add(new StatusFile.RollbackLine(e.at(), p.path("merge").asText(e.subject()), tasks,
            p.path("reason").asText(), p.path("rootCause").asText()));
      }
    }
    return out;
  }
}
