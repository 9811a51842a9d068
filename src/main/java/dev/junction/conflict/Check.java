package dev.junction.conflict;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.junction.git.BranchScan;
import dev.junction.git.CheckReads;
import dev.junction.git.GitMergeTree;
import dev.junction.git.History;
import dev.junction.git.MergeEngine;
import dev.junction.git.MergeResult;
import dev.junction.git.MergedIn;
import dev.junction.git.PackIndexes;
import dev.junction.git.PlanSource;
import dev.junction.git.Reland;
import dev.junction.git.TargetPlan;
import dev.junction.plan.DidYouMean;
import dev.junction.plan.Disposition;
import dev.junction.plan.InputError;
import dev.junction.plan.Plan;
import dev.junction.plan.PlanView;
import dev.junction.plan.Problem;
import dev.junction.plan.Task;
import dev.junction.plan.TaskGraph;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;

/**
 * The pre-merge check of one branch against a target: what it changes, the dry-run merge, and
 * every finding classified (content, ownership, interface, dependency order). Nothing moves.
 */
public final class Check {
  private Check() {}

  /**
   * What to check.
   *
   * @param into the target (default: the plan's coordination branch)
   * @param task the source's task, when it cannot be told from the paths it changes
   * @param branchPatterns other open branches to compare declarations with, beyond the plan's
   */
  public record Request(String source, Optional<String> into, Optional<String> task, List<String> branchPatterns) {
    public Request {
      branchPatterns = List.copyOf(branchPatterns);
    }
  }

  /** How a check ended. */
  public sealed interface Outcome {
    Disposition disposition();
  }

  /** Bad input: an unknown branch, an invalid plan. Nothing was merged. */
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

  /**
   * The verdict of a check. Ownership findings never change it: they are advice (spec 3.2 type 1
   * asks the sessions to defer to the owner and notify them, which no merge can check), and
   * {@code land} lands such a branch, so {@code check} says clean.
   */
  public enum Verdict {
    CLEAN("clean"), CONFLICT("conflict"), BLOCKED("blocked"),
    /** The target holds the source's tip already: nothing to merge. */
    MERGED("merged"),
    /**
     * {@code land} refuses it: it brings nothing the target does not hold (a rolled-back task with
     * nothing fixed since its rollback), or its rollback cannot be taken out again.
     */
    REFUSED("refused");

    private final String word;

    Verdict(String word) {
      this.word = word;
    }

    @Override
    public String toString() {
      return word;
    }
  }

  /**
   * The report of a check; its field names are the {@code check --json} contract.
   *
   * @param mergeBases every merge base of source and target (several on criss-cross histories)
   * @param changedFiles what the source changes since its merge base with the target
   * @param clean whether git merges the source into the target without conflict
   * @param findings what decides the verdict: content, interface and dependency findings
   * @param ownership paths the source changes that other sessions own: advice for the sessions
   *     (defer to the owner, notify them), never part of the verdict
   * @param notes what the check could not look at, and why
   * @param mergedIn for a source the target holds already (verdict {@code merged}), the commit of
   *     the target's first-parent chain that brought it
   * @param rolledBack when the source's task is rolled back on the target: its revert, and how
   *     {@code junction land TASK} lands it again (the check merged the source as that landing
   *     will: on the target with the revert taken out); {@code changedFiles} are then what that
   *     landing changes on the target
   * @param refused why {@code land} refuses the source (verdict {@code refused})
   * @param planned whether the target's tip has a {@code junction.yaml} (not in the JSON: the notes say so)
   */
  @JsonTypeName("report")
  public record Report(
      String source, String target, String sourceTip, String targetTip, String engine,
      List<String> mergeBases, List<String> changedFiles, boolean clean, Verdict verdict,
      List<Finding> findings, List<Finding.Ownership> ownership, List<String> notes, Optional<String> mergedIn,
      Optional<RolledBack> rolledBack, Optional<String> refused, @JsonIgnore boolean planned)
      implements Outcome {

    public Report {
      mergeBases = List.copyOf(mergeBases);
      changedFiles = List.copyOf(changedFiles);
      findings = List.copyOf(findings);
      ownership = List.copyOf(ownership);
      notes = List.copyOf(notes);
    }

    @Override
    public Disposition disposition() {
      return switch (verdict) {
        case CLEAN, MERGED -> Disposition.DONE;
        case CONFLICT, REFUSED -> Disposition.NO;
        case BLOCKED -> Disposition.BLOCKED;
      };
    }
  }

