package dev.junction.app;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.junction.git.AtomicFile;
import dev.junction.git.BranchScan;
import dev.junction.gate.Gates;
import dev.junction.git.CodeOwnersFile;
import dev.junction.git.PlanSource;
import dev.junction.git.PlanStatus;
import dev.junction.git.TargetPlan;
import dev.junction.plan.CodeOwners;
import dev.junction.plan.DidYouMean;
import dev.junction.plan.Disposition;
import dev.junction.plan.InputError;
import dev.junction.plan.Plan;
import dev.junction.plan.PlanLoad;
import dev.junction.plan.PlanView;
import dev.junction.plan.Session;
import dev.junction.plan.Task;
import dev.junction.plan.TaskState;
import dev.junction.report.Announcements;
import dev.junction.report.StatusFile;
import dev.junction.review.ConflictLog;
import dev.junction.review.Escalations;
import dev.junction.review.Requests;
import dev.junction.review.ReviewRules;
import dev.junction.store.EventStore;
import dev.junction.store.Reviews;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.jgit.lib.Repository;

/**
 * A session's STATUS file (spec 4.3, 8.3), read from git, the plan and the store when there is
 * one (never created): the gates on its branch tip; its tasks in progress, ready and blocked; its
 * open requests with what the review policy still asks; reviews asked of its members; open
 * conflicts, escalations and rollbacks that concern it.
 */
public final class StatusService {
  private final Workspace workspace;

  public StatusService(Workspace workspace) {
    this.workspace = Objects.requireNonNull(workspace, "workspace");
  }

  /**
   * Whose status, against which target.
   *
   * @param session the session's id in the plan
   * @param target the branch whose plan and history count (default: the coordination branch)
   * @param write whether to write {@code STATUS-<session>.yaml} at the root of the work tree
   */
  public record Input(String session, Optional<String> target, boolean write) {
    public Input {
      Objects.requireNonNull(session, "session");
      Objects.requireNonNull(target, "target");
    }
  }

  /** How reporting a status ended. */
  public sealed interface Outcome {
    Disposition disposition();
  }

  /**
   * The session's status.
   *
   * @param file the STATUS file's name
   * @param written where it was written, when asked to
   */
  @JsonTypeName("reported")
  public record Reported(StatusFile.Status status, String file, Optional<String> written) implements Outcome {
    public Reported {
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(written, "written");
    }

    @Override
    public Disposition disposition() {
      return Disposition.DONE;
    }

    /** What every face answers in JSON: the file's name, where it was written (or null), its fields. */
    public Map<String, Object> json() {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("file", file);
      json.put("written", written.orElse(null));
      json.put("status", StatusFile.fields(status));
      return json;
    }
  }

  /**
   * The status of {@code input.session()}, written at the work tree's root when asked to.
   *
   * @throws InvalidInput for an unusable target or plan, an unknown session ({@code session}), or
   *     writing into a bare repository ({@code write})
   */
  public Reported report(Input input) throws IOException {
    Repository repo = workspace.repository();
    TargetPlan.Found found = TargetPlan.load(repo, input.target());
    if (found instanceof TargetPlan.Invalid invalid) {
      throw InvalidInput.of(invalid.errors());
    }
    TargetPlan.Loaded loaded = (TargetPlan.Loaded) found;
    Plan plan = loaded.plan();
    Optional<Session> session = plan.session(input.session());
    if (session.isEmpty()) {
      throw new InvalidInput(new InputError("session", "no session '" + input.session() + "' in " + plan.source()
          + DidYouMean.hint(input.session(), plan.sessions().stream().map(Session::id).toList())));
    }
    String file = StatusFile.fileName(input.session());
    if (input.write() && repo.isBare()) {
      throw new InvalidInput(new InputError("write", "a bare repository has no work tree to write " + file
          + " into; print it instead (leave out --write)"));
    }
    Instant now = workspace.clock().instant().truncatedTo(ChronoUnit.SECONDS);
    StatusFile.Status status = gather(loaded, session.get(), now);
    Optional<Path> written = Optional.empty();
    if (input.write()) {
      written = Optional.of(repo.getWorkTree().toPath().resolve(file));
      AtomicFile.write(written.get(), StatusFile.yaml(status), AtomicFile.SHARED);
    }
    return new Reported(status, file, written.map(Path::toString));
  }

