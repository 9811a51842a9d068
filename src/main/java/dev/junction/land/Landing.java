package dev.junction.land;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.junction.conflict.Finding;
import dev.junction.gate.Gates;
import dev.junction.gate.Verdict;
import dev.junction.git.BranchScan;
import dev.junction.git.Commits;
import dev.junction.git.History;
import dev.junction.git.MergeEngine;
import dev.junction.git.MergeResult;
import dev.junction.git.PlanSource;
import dev.junction.git.Refs;
import dev.junction.git.Reland;
import dev.junction.git.TargetPlan;
import dev.junction.git.Trailers;
import dev.junction.plan.Conventions;
import dev.junction.plan.Deliverables;
import dev.junction.plan.DidYouMean;
import dev.junction.plan.Disposition;
import dev.junction.plan.Gate;
import dev.junction.plan.InputError;
import dev.junction.plan.Plan;
import dev.junction.plan.PlanFiles;
import dev.junction.plan.PlanLoad;
import dev.junction.plan.PlanView;
import dev.junction.plan.Problem;
import dev.junction.plan.Stage;
import dev.junction.plan.Task;
import dev.junction.review.Clashes;
import dev.junction.review.ConflictLog;
import dev.junction.review.Requests;
import dev.junction.review.ReviewRules;
import dev.junction.store.Reviews;
import dev.junction.store.EventStore;
import dev.junction.store.StoreEvent;
import java.io.IOException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;

/**
 * The landing pipeline of DESIGN.md: (1) plan from the target's tip, (2) policy, (3) conflict
 * check, (4) the candidate {@code --no-ff} merge under {@code refs/junction/candidates/}, (5) the
 * stage's gates on the candidate, (6) compare-and-swap of the target from the tip read in step 1
 * (back to step 2 when it moved), (7) post-merge validation, with an automatic revert when it
 * fails. Each step is journaled as an event before it acts.
 *
 * <p>An integration batch (spec 1.1 stage 2) lands several sources as one: steps 3 and 4 build a
 * chain of candidate merges, one per source in the given order, each on top of the one before; the
 * gates run once on the chain's last merge, one compare-and-swap moves the target to it, and a
 * failed validation reverts the whole chain with one commit. The target's first-parent history
 * gets every merge of the batch or none (Zuul's dependent pipeline, bors's batches).
 */
public final class Landing {
  /** How often a landing starts again after the target moved under it. */
  static final int ATTEMPTS = 8;
  static final String CANDIDATES = "refs/junction/candidates/";

  private Landing() {}

  /**
   * What to land.
   *
   * @param sources branches, or task ids (their own branch or their owner's); several only for an
   *     integration batch, merged in this order
   * @param actor who lands, for the journal and the merge's committer
   * @param failFast stop the gates at the first that fails (the plan's {@code gating.fail_fast} also can)
   */
  public record Request(List<String> sources, Optional<String> into, Optional<String> task, Optional<Stage> stage,
      boolean dryRun, PersonIdent actor, boolean failFast) {
    /** Every gate runs, whatever fails, unless the plan says otherwise. */
    public Request(List<String> sources, Optional<String> into, Optional<String> task, Optional<Stage> stage,
        boolean dryRun, PersonIdent actor) {
      this(sources, into, task, stage, dryRun, actor, false);
    }

    public Request {
      sources = List.copyOf(sources);
      if (sources.isEmpty()) {
        throw new IllegalArgumentException("a landing needs a source");
      }
    }

    /** One source. */
    public Request(String source, Optional<String> into, Optional<String> task, Optional<Stage> stage, boolean dryRun,
        PersonIdent actor) {
      this(List.of(source), into, task, stage, dryRun, actor);
    }

    /** The first source, the only one outside a batch. */
    public String source() {
      return sources.get(0);
    }
  }

  /** How a landing ended; each case carries what the caller acts on. */
  public sealed interface Outcome {
    Disposition disposition();
  }

  /**
   * Landed: the target points at the merge, gated and validated.
   *
   * @param merge the merge the target points at (of a batch, the last)
   * @param message that merge's message
   * @param merges every merge landed, oldest first: one, or a batch's chain
   * @param criteria of a phase landing, each criterion met or not; empty otherwise
   * @param notes what the landing did not do and why ({@link #NO_GATE}: no gate ran for its stage)
   */
  @JsonTypeName("landed")
  public record Landed(String target, String merge, List<String> tasks, String message, List<Verdict> gates,
      List<Verdict> validation, List<String> merges, List<String> criteria, List<String> notes) implements Outcome {
    public Landed {
      notes = List.copyOf(notes);
    }

    @Override
    public Disposition disposition() {
      return Disposition.DONE;
    }
  }