  /**
   * The source's task that is rolled back on the target (spec 8.2): {@code junction land TASK}
   * lands it again, merging the source on the target with the revert taken out ({@link Reland}).
   *
   * @param merge the landing merge that was reverted
   * @param revert Junction's revert of it
   * @param reason why it was reverted, as the revert says
   * @param restored whether the check merged onto the target with the reverted work restored
   *     (false when the branch merged the revert in since, or nothing can land)
   * @param next what {@code junction land TASK} does now, in a sentence
   */
  public record RolledBack(String task, String merge, String revert, String reason, boolean restored, String next) {}

  private static final PersonIdent SYNTHETIC =
      new PersonIdent("Junction check", "check@junction.invalid", Instant.EPOCH, ZoneOffset.UTC);

  /** Runs the check with {@code engine}, which must belong to {@code repo}. */
  public static Outcome run(Repository repo, MergeEngine engine, Request request) throws IOException {
    // With git merging, git reads the objects too: JGit would load the whole pack index first.
    try (CheckReads reads = engine instanceof GitMergeTree ? CheckReads.viaGit(repo) : CheckReads.jgit(repo)) {
      if (!reads.throughGit()) {
        PackIndexes.load(repo); // while git starts and the refs are read
      }
      return run(reads, engine, request);
    }
  }

