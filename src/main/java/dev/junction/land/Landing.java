package dev.junction.land;

import dev.junction.conflict.Finding;
import dev.junction.gate.Gates;
import dev.junction.gate.Verdict;
import dev.junction.git.BranchScan;
import dev.junction.git.History;
import dev.junction.git.MergeEngine;
import dev.junction.git.MergeResult;
import dev.junction.git.PlanSource;
import dev.junction.git.Refs;
import dev.junction.git.TargetPlan;
import dev.junction.git.Trailers;
import dev.junction.plan.Deliverables;
import dev.junction.plan.Disposition;
import dev.junction.plan.Gate;
import dev.junction.plan.Plan;
import dev.junction.plan.PlanError;
import dev.junction.plan.PlanView;
import dev.junction.plan.Stage;
import dev.junction.plan.Task;
import dev.junction.store.Store;
import java.io.IOException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;

/**
 * The landing pipeline of DESIGN.md: (1) plan from the target's tip, (2) policy, (3) conflict
 * check, (4) the candidate {@code --no-ff} merge under {@code refs/junction/candidates/}, (5) the
 * stage's gates on the candidate, (6) compare-and-swap of the target from the tip read in step 1
 * (back to step 2 when it moved), (7) post-merge validation, with an automatic revert when it
 * fails. Each step is journaled as an event before it acts.
 */
public final class Landing {
  /** How often a landing starts again after the target moved under it. */
  static final int ATTEMPTS = 8;
  static final String CANDIDATES = "refs/junction/candidates/";

  private Landing() {}

  /**
   * What to land.
   *
   * @param source a branch, or a task id (its own branch or its owner's)
   * @param actor who lands, for the journal and the merge's committer
   */
  public record Request(String source, Optional<String> into, Optional<String> task, Optional<Stage> stage,
      boolean dryRun, PersonIdent actor) {}

  /** How a landing ended; each case carries what the caller acts on. */
  public sealed interface Outcome {
    Disposition disposition();
  }

  /** Landed: the target points at the merge, gated and validated. */
  public record Landed(String target, String merge, List<String> tasks, String message, List<Verdict> gates,
      List<Verdict> validation) implements Outcome {
    @Override
    public Disposition disposition() {
      return Disposition.DONE;
    }
  }

  /** A dry run: everything up to the gates, nothing moved. */
  public record WouldLand(String target, String candidate, List<String> tasks, String message, List<Verdict> gates)
      implements Outcome {
    @Override
    public Disposition disposition() {
      return gates.stream().allMatch(Verdict::passed) ? Disposition.DONE : Disposition.NO;
    }
  }

  /** The policy refuses it; nothing moved. */
  public record Refused(List<String> reasons, List<String> criteria) implements Outcome {
    @Override
    public Disposition disposition() {
      return Disposition.NO;
    }
  }

  /** Something outside the command's reach stands in the way (a dependency, a racing target). */
  public record Blocked(List<String> reasons, List<String> criteria) implements Outcome {
    @Override
    public Disposition disposition() {
      return Disposition.BLOCKED;
    }
  }

  /** Git cannot merge it; nothing moved. */
  public record Conflicted(List<Finding.Content> conflicts) implements Outcome {
    @Override
    public Disposition disposition() {
      return Disposition.NO;
    }
  }

  /** A gate failed on the candidate; nothing moved and the candidate is gone. */
  public record GateFailed(String candidate, List<Verdict> gates) implements Outcome {
    @Override
    public Disposition disposition() {
      return Disposition.NO;
    }
  }

  /** It landed, failed its post-merge validation, and was reverted. */
  public record RolledBack(String target, String merge, Rollback.Done rollback, List<Verdict> validation)
      implements Outcome {
    @Override
    public Disposition disposition() {
      return Disposition.NO;
    }
  }

  /** Bad input; nothing moved. */
  public record Invalid(List<PlanError> errors) implements Outcome {
    @Override
    public Disposition disposition() {
      return Disposition.INVALID;
    }
  }