  /** Everything the session's status says, read from git, the plan and (when there is one) the store. */
  private StatusFile.Status gather(TargetPlan.Loaded loaded, Session session, Instant now)
      throws IOException {
    Repository repo = workspace.repository();
    Plan plan = loaded.plan();
    String id = session.id();
    PlanView view = ClashService.frozen(workspace, plan, loaded.tip(), PlanStatus.observe(repo, plan, loaded.tip()));
    List<StatusFile.TaskLine> inProgress = new ArrayList<>();
    List<StatusFile.TaskLine> ready = new ArrayList<>();
    List<StatusFile.TaskLine> blocked = new ArrayList<>();
    List<StatusFile.RolledBackLine> rolledBack = new ArrayList<>();
    for (PlanView.TaskView t : view.tasks()) {
      if (!t.owner().equals(id)) {
        continue;
      }
      List<String> waits = new ArrayList<>(t.missing());
      t.frozen().forEach(f -> waits.add(StatusFile.FROZEN + f.describe()));
      StatusFile.TaskLine line = new StatusFile.TaskLine(t.id(), t.title(), waits);
      if (t.state() == TaskState.IN_PROGRESS) {
        inProgress.add(line);
      } else if (t.state() == TaskState.READY) {
        ready.add(line);
      } else if (t.state() == TaskState.BLOCKED) {
        blocked.add(line);
      } else if (t.state() == TaskState.ROLLED_BACK && t.rollback().isPresent()) {
        PlanView.Rollback r = t.rollback().get();
        rolledBack.add(new StatusFile.RolledBackLine(t.id(), t.title(), r.merge(), r.revert(), r.reason(), r.next()));
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
    Optional<EventStore> store = workspace.existingStore();
    if (store.isPresent()) {
      EventStore st = store.get();
      if (tip.isPresent()) {
        gates.addAll(gates(st, plan, loaded.tip().branch(), tip.get().id().name()));
      }
      List<Escalations.Pending> pending = EscalationService.pending(st);
      for (Escalations.Pending p : pending) {
        if (p.request().session().equals(id)) {
          requests.add(request(loaded, st, p));
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
      // Spec 3.2 type 2: an unresolved interface clash of the session's branch freezes it.
      for (dev.junction.review.Clashes.Clash c : dev.junction.review.Clashes.all(st)) {
        if (c.resolution().isEmpty() && session.branch().filter(c::involves).isPresent()) {
          conflicts.add(new StatusFile.ConflictLine(c.a() + " x " + c.b() + " (BLOCKED: interface conflict, clash " + c.id()
              + ", until a coordinator runs junction clash resolve " + c.id() + ")", c.seen(),
              Escalations.conflictLevel(c.seen(), now), List.of(c.where())));
        }
      }
      for (Escalations.Escalation e : Escalations.due(plan, pending, open, now)) {
        if (e.sessions().contains(id)) {
          escalations.add(new StatusFile.EscalationLine(e.subject(), e.level().word(), e.about(), e.since(), e.who(),
              e.action()));
        }
      }
      rollbacks.addAll(rollbacks(st, plan, id, view));
    }
    return new StatusFile.Status(id, session.name(), session.branch(), tip.map(t -> t.id().name()), now,
        loaded.tip().branch(), gates, inProgress, ready, blocked, requests, asked, conflicts, escalations, rollbacks,
        rolledBack);
  }

  /**
   * The latest run of each gate of the target's plan on a commit under the target's configuration,
   * by gate name: a run under another plan (the branch's own, an older one) is not shown.
   */
  private static List<StatusFile.GateResult> gates(EventStore store, Plan plan, String target, String commit) {
    Map<String, EventStore.GateRun> latest = new TreeMap<>();
    Gates.underTarget(plan, target, store.gateRuns(commit)).forEach(r -> latest.put(r.gate(), r));
    return latest.values().stream().map(r -> new StatusFile.GateResult(r.gate(), r.passed(), r.at())).toList();
  }

  /**
   * An open request of the session judged by the review policy: the plan at its target's tip, the
   * paths it changes since the merge base, CODEOWNERS at the target's tip.
   */
  private StatusFile.RequestLine request(TargetPlan.Loaded loaded, EventStore store, Escalations.Pending p)
      throws IOException {
    Repository repo = workspace.repository();
    Reviews.Request r = p.request();
    List<String> notes = new ArrayList<>();
    Plan plan = loaded.plan();
    ReviewRules.Change change = ReviewRules.Change.gone(r);
    Optional<CodeOwners> owners = Optional.empty();
    Optional<PlanSource.Tip> into = PlanSource.resolve(repo, r.target());
    Optional<PlanSource.Tip> source = PlanSource.resolve(repo, r.source());
    if (into.isPresent() && !into.get().id().equals(loaded.tip().id())
        && PlanSource.atTip(repo, into.get()) instanceof PlanLoad.Loaded other) {
      plan = other.plan();
    }
    if (into.isPresent() && source.isPresent()) {
      change = Requests.measure(repo, source.get().id(), into.get().id());
      owners = CodeOwnersFile.at(repo, into.get().id()).map(CodeOwnersFile.Found::owners);
    } else {
      notes.add("CODEOWNERS not checked: branch " + (into.isEmpty() ? r.target() : r.source()) + " does not exist");
    }
    ReviewRules.Verdict v = ReviewRules.evaluate(plan, r, p.reviews(), store.reviews().findings(r.number()), change,
        owners);
    notes.addAll(v.notes());
    return new StatusFile.RequestLine(r.number(), r.title(), r.target(), v.size(), r.openedAt(), v.approvals(),
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

  /**
   * Rollbacks of merges that carried a task of the session, each with the next step while one of
   * its tasks still reads rolled-back, and "none" once they all landed again.
   */
  private static List<StatusFile.RollbackLine> rollbacks(EventStore store, Plan plan, String id, PlanView view)
      throws IOException {
    Set<String> mine = new TreeSet<>(plan.tasks().stream().filter(t -> t.owner().equals(id)).map(Task::id).toList());
    List<StatusFile.RollbackLine> out = new ArrayList<>();
    for (Announcements.Rollback r : Announcements.rollbacks(store)) {
      if (r.tasks().stream().anyMatch(mine::contains)) {
        List<String> next = view.tasks().stream()
            .filter(t -> r.tasks().contains(t.id()) && t.rollback().isPresent()
                && r.merge().filter(m -> m.startsWith(t.rollback().get().merge())).isPresent())
            .map(t -> id + ": " + t.id() + " reads rolled-back: " + t.rollback().get().next()).toList();
        boolean landedAgain = r.tasks().stream().filter(mine::contains).allMatch(task -> view.tasks().stream()
            .anyMatch(t -> t.id().equals(task) && t.state() == TaskState.MERGED));
        Optional<String> action = !next.isEmpty() ? Optional.of(String.join("; ", next))
            : landedAgain ? Optional.of("none: " + String.join(", ", r.tasks()) + " landed again") : Optional.empty();
        out.add(new StatusFile.RollbackLine(r.at(), r.merge().orElse(r.subject()), r.tasks(), r.reason(),
            r.rootCause(), action));
      }
    }
    return out;
  }
}