  private static Outcome run(CheckReads reads, MergeEngine engine, Request request) throws IOException {
    Repository repo = reads.repository();
    TargetPlan.Located target = TargetPlan.find(reads, request.into());
    if (target instanceof TargetPlan.Invalid bad) {
      return new Invalid(bad.errors());
    }
    PlanSource.Tip targetTip = tip(target);
    Optional<PlanSource.Tip> source = reads.resolve(request.source());
    if (source.isEmpty()) {
      return new Invalid(List.of(new InputError("source", "no branch '" + request.source() + "' in this repository"
          + DidYouMean.hint(request.source(), PlanSource.branchNames(repo)))));
    }
    reads.measureSoon(source.get(), targetTip.id()); // git walks the history while the plan is read
    Optional<Plan> plan = plan(target);
    if (plan.isPresent() && request.task().isPresent() && plan.get().task(request.task().get()).isEmpty()) {
      return new Invalid(List.of(new InputError("task", "no task '" + request.task().get() + "' in " + plan.get().source()
          + DidYouMean.hint(request.task().get(), DidYouMean.tasks(plan.get())))));
    }
    MergeEngine.Pending asked = engine.start(targetTip.id(), source.get().id()); // git merges meanwhile
    if (plan.isPresent() && reads.throughGit()) {
      PackIndexes.load(repo); // the plan's history and the ownership of sessions are read by JGit
    }
    List<String> notes = new ArrayList<>();
    if (plan.isEmpty()) {
      notes.add("no junction.yaml at the tip of " + targetTip.branch()
          + ": ownership (plan and CODEOWNERS) and dependency order are not checked, as there are no sessions");
    }
    BranchScan.Measured measured = reads.measure(source.get(), targetTip.id());
    boolean reverted = false;
    if (measured.mergeBases().equals(List.of(source.get().id()))) {
      // The target holds the source's tip: nothing to merge, unless Junction reverted the merge that brought it.
      MergedIn in = MergedIn.find(repo, source.get().id(), targetTip.id());
      if (in.revert().isEmpty()) {
        return new Report(source.get().branch(), targetTip.branch(), source.get().id().name(), targetTip.id().name(),
            engine.describe(), List.of(source.get().id().name()), List.of(), true, Verdict.MERGED, List.of(), List.of(),
            notes, Optional.of(in.merge().name()), Optional.empty(), Optional.empty(), plan.isPresent());
      }
      reverted = true;
      notes.add(source.get().branch() + " was merged in " + in.merge().abbreviate(10).name() + " and reverted by "
          + in.revert().get().abbreviate(10).name() + ": its commits are in " + targetTip.branch()
          + "'s history, their changes are not");
    }
    MergeResult merge = asked.result();
    // A rolled-back task is checked as `junction land TASK` lands it: on the target with its revert taken out.
    Optional<Map.Entry<Task, dev.junction.plan.RolledBack>> rolled = plan.isEmpty() ? Optional.empty()
        : rolledBackTask(repo, plan.get(), source.get(), targetTip, request.task());
    Optional<RolledBack> relanding = Optional.empty();
    Optional<String> refused = Optional.empty();
    Set<String> changed = new TreeSet<>(measured.changedPaths());
    // Read through JGit only when needed: it would load the whole pack index (git reads the rest).
    ObjectId targetTree = rolled.isPresent() || reverted ? History.treeOf(repo, targetTip.id()) : ObjectId.zeroId();
    if (rolled.isPresent()) {
      String task = rolled.get().getKey().id();
      dev.junction.plan.RolledBack r = rolled.get().getValue();
      String revert = r.revert().substring(0, 10);
      Reland.Base base = Reland.base(repo, targetTip.id(), r, source.get().id(), SYNTHETIC);
      boolean restored = base instanceof Reland.Onto onto && onto.restored();
      String next;
      if (base instanceof Reland.NothingNew nothing) {
        refused = Optional.of(task + " was rolled back (" + nothing.reason() + "): commit the fix on "
            + source.get().branch() + ", then `junction land " + task + "`");
        next = "nothing to land again yet: commit the fix on " + source.get().branch() + ", then `junction land " + task
            + "` lands the reverted work and the fix as one merge";
      } else if (base instanceof Reland.Impossible impossible) {
        refused = Optional.of(task + " cannot land again: " + impossible.reason());
        next = "`junction land " + task + "` refuses it: " + impossible.reason();
      } else {
        Reland.Onto onto = (Reland.Onto) base;
        if (onto.restored()) {
          merge = engine.merge(onto.onto(), source.get().id());
        }
        next = "`junction land " + task + "` lands it again: " + (onto.restored()
            ? "the reverted work restored and the fix, as one merge" : "the branch holds the revert, so as it is");
      }
      if (merge.clean() && merge.tree().isPresent()) {
        changed = new TreeSet<>(History.delta(repo, targetTree, merge.tree().get()).changed());
      }
      if (refused.isEmpty() && merge.clean() && merge.tree().filter(targetTree::equals).isPresent()) {
        refused = Optional.of(task + " was rolled back (nothing fixed since rollback " + revert + ": "
            + source.get().branch() + " brings nothing " + targetTip.branch() + " does not hold): commit the fix on "
            + source.get().branch() + ", then `junction land " + task + "`");
        next = "nothing to land again yet: commit the fix on " + source.get().branch() + ", then `junction land " + task
            + "`";
      }
      relanding = Optional.of(new RolledBack(task, r.merge(), r.revert(), r.reason(), restored, next));
    } else if (reverted && merge.clean() && merge.tree().filter(targetTree::equals).isPresent()) {
      refused = Optional.of(source.get().branch() + " brings nothing " + targetTip.branch() + " does not hold already"
          + " (a merge of it that was reverted keeps its commits in the history): land refuses it; revert the revert,"
          + " or land the work as new commits");
    }
    List<Finding> findings = new ArrayList<>();
    for (MergeResult.Conflict c : merge.conflicts()) {
      findings.add(new Finding.Content(c.path(), c.kind(), c.related(), c.message(), Hunks.of(reads, c.stages())));
    }
    Ownership ownership = Ownership.at(reads, plan, targetTip.id());
    notes.addAll(ownership.notes());
    Optional<String> sourceSession = plan.flatMap(p -> Ownership.sessionOf(p, source.get()));
    List<Finding.Ownership> owned = new ArrayList<>();
    for (String path : changed) {
      ownership.finding(path, sourceSession, plan).ifPresent(owned::add);
    }
    Interfaces.Found interfaces = Interfaces.between(repo, targetTip, measured,
        openBranches(repo, plan, request.branchPatterns(), source.get(), targetTip));
    findings.addAll(interfaces.findings());
    notes.addAll(interfaces.notes());
    List<Finding.Dependency> dependencies = plan.isEmpty() ? List.of()
        : Dependencies.of(plan.get(), History.mergedTasks(repo, targetTip.id()), sourceSession,
            Ownership.branchName(source.get()), request.task(), measured.changedPaths());
    findings.addAll(dependencies);
    Verdict verdict = findings.stream().anyMatch(f -> !(f instanceof Finding.Dependency))
        ? Verdict.CONFLICT
        : refused.isPresent() ? Verdict.REFUSED
        : dependencies.isEmpty() ? Verdict.CLEAN : Verdict.BLOCKED;
    return new Report(source.get().branch(), targetTip.branch(), source.get().id().name(),
        targetTip.id().name(), engine.describe(),
        measured.mergeBases().stream().map(ObjectId::name).toList(),
        List.copyOf(changed), merge.clean(), verdict, findings, owned, notes,
        Optional.empty(), relanding, verdict == Verdict.REFUSED ? refused : Optional.empty(), plan.isPresent());
  }