  public static Outcome land(Repository repo, Store store, MergeEngine engine, Request request, Clock clock,
      Consumer<String> progress) throws IOException {
    String id = Journal.newId(clock);
    Journal journal = new Journal(store, id, clock, request.actor().getEmailAddress());
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      Outcome outcome = attempt(repo, store, engine, request, clock, progress, journal, attempt);
      if (outcome instanceof Invalid && attempt > 1) {
        journal.record("land.aborted", Map.of("reason", "the target's plan became invalid while landing"));
      }
      if (!(outcome instanceof Retry)) {
        return outcome;
      }
      progress.accept("the target moved during the landing: starting again (" + attempt + " of " + ATTEMPTS + ")");
    }
    journal.record("land.aborted", Map.of("reason", "the target moved " + ATTEMPTS + " times"));
    return new Blocked(List.of("the target moved " + ATTEMPTS + " times while landing; try again"), List.of());
  }

  /** Another landing moved the target first: start again from step 1. */
  private record Retry() implements Outcome {
    @Override
    public Disposition disposition() {
      return Disposition.BLOCKED;
    }
  }

  private static Outcome attempt(Repository repo, Store store, MergeEngine engine, Request request, Clock clock,
      Consumer<String> progress, Journal journal, int attempt) throws IOException {
    // 1. The target, its tip, and the plan at that tip.
    TargetPlan.Found found = TargetPlan.load(repo, request.into());
    if (found instanceof TargetPlan.Invalid bad) {
      return new Invalid(bad.errors());
    }
    PlanSource.Tip target = ((TargetPlan.Loaded) found).tip();
    String targetName = target.branch();
    if (!target.refName().startsWith("refs/heads/")) {
      return invalid("--into", "'" + targetName + "' is not a local branch: Junction lands only on branches it can move");
    }
    Plan plan = ((TargetPlan.Loaded) found).plan();
    Optional<Task> named = plan.task(request.source());
    String sourceName = named.flatMap(t -> PlanView.branchOf(plan, t)).orElse(request.source());
    Optional<PlanSource.Tip> source = PlanSource.resolve(repo, sourceName);
    if (source.isEmpty()) {
      return invalid("SOURCE", "no branch or task '" + request.source() + "'");
    }
    if (request.task().isPresent() && plan.task(request.task().get()).isEmpty()) {
      return invalid("--task", "no task '" + request.task().get() + "' in " + plan.source());
    }
    Stage stage = request.stage().orElse(targetName.equals(plan.branches().main()) ? Stage.PHASE : Stage.COMPONENT);
    Map<String, String> merged = History.mergedTasks(repo, target.id());
    List<Task> tasks = stage == Stage.PHASE ? List.of()
        : tasks(repo, plan, source.get(), target, named.or(() -> request.task().flatMap(plan::task)), merged);
    if (attempt == 1) {
      journal.record("land.started", Map.of("source", source.get().branch(), "target", targetName,
          "targetTip", target.id().name(), "stage", stage.word(),
          "tasks", String.join(",", tasks.stream().map(Task::id).toList()),
          "pid", String.valueOf(ProcessHandle.current().pid())));
    }
    // 2. Policy.
    Map<String, String> intoSource = stage == Stage.PHASE ? History.mergedTasks(repo, source.get().id()) : Map.of();
    Policy.Verdict policy = Policy.check(plan, source.get().branch(), targetName, stage, tasks, merged, intoSource);
    if (!policy.refusals().isEmpty()) {
      journal.record("land.aborted", Map.of("reason", String.join("; ", policy.refusals())));
      return new Refused(policy.refusals(), policy.criteria());
    }
    if (!policy.blockers().isEmpty()) {
      journal.record("land.aborted", Map.of("reason", String.join("; ", policy.blockers())));
      return new Blocked(policy.blockers(), policy.criteria());
    }
    // 3. Conflict check.
    progress.accept("checking " + source.get().branch() + " against " + targetName);
    MergeResult dry = engine.merge(target.id(), source.get().id());
    if (!dry.clean() || dry.tree().isEmpty()) {
      journal.record("land.aborted", Map.of("reason", "conflicts: " + String.join(", ", dry.paths())));
      return new Conflicted(dry.conflicts().stream()
          .map(c -> new Finding.Content(c.path(), c.kind(), c.related(), c.message(), List.of())).toList());
    }
    if (dry.tree().get().equals(History.treeOf(repo, target.id()))) {
      String why = source.get().branch() + " brings nothing " + targetName + " does not hold already"
          + " (a merge of it that was reverted keeps its commits in the history): revert the revert,"
          + " or land the work as new commits";
      journal.record("land.aborted", Map.of("reason", why));
      return new Refused(List.of(why), List.of());
    }
    // 4. The candidate merge, under a ref of its own.
    String message = message(plan, stage, tasks, source.get(), targetName);
    ObjectId candidate = commit(repo, dry.tree().get(), target.id(), source.get().id(), message, request.actor());
    String candidateRef = CANDIDATES + journal.id();
    journal.record("land.candidate", Map.of("candidate", candidate.name(), "ref", candidateRef));
    Refs.compareAndSwap(repo, candidateRef, ObjectId.zeroId(), candidate, request.actor(), "junction land: candidate");
    try {
      // 5. The stage's gates, from the target's plan, on the candidate: the merge is tested, not the branch.
      List<Gate> gates = plan.gates().stream().filter(g -> g.stages().contains(stage)).toList();
      List<Verdict> verdicts = Gates.runGates(repo, store, gates, candidate, target.id(), targetName,
          /* onTarget= */ false, /* rerun= */ false, clock, progress);
      journal.record("land.gated", Map.of("passed", String.valueOf(verdicts.stream().allMatch(Verdict::passed))));
      if (!verdicts.stream().allMatch(Verdict::passed)) {
        journal.record("land.aborted", Map.of("reason", "gates failed"));
        return new GateFailed(candidate.name(), verdicts);
      }
      List<String> ids = tasks.stream().map(Task::id).toList();
      if (request.dryRun()) {
        journal.record("land.aborted", Map.of("reason", "dry run"));
        return new WouldLand(targetName, candidate.name(), ids, message, verdicts);
      }
      // 6. Compare-and-swap from the tip read in step 1.
      journal.record("land.moving", Map.of("from", target.id().name(), "to", candidate.name()));
      Refs.Swap swap = Refs.compareAndSwap(repo, target.refName(), target.id(), candidate, request.actor(),
          "junction land: " + message.lines().findFirst().orElse(""));
      if (!swap.isMoved()) {
        journal.record("land.retry", Map.of("swap", swap.name()));
        return new Retry();
      }
      journal.record("land.moved", Map.of("merge", candidate.name()));
      progress.accept("landed " + candidate.abbreviate(10).name() + " on " + targetName);
      // 7. Post-merge validation on the target.
      List<Gate> validation = plan.gates().stream().filter(Gate::postMerge).toList();
      List<Verdict> validated = Gates.runGates(repo, store, validation, candidate, target.id(), targetName,
          /* onTarget= */ true, /* rerun= */ false, clock, progress);
      if (!validated.stream().allMatch(Verdict::passed)) {
        progress.accept("post-merge validation failed: rolling back");
        Rollback.Outcome rolled = Rollback.revert(repo, store, plan, targetName, candidate, "post-merge validation failed: "
            + String.join("; ", validated.stream().filter(v -> !v.passed()).flatMap(v -> v.reasons().stream()).toList()),
            validated, request.actor(), clock);
        journal.record("land.rolled-back", Map.of("merge", candidate.name()));
        if (rolled instanceof Rollback.Done done) {
          return new RolledBack(targetName, candidate.name(), done, validated);
        }
        return new Blocked(List.of("post-merge validation failed and the revert could not land: " + rolled), List.of());
      }
      journal.record("land.done", Map.of("merge", candidate.name()));
      return new Landed(targetName, candidate.name(), ids, message, verdicts, validated);
    } finally {
      Refs.compareAndDelete(repo, candidateRef, candidate);
    }
  }

  /**
   * The tasks a source delivers: the one named, else those on its own branch, else its session's
   * unmerged tasks whose deliverables it changes.
   */
  static List<Task> tasks(Repository repo, Plan plan, PlanSource.Tip source, PlanSource.Tip target,
      Optional<Task> named, Map<String, String> merged) throws IOException {
    if (named.isPresent()) {
      return List.of(named.get());
    }
    List<Task> own = plan.tasks().stream().filter(t -> t.branch().filter(source.branch()::equals).isPresent()).toList();
    if (!own.isEmpty()) {
      return own;
    }
    Optional<String> session = Policy.sessionOf(plan, source.branch()).map(s -> s.id());
    if (session.isEmpty()) {
      return List.of();
    }
    BranchScan.Measured measured = BranchScan.measure(repo, source, target.id());
    return plan.tasks().stream()
        .filter(t -> t.owner().equals(session.get()) && t.branch().isEmpty() && !merged.containsKey(t.id()))
        .filter(t -> measured.changedPaths().stream().anyMatch(p -> t.deliverables().stream().anyMatch(d -> Deliverables.covers(d, p))))
        .toList();
  }

  /** The merge message: spec 6.2's subject, then the Junction trailers. */
  static String message(Plan plan, Stage stage, List<Task> tasks, PlanSource.Tip source, String target) {
    StringBuilder m = new StringBuilder();
    if (tasks.isEmpty()) {
      m.append("chore(release): Merge ").append(source.branch()).append(" into ").append(target).append('\n');
    } else {
      Task first = tasks.get(0);
      String ids = String.join(", ", tasks.stream().map(Task::id).toList());
      m.append(type(first)).append('(').append(scope(first)).append("): Merge ")
          .append(tasks.size() == 1 ? first.title() : tasks.size() + " tasks").append(" [").append(ids).append("]\n");
    }
    m.append("\nLanded by Junction from ").append(source.branch()).append(" (").append(source.id().abbreviate(10).name())
        .append(").\n\n");
    for (Task t : tasks) {
      m.append(Trailers.TASK).append(": ").append(t.id()).append('\n');
    }
    tasks.stream().map(Task::owner).distinct().forEach(s -> m.append(Trailers.SESSION).append(": ").append(s).append('\n'));
    m.append(Trailers.STAGE).append(": ").append(stage.word()).append('\n');
    return m.toString();
  }

  private static String type(Task task) {
    return switch (task.type()) {
      case DOCS -> "docs";
      case VALIDATION, INTEGRATION -> "test";
      case COMPONENT, CLI -> "feat";
    };
  }

  private static String scope(Task task) {
    if (task.deliverables().isEmpty()) {
      return task.owner();
    }
    String d = task.deliverables().get(0).replaceAll("/+$", "");
    String name = d.substring(d.lastIndexOf('/') + 1);
    int dot = name.indexOf('.');
    String scope = (dot > 0 ? name.substring(0, dot) : name).replaceAll("[^A-Za-z0-9_-]", "");
    return scope.isEmpty() ? task.owner() : scope.toLowerCase(java.util.Locale.ROOT);
  }

  private static ObjectId commit(Repository repo, ObjectId tree, ObjectId target, ObjectId source, String message,
      PersonIdent who) throws IOException {
    try (ObjectInserter inserter = repo.newObjectInserter()) {
      CommitBuilder c = new CommitBuilder();
      c.setTreeId(tree);
      c.setParentIds(target, source);
      c.setAuthor(who);
      c.setCommitter(who);
      c.setMessage(message);
      ObjectId id = inserter.insert(c);
      inserter.flush();
      return id;
    }
  }

  private static Invalid invalid(String where, String message) {
    return new Invalid(List.of(new PlanError(where, 0, "", message)));
  }

  /** The identity of a plan member or the acting user, for commits Junction writes. */
  public static PersonIdent ident(String name, String email, Clock clock) {
    return new PersonIdent(name, email, clock.instant(), ZoneOffset.UTC);
  }
}