  /** What a landing's notes say when the plan has no gate for its stage: {@link Gates#NO_GATE}'s words. */
  public static final String NO_GATE = Gates.NO_GATE;

  /** A dry run: everything up to the gates, nothing moved; {@code notes} as {@link Landed}'s. */
  @JsonTypeName("would-land")
  public record WouldLand(String target, String candidate, List<String> tasks, String message, List<Verdict> gates,
      List<String> criteria, List<String> notes) implements Outcome {
    public WouldLand {
      notes = List.copyOf(notes);
    }

    @Override
    public Disposition disposition() {
      return gates.stream().allMatch(Verdict::passed) ? Disposition.DONE : Disposition.NO;
    }
  }

  /** The policy refuses it; nothing moved. */
  @JsonTypeName("refused")
  public record Refused(List<String> reasons, List<String> criteria) implements Outcome {
    @Override
    public Disposition disposition() {
      return Disposition.NO;
    }
  }

  /** Something outside the command's reach stands in the way (a dependency, a racing target). */
  @JsonTypeName("blocked")
  public record Blocked(List<String> reasons, List<String> criteria) implements Outcome {
    @Override
    public Disposition disposition() {
      return Disposition.BLOCKED;
    }
  }

  /**
   * Git cannot merge it; nothing moved.
   *
   * @param source the source that conflicts
   * @param ahead the sources of its batch merged before it, on top of which it conflicts
   */
  @JsonTypeName("conflicted")
  public record Conflicted(List<Finding.Content> conflicts, String source, List<String> ahead) implements Outcome {
    @Override
    public Disposition disposition() {
      return Disposition.NO;
    }
  }

  /** A gate failed on the candidate; nothing moved and the candidate is gone. */
  @JsonTypeName("gate-failed")
  public record GateFailed(String candidate, List<Verdict> gates, List<String> criteria) implements Outcome {
    @Override
    public Disposition disposition() {
      return Disposition.NO;
    }
  }

  /** It landed, failed its post-merge validation, and was reverted (a batch as a whole). */
  @JsonTypeName("rolled-back")
  public record RolledBack(String target, String merge, Rollback.Done rollback, List<Verdict> validation,
      List<String> criteria) implements Outcome {
    @Override
    public Disposition disposition() {
      return Disposition.NO;
    }
  }

  /**
   * Bad input (in domain words: {@code target}, {@code task}, {@code stage}, {@code source}) or an
   * invalid plan at the target's tip; nothing moved.
   */
  @JsonTypeName("invalid")
  public record Invalid(List<Problem> errors) implements Outcome {
    public Invalid {
      errors = List.copyOf(errors);
    }

    @Override
    public Disposition disposition() {
      return Disposition.INVALID;
    }
  }