  /**
   * The interface clashes (spec 3.2, type 2) of {@code source} with the plan's other open branches,
   * as a check finds them: for a landing's conflict step.
   */
  public static List<Finding.Interface> clashes(Repository repo, PlanSource.Tip target, PlanSource.Tip source,
      Optional<Plan> plan) throws IOException {
    BranchScan.Measured measured = BranchScan.measure(repo, source, target.id());
    if (measured.mergeBases().equals(List.of(source.id()))) {
      return List.of(); // the target holds it: nothing of it is left to clash
    }
    return Interfaces.between(repo, target, measured, openBranches(repo, plan, List.of(), source, target)).findings();
  }

  /**
   * The source's task that is rolled back on the target, with its rollback: the task named, or
   * else the first in the plan's order developed on the source branch (its own branch, or its
   * session's), as {@code junction land TASK} resolves it.
   */
  static Optional<Map.Entry<Task, dev.junction.plan.RolledBack>> rolledBackTask(Repository repo, Plan plan,
      PlanSource.Tip source, PlanSource.Tip target, Optional<String> named) throws IOException {
    Map<String, dev.junction.plan.RolledBack> rolledBack = History.rolledBack(repo, target.id());
    if (rolledBack.isEmpty()) {
      return Optional.empty();
    }
    String branch = Ownership.branchName(source);
    List<Task> candidates = named.isPresent() ? named.flatMap(plan::task).stream().toList()
        : TaskGraph.of(plan).order().stream().map(id -> plan.task(id).orElseThrow())
            .filter(t -> PlanView.branchOf(plan, t).filter(branch::equals).isPresent()).toList();
    return candidates.stream().filter(t -> rolledBack.containsKey(t.id())).findFirst()
        .map(t -> Map.entry(t, rolledBack.get(t.id())));
  }

  /** The target's tip, with a plan or without. */
  static PlanSource.Tip tip(TargetPlan.Located target) {
    return target instanceof TargetPlan.Loaded l ? l.tip() : ((TargetPlan.Unplanned) target).tip();
  }

  /** The target's plan; empty when its tip has none. */
  static Optional<Plan> plan(TargetPlan.Located target) {
    return target instanceof TargetPlan.Loaded l ? Optional.of(l.plan()) : Optional.empty();
  }

  /** The other open branches: the plan's session and task branches, and those matching patterns. */
  static List<PlanSource.Tip> openBranches(
      Repository repo, Optional<Plan> plan, List<String> patterns, PlanSource.Tip source, PlanSource.Tip target)
      throws IOException {
    Map<String, PlanSource.Tip> out = new LinkedHashMap<>();
    if (plan.isPresent()) {
      Set<String> names = new TreeSet<>();
      plan.get().sessions().forEach(s -> s.branch().ifPresent(names::add));
      plan.get().tasks().forEach(t -> t.branch().ifPresent(names::add));
      for (String name : names) {
        PlanSource.resolve(repo, name).ifPresent(t -> out.put(t.refName(), t));
      }
    }
    for (String pattern : patterns) {
      BranchScan.matching(repo, pattern).forEach(t -> out.putIfAbsent(t.refName(), t));
    }
    out.remove(source.refName());
    out.remove(target.refName());
    return List.copyOf(out.values());
  }
}