  public static Outcome land(Repository repo, EventStore store, MergeEngine engine, Request request, Clock clock,
      Consumer<String> progress) throws IOException {
    String id = Journal.newId(clock);
    Journal journal = new Journal(store, id, clock, request.actor().getEmailAddress());
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      Optional<Outcome> ended = attempt(repo, store, engine, request, clock, progress, journal, attempt);
      if (ended.isPresent() && ended.get() instanceof Invalid && attempt > 1) {
        journal.aborted("the target's plan became invalid while landing");
      }
      if (ended.isPresent()) {
        return ended.get();
      }
      progress.accept("the target moved during the landing: starting again (" + attempt + " of " + ATTEMPTS + ")");
    }
    journal.aborted("the target moved " + ATTEMPTS + " times");
    return new Blocked(List.of("the target moved " + ATTEMPTS + " times while landing; try again"), List.of());
  }

  /**
   * What a step of an attempt gives the next one, or the outcome that ends the landing there.
   * Exactly one of the two is present.
   */
  private record Step<T>(Optional<T> next, Optional<Outcome> end) {
    static <T> Step<T> next(T value) {
      return new Step<>(Optional.of(value), Optional.empty());
    }

    static <T> Step<T> end(Outcome outcome) {
      return new Step<>(Optional.empty(), Optional.of(outcome));
    }
  }

  /** A source resolved: its branch's tip and the tasks it delivers. */
  private record Source(PlanSource.Tip tip, List<Task> tasks) {
    String branch() {
      return tip.branch();
    }
  }

  /**
   * Steps 3 and 4 built the candidate chain.
   *
   * @param candidate the chain's last merge, the commit the target moves to
   * @param merges the chain, oldest first
   * @param message the last merge's message
   */
  private record Chain(ObjectId candidate, List<ObjectId> merges, String message) {}

  /**
   * One attempt from step 1: the outcome that ends the landing, or empty when another landing
   * moved the target first and the landing starts again.
   */
  @SuppressWarnings("try") // the candidate's ref is held by its try block, never read in it
  private static Optional<Outcome> attempt(Repository repo, EventStore store, MergeEngine engine, Request request,
      Clock clock, Consumer<String> progress, Journal journal, int attempt) throws IOException {
    // 1. The target, its tip, and the plan at that tip.
    TargetPlan.Found found = TargetPlan.load(repo, request.into());
    if (found instanceof TargetPlan.Invalid bad) {
      return Optional.of(new Invalid(List.copyOf(bad.errors())));
    }
    PlanSource.Tip target = ((TargetPlan.Loaded) found).tip();
    String targetName = target.branch();
    if (!target.refName().startsWith("refs/heads/")) {
      return Optional.of(invalid("target", "'" + targetName
          + "' is not a local branch: Junction lands only on branches it can move"));
    }
    Plan plan = ((TargetPlan.Loaded) found).plan();
    if (request.task().isPresent() && plan.task(request.task().get()).isEmpty()) {
      return Optional.of(invalid("task", "no task '" + request.task().get() + "' in " + plan.source()
          + DidYouMean.hint(request.task().get(), DidYouMean.tasks(plan))));
    }
    Stage stage = request.stage().orElse(targetName.equals(plan.branches().main()) ? Stage.PHASE : Stage.COMPONENT);
    boolean batch = request.sources().size() > 1;
    if (batch && stage != Stage.INTEGRATION) {
      return Optional.of(invalid("stage", "several sources land together only as an integration batch (spec 1.1, stage 2):"
          + " add --stage integration"));
    }
    if (batch && request.task().isPresent()) {
      return Optional.of(invalid("task", "names the task of a single SOURCE; in a batch each source delivers its own tasks"
          + " (give task ids as sources to pick them)"));
    }
    Map<String, String> merged = History.mergedTasks(repo, target.id());
    Step<List<Source>> resolved = resolve(repo, plan, request, target, stage, merged);
    if (resolved.end().isPresent()) {
      return resolved.end();
    }
    List<Source> sources = resolved.next().get();
    List<Task> allTasks = sources.stream().flatMap(s -> s.tasks().stream()).toList();
    if (attempt == 1) {
      journal.record(new StoreEvent.LandStarted(sources.stream().map(Source::branch).toList(), targetName,
          target.id().name(), stage.word(), allTasks.stream().map(Task::id).toList(), ProcessHandle.current().pid()));
    }
    // 2. Policy.
    Source first = sources.get(0);
    Policy.Evidence evidence = stage != Stage.PHASE ? Policy.Evidence.NONE : new Policy.Evidence(
        History.mergedTasks(repo, first.tip().id()), History.existing(repo, first.tip().id(), Policy.criterionFiles(plan)));
    Policy.Verdict policy = batch
        ? Policy.batch(plan, targetName, sources.stream().map(s -> new Policy.Delivery(s.branch(), s.tasks())).toList(), merged)
        : Policy.check(plan, first.branch(), targetName, stage, first.tasks(), merged, evidence);
    if (!policy.refusals().isEmpty()) {
      journal.aborted(String.join("; ", policy.refusals()));
      return Optional.of(new Refused(policy.refusals(), policy.criteria()));
    }
    if (!policy.blockers().isEmpty()) {
      journal.aborted(String.join("; ", policy.blockers()));
      return Optional.of(new Blocked(policy.blockers(), policy.criteria()));
    }
    // 2, continued. Reviews (spec 7.1): each source's open merge request meets the target's review policy.
    Map<String, Reviews.Request> requests = new LinkedHashMap<>();
    List<String> unreviewed = reviews(repo, store, plan, stage, sources, target, requests);
    if (!unreviewed.isEmpty()) {
      journal.aborted(String.join("; ", unreviewed));
      return Optional.of(new Refused(unreviewed, policy.criteria()));
    }
    // 3, first: interface clashes (spec 3.2, type 2). One with another open branch freezes both until the
    //    coordinator records the agreed resolution; after it they land in the plan's order, and the second's
    //    landing runs the integration (cross-session) gates on its merge too.
    Step<Boolean> clashes = clashes(repo, store, plan, sources, target, merged, clock);
    if (clashes.end().isPresent()) {
      journal.aborted(String.join("; ", ((Blocked) clashes.end().get()).reasons()));
      return clashes.end();
    }
    boolean crossSession = clashes.next().get();
    // 3 and 4. For each source in turn, the conflict check and the candidate merge on top of the one before.
    // A conflict starts (or keeps) spec 3.3's clock for the pair; a clean merge stops it.
    Map<String, dev.junction.plan.RolledBack> rolledBack = stage == Stage.PHASE ? Map.of() : History.rolledBack(repo, target.id());
    Step<Chain> built = chain(repo, engine, plan, stage, sources, target, request.actor(), journal, progress, requests,
        rolledBack, (branch, paths) -> ConflictLog.seen(store, branch, targetName, paths, clock));
    if (built.end().isPresent()) {
      return built.end();
    }
    for (Source s : sources) {
      ConflictLog.cleared(store, s.branch(), targetName, clock);
    }
    Chain chain = built.next().get();
    ObjectId candidate = chain.candidate();
    List<ObjectId> merges = chain.merges();
    String message = chain.message();
    // An invalid plan never reaches a protected branch: the merge's junction.yaml, when the sources change it, must load.
    List<String> planProblems = candidatePlan(repo, candidate, target);
    if (!planProblems.isEmpty()) {
      journal.aborted(String.join("; ", planProblems));
      return Optional.of(new Refused(planProblems, policy.criteria()));
    }
    String candidateRef = CANDIDATES + journal.id();
    journal.record(new StoreEvent.LandCandidate(candidate.name(), candidateRef, target.id().name(),
        merges.stream().map(ObjectId::name).toList()));
    // The candidate's ref lives as long as its gates run: it must be created, and it is deleted however they end.
    try (Refs.Held held = Refs.hold(repo, candidateRef, candidate, request.actor(), "junction land: candidate")) {
      // 5. The stage's gates, from the target's plan, on the candidate: the merge is tested, not the branch.
      //    A phase landing also runs every gate its criteria name, whatever that gate's stages.
      Set<String> evidenceGates = stage == Stage.PHASE ? Policy.criterionGates(plan) : Set.of();
      List<Gate> gates = plan.gates().stream()
          .filter(g -> g.stages().contains(stage) || evidenceGates.contains(g.name())
              || (crossSession && g.stages().contains(Stage.INTEGRATION))).toList();
      boolean failFast = request.failFast() || plan.gating().failFast(targetName);
      List<String> notes = gates.isEmpty() ? List.of(NO_GATE + stage.word()) : List.of();
      notes.forEach(progress);
      List<Verdict> verdicts = Gates.runGates(repo, store, gates, candidate, target.id(), targetName,
          /* onTarget= */ false, /* rerun= */ false, failFast, clock, progress);
      List<String> criteria = stage != Stage.PHASE ? List.of() : Policy.criteria(plan, first.branch(), evidence,
          verdicts.stream().collect(Collectors.toMap(Verdict::gate, Verdict::passed, (a, b) -> a && b)));
      journal.record(new StoreEvent.LandGated(verdicts.stream().allMatch(Verdict::passed)));
      if (!verdicts.stream().allMatch(Verdict::passed)) {
        journal.aborted("gates failed");
        return Optional.of(new GateFailed(candidate.name(), verdicts, criteria));
      }
      List<String> ids = allTasks.stream().map(Task::id).toList();
      if (request.dryRun()) {
        journal.aborted("dry run");
        return Optional.of(new WouldLand(targetName, candidate.name(), ids, message, verdicts, criteria, notes));
      }
      // 6. The policy again, right before the compare-and-swap: a request-changes review or a close
      //    recorded while the gates ran stops the landing (the plan and the target are those of step 1,
      //    or the swap fails).
      List<String> recheck = recheck(repo, store, plan, stage, sources, target, requests);
      if (!recheck.isEmpty()) {
        journal.aborted(String.join("; ", recheck));
        return Optional.of(new Refused(recheck, criteria));
      }
      //    Compare-and-swap from the tip read in step 1: the whole batch, or nothing.
      journal.record(new StoreEvent.LandMoving(target.id().name(), candidate.name()));
      Refs.Swap swap = Refs.compareAndSwap(repo, target.refName(), target.id(), candidate, request.actor(),
          "junction land: " + (batch ? "integration batch of " + merges.size() + " merges, the last " : "")
              + message.lines().findFirst().orElse(""));
      if (!swap.isMoved()) {
        journal.record(new StoreEvent.LandRetry(swap.name()));
        return Optional.empty();
      }
      journal.record(new StoreEvent.LandMoved(candidate.name()));
      progress.accept("landed " + candidate.abbreviate(10).name() + " on " + targetName
          + (batch ? " (" + merges.size() + " merges)" : ""));
      // 7. Post-merge validation on the target; a failure reverts everything this landing brought.
      List<Gate> validation = plan.gates().stream().filter(Gate::postMerge).toList();
      List<Verdict> validated = Gates.runGates(repo, store, validation, candidate, target.id(), targetName,
          /* onTarget= */ true, /* rerun= */ false, failFast, clock, progress);
      if (!validated.stream().allMatch(Verdict::passed)) {
        progress.accept("post-merge validation failed: rolling back");
        Rollback.Outcome rolled = Rollback.revert(repo, store, plan, targetName, merges, "post-merge validation failed: "
            + String.join("; ", validated.stream().filter(v -> !v.passed()).flatMap(v -> v.reasons().stream()).toList()),
            validated, request.actor(), clock);
        journal.record(new StoreEvent.LandRolledBack(candidate.name(), false));
        if (rolled instanceof Rollback.Done done) {
          return Optional.of(new RolledBack(targetName, candidate.name(), done, validated, criteria));
        }
        return Optional.of(new Blocked(List.of("post-merge validation failed and the revert could not land: " + rolled),
            criteria));
      }
      // The requests end before the journal does: a crash in between leaves the landing open, and resume ends them.
      for (Reviews.Request landed : requests.values()) {
        Requests.landed(store, landed, candidate.name(), request.actor(), clock);
      }
      journal.record(new StoreEvent.LandDone(candidate.name(), false));
      return Optional.of(new Landed(targetName, candidate.name(), ids, message, verdicts, validated,
          merges.stream().map(ObjectId::name).toList(), criteria, notes));
    }
  }

  /**
   * Step 3's interface clashes: each clash of a source with another open branch is recorded
   * (once); an unresolved one ends the landing, blocked ("frozen"), naming the clash and the
   * command that resolves it; a resolved one whose other branch comes first in the plan's order
   * and has not landed ends it too. Answers whether a resolved clash's other branch has landed
   * already, so this merge is the one the cross-session gates must test.
   */
  private static Step<Boolean> clashes(Repository repo, EventStore store, Plan plan, List<Source> sources,
      PlanSource.Tip target, Map<String, String> merged, Clock clock) throws IOException {
    List<String> frozen = new ArrayList<>();
    boolean crossSession = false;
    List<String> order = dev.junction.plan.TaskGraph.of(plan).order();
    for (Source source : sources) {
      Set<String> now = new java.util.HashSet<>();
      for (Finding.Interface f : dev.junction.conflict.Check.clashes(repo, target, source.tip(), Optional.of(plan))) {
        Clashes.seen(store, source.branch(), f.otherBranch(), f.path(), f.declaration(), target.branch(), "land", clock);
        now.add(Clashes.subject(source.branch(), f.otherBranch(), f.path(), f.declaration()));
      }
      for (Clashes.Clash c : Clashes.all(store)) {
        // An unresolved clash freezes while it holds: one side may have dropped its change since it was seen.
        if (!c.involves(source.branch())
            || (c.resolution().isEmpty() && !now.contains(Clashes.subject(c.a(), c.b(), c.path(), c.declaration())))) {
          continue;
        }
        String other = c.other(source.branch());
        Optional<PlanSource.Tip> otherTip = PlanSource.resolve(repo, other);
        boolean otherLanded = otherTip.isPresent()
            && BranchScan.mergeBases(repo, target.id(), otherTip.get().id()).equals(List.of(otherTip.get().id()));
        if (otherLanded || otherTip.isEmpty()) {
          crossSession |= c.resolution().isPresent() && otherLanded;
          continue;
        }
        if (c.resolution().isEmpty()) {
          frozen.add("frozen: interface clash on " + c.where() + " with " + other + " (clash " + c.id()
              + "); resolve with `junction clash resolve " + c.id() + " --agreed \"WHAT WAS AGREED\"` (a coordinator)");
          continue;
        }
        int mine = position(order, source.tasks());
        int theirs = position(order, tasks(repo, plan, otherTip.get(), target, Optional.empty(), merged));
        if (theirs < mine) {
          frozen.add("interface clash " + c.id() + " on " + c.where() + " was resolved (" + c.resolution().get().agreed()
              + "): " + other + " lands first, in the plan's order; then " + source.branch());
        }
      }
    }
    return frozen.isEmpty() ? Step.next(crossSession) : Step.end(new Blocked(frozen, List.of()));
  }

  /** The earliest place of {@code tasks} in the plan's merge order; past the end for none. */
  private static int position(List<String> order, List<Task> tasks) {
    return tasks.stream().mapToInt(t -> order.indexOf(t.id())).filter(i -> i >= 0).min().orElse(Integer.MAX_VALUE);
  }

  /** Step 1 for the sources: each resolved to its branch and tasks, or why the request is invalid. */
  private static Step<List<Source>> resolve(Repository repo, Plan plan, Request request, PlanSource.Tip target, Stage stage,
      Map<String, String> merged) throws IOException {
    List<Source> sources = new ArrayList<>();
    for (String wanted : request.sources()) {
      Optional<Task> named = plan.task(wanted);
      String sourceName = named.flatMap(t -> PlanView.branchOf(plan, t)).orElse(wanted);
      Optional<PlanSource.Tip> tip = PlanSource.resolve(repo, sourceName);
      if (tip.isEmpty()) {
        return Step.end(invalid("source", "no branch or task '" + wanted + "'"
            + DidYouMean.hint(wanted, DidYouMean.tasksThenBranches(plan, PlanSource.branchNames(repo)))));
      }
      if (sources.stream().anyMatch(s -> s.branch().equals(tip.get().branch()))) {
        return Step.end(invalid("source", "'" + wanted + "' is branch " + tip.get().branch()
            + ", which this batch lands already: give each branch once"));
      }
      List<Task> tasks = stage == Stage.PHASE ? List.of()
          : tasks(repo, plan, tip.get(), target, named.or(() -> request.task().flatMap(plan::task)), merged);
      sources.add(new Source(tip.get(), tasks));
    }
    return Step.next(sources);
  }

  /**
   * Steps 3 and 4: each source merged, in order, on top of the merge of the one before (the first on
   * the target's tip); a conflict, or a source that brings nothing, ends the landing.
   */
  private static Step<Chain> chain(Repository repo, MergeEngine engine, Plan plan, Stage stage, List<Source> sources,
      PlanSource.Tip target, PersonIdent actor, Journal journal, Consumer<String> progress,
      Map<String, Reviews.Request> requests, Map<String, dev.junction.plan.RolledBack> rolledBack,
      java.util.function.BiConsumer<String, List<String>> conflicts) throws IOException {
    boolean batch = sources.size() > 1;
    ObjectId head = target.id();
    List<ObjectId> merges = new ArrayList<>();
    List<String> ahead = new ArrayList<>();
    String message = "";
    for (Source source : sources) {
      progress.accept("checking " + source.branch() + " against " + target.branch()
          + (ahead.isEmpty() ? "" : " after " + String.join(", ", ahead)));
      // A rolled-back task lands again on the target with its revert taken out (spec 8.2, "re-merged with fix").
      Optional<Map.Entry<String, dev.junction.plan.RolledBack>> reland = source.tasks().stream().map(Task::id)
          .filter(rolledBack::containsKey).findFirst().map(id -> Map.entry(id, rolledBack.get(id)));
      ObjectId onto = head;
      if (reland.isPresent()) {
        String task = reland.get().getKey();
        String revert = reland.get().getValue().revert().substring(0, 10);
        Reland.Base base = Reland.base(repo, head, reland.get().getValue(), source.tip().id(), actor);
        if (base instanceof Reland.NothingNew nothing) {
          String why = task + " was rolled back (" + nothing.reason() + "): commit the fix on " + source.branch()
              + ", then land " + task + " again";
          journal.aborted(why);
          return Step.end(new Refused(List.of(why), List.of()));
        }
        if (base instanceof Reland.Impossible impossible) {
          String why = task + " cannot land again: " + impossible.reason();
          journal.aborted(why);
          return Step.end(new Refused(List.of(why), List.of()));
        }
        onto = ((Reland.Onto) base).onto();
        progress.accept(task + " was rolled back by " + revert + ": landing it again with the fix"
            + (((Reland.Onto) base).restored() ? ", its reverted work restored" : " (the branch holds the revert)"));
      }
      MergeResult dry = engine.merge(onto, source.tip().id());
      if (!dry.clean() || dry.tree().isEmpty()) {
        journal.aborted("conflicts: " + String.join(", ", dry.paths())
            + (batch ? " (merging " + source.branch() + ")" : ""));
        conflicts.accept(source.branch(), dry.paths());
        return Step.end(new Conflicted(dry.conflicts().stream()
            .map(c -> new Finding.Content(c.path(), c.kind(), c.related(), c.message(), List.of())).toList(),
            source.branch(), List.copyOf(ahead)));
      }
      if (dry.tree().get().equals(History.treeOf(repo, head)) && reland.isPresent()) {
        String task = reland.get().getKey();
        String why = task + " was rolled back (nothing fixed since rollback "
            + reland.get().getValue().revert().substring(0, 10) + ": " + source.branch() + " brings nothing "
            + target.branch() + " does not hold): commit the fix on " + source.branch() + ", then land " + task + " again";
        journal.aborted(why);
        return Step.end(new Refused(List.of(why), List.of()));
      }
      if (dry.tree().get().equals(History.treeOf(repo, head))) {
        String why = source.branch() + " brings nothing " + target.branch()
            + (ahead.isEmpty() ? "" : " with " + String.join(", ", ahead) + " merged") + " does not hold already"
            + " (a merge of it that was reverted keeps its commits in the history): revert the revert,"
            + " or land the work as new commits";
        journal.aborted(why);
        return Step.end(new Refused(List.of(why), List.of()));
      }
      message = message(plan, stage, source.tasks(), source.tip(), target.branch(),
          batch ? Optional.of((merges.size() + 1) + " of " + sources.size() + " in an integration batch") : Optional.empty(),
          Optional.ofNullable(requests.get(source.branch())).map(Reviews.Request::number));
      if (reland.isPresent()) {
        message = message + Trailers.RELAND + ": " + reland.get().getValue().revert() + "\n";
      }
      try (Commits.Writer writer = Commits.writer(repo)) {
        head = writer.merge(dry.tree().get(), head, source.tip().id(), message, actor);
      }
      merges.add(head);
      ahead.add(source.branch());
    }
    return Step.next(new Chain(head, List.copyOf(merges), message));
  }

  /**
   * Step 6's re-check of step 2's reviews, with what the store says now: each request found then
   * must still be open and meet the policy for the commits merged, and a source that had none must
   * still need none.
   */
  static List<String> recheck(Repository repo, EventStore store, Plan plan, Stage stage, List<Source> sources,
      PlanSource.Tip target, Map<String, Reviews.Request> found) throws IOException {
    List<String> missing = new ArrayList<>();
    for (Reviews.Request r : found.values()) {
      Reviews.Request now = store.reviews().request(r.number()).orElse(r);
      if (!now.isOpen()) {
        missing.add("request #" + r.number() + " was " + now.state() + " while the gates ran: nothing landed");
      }
    }
    if (!missing.isEmpty()) {
      return missing;
    }
    List<String> now = reviews(repo, store, plan, stage, sources, target, new LinkedHashMap<>());
    if (!now.isEmpty()) {
      missing.add("the review policy no longer holds after the gates ran (reviews recorded meanwhile): nothing landed");
      missing.addAll(now);
    }
    return missing;
  }

  /**
   * What the review policy still misses for each source: its open merge request into the target
   * (found by branches) must meet {@link ReviewRules} for the commit the landing merges; a source
   * without one is refused when the plan asks approvals for what it delivers ({@link
   * ReviewRules#types}: its task's type, the stage). The requests found are put in {@code found}.
   */
  static List<String> reviews(Repository repo, EventStore store, Plan plan, Stage stage, List<Source> sources,
      PlanSource.Tip into, Map<String, Reviews.Request> found) throws IOException {
    String target = into.branch();
    List<String> missing = new ArrayList<>();
    for (Source source : sources) {
      Optional<Reviews.Request> open = store.reviews().openRequest(source.branch(), target);
      if (open.isEmpty()) {
        String type = stage.word();
        List<String> types = new ArrayList<>(List.of(type));
        if (source.tasks().isEmpty()) {
          types.addAll(ReviewRules.types(plan, source.branch(), target, Optional.empty(), Optional.of(stage)));
        }
        for (Task t : source.tasks()) {
          types.addAll(ReviewRules.types(plan, source.branch(), target, Optional.of(t), Optional.of(stage)));
        }
        for (String t : types) {
          if (ReviewRules.required(plan, t) > ReviewRules.required(plan, type)) {
            type = t;
          }
        }
        int required = ReviewRules.required(plan, type);
        List<PlanFiles.Hit> planFiles = planFiles(repo, plan, source, target);
        if (!planFiles.isEmpty() && !Policy.sessionOf(plan, source.branch())
            .filter(s -> s.roles().contains(dev.junction.plan.Role.COORDINATOR)).isPresent()) {
          missing.add(source.branch() + " " + ReviewRules.planChangeMessage(plan, planFiles) + ", and there is no open"
              + " merge request from " + source.branch() + " into " + target + " to approve: open one with junction mr open "
              + source.branch() + (target.equals(plan.branches().coordination()) ? "" : " --into " + target));
        } else if (required > 0) {
          missing.add("no open merge request from " + source.branch() + " into " + target + ": a " + type + " landing needs "
              + required + " approval" + (required == 1 ? "" : "s") + " (review.min_approvals." + type + "); open one with"
              + " junction mr open " + source.branch() + (target.equals(plan.branches().coordination()) ? "" : " --into " + target));
        }
        continue;
      }
      Reviews.Request r = open.get();
      if (r.task().isPresent() && source.tasks().stream().noneMatch(t -> t.id().equals(r.task().get()))) {
        missing.add("request #" + r.number() + " is for " + r.task().get() + ", but this landing delivers "
            + String.join(", ", source.tasks().stream().map(Task::id).toList()) + ": close it or land " + r.task().get());
        continue;
      }
      Requests.Status status = Requests.status(repo, store, plan, r, source.tip().id(), into.id(), Optional.of(stage));
      status.policy().missing().forEach(m -> missing.add("request #" + r.number() + ": " + m));
      // The plan-change rule once more over every path the source touches (a rename's old path too).
      List<String> planPaths = planFiles(repo, plan, source, target).stream().map(PlanFiles.Hit::path).toList();
      ReviewRules.evaluate(plan, r, status.reviews(), List.of(),
          new ReviewRules.Change(Optional.of(source.tip().id().name()), planPaths, r.lines()), Optional.empty()).missing().stream()
          .filter(m -> m.startsWith(ReviewRules.PLAN_CHANGE)).map(m -> "request #" + r.number() + ": " + m)
          .filter(m -> !missing.contains(m)).forEach(missing::add);
      found.put(source.branch(), r);
    }
    return missing;
  }

  /**
   * What is wrong with the {@code junction.yaml} a candidate merge would put on the target, when it
   * differs from the target's: every problem by file, line and field, or its absence.
   */
  static List<String> candidatePlan(Repository repo, ObjectId candidate, PlanSource.Tip target) throws IOException {
    Optional<ObjectId> before = PlanSource.blob(repo, target.id(), Plan.FILE_NAME);
    Optional<ObjectId> after = PlanSource.blob(repo, candidate, Plan.FILE_NAME);
    if (after.equals(before)) {
      return List.of();
    }
    String label = target.branch() + ":" + Plan.FILE_NAME + "@" + candidate.abbreviate(10).name(); // the candidate's
    if (after.isEmpty()) {
      return List.of(label + ": the merge removes " + Plan.FILE_NAME + " from " + target.branch()
          + ": an invalid plan never reaches a protected branch");
    }
    PlanLoad load = PlanSource.load(repo, after.get(), label);
    if (load instanceof PlanLoad.Invalid invalid) {
      List<String> out = new ArrayList<>(invalid.errors().stream().map(Object::toString).toList());
      out.add("the merge would put an invalid " + Plan.FILE_NAME + " on " + target.branch() + " (problems above): fix it"
          + " on the source branch");
      return out;
    }
    return List.of();
  }

  /**
   * The plan files ({@link PlanFiles}) a source changes against the target: every path its
   * commits since the merge base touch, a rename's old and new path both.
   */
  static List<PlanFiles.Hit> planFiles(Repository repo, Plan plan, Source source, String target) throws IOException {
    Optional<PlanSource.Tip> tip = PlanSource.resolve(repo, target);
    if (tip.isEmpty()) {
      return List.of();
    }
    return PlanFiles.touched(plan, new java.util.TreeSet<>(BranchScan.measure(repo, source.tip(), tip.get().id())
        .changedPaths()));
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
    return message(plan, stage, tasks, source, target, Optional.empty());
  }

  /** The merge message, saying where in its batch the merge is ({@code 2 of 3 in an integration batch}). */
  static String message(Plan plan, Stage stage, List<Task> tasks, PlanSource.Tip source, String target,
      Optional<String> place) {
    return message(plan, stage, tasks, source, target, place, Optional.empty());
  }

  /** The merge message with the {@code Junction-Request} trailer of the merge request it lands, if any. */
  static String message(Plan plan, Stage stage, List<Task> tasks, PlanSource.Tip source, String target,
      Optional<String> place, Optional<Long> request) {
    StringBuilder m = new StringBuilder();
    if (tasks.isEmpty()) {
      m.append("chore(release): Merge ").append(source.branch()).append(" into ").append(target).append('\n');
    } else {
      Task first = tasks.get(0);
      String ids = String.join(", ", tasks.stream().map(Task::id).toList());
      m.append(Conventions.type(first)).append('(').append(Conventions.scope(first)).append("): Merge ")
          .append(tasks.size() == 1 ? first.title() : tasks.size() + " tasks").append(" [").append(ids).append("]\n");
    }
    m.append("\nLanded by Junction from ").append(source.branch()).append(" (").append(source.id().abbreviate(10).name())
        .append(")").append(place.map(p -> ", " + p).orElse("")).append(".\n\n");
    for (Task t : tasks) {
      m.append(Trailers.TASK).append(": ").append(t.id()).append('\n');
    }
    tasks.stream().map(Task::owner).distinct().forEach(s -> m.append(Trailers.SESSION).append(": ").append(s).append('\n'));
    m.append(Trailers.STAGE).append(": ").append(stage.word()).append('\n');
    request.ifPresent(n -> m.append(Trailers.REQUEST).append(": ").append(n).append('\n'));
    return m.toString();
  }

  /** Bad input, in domain words: the CLI names the flag, the server the field. */
  private static Invalid invalid(String field, String message) {
    return new Invalid(List.of(new InputError(field, message)));
  }

  /** The identity of a plan member or the acting user, for commits Junction writes. */
  public static PersonIdent ident(String name, String email, Clock clock) {
    return new PersonIdent(name, email, clock.instant(), ZoneOffset.UTC);
  }
}
