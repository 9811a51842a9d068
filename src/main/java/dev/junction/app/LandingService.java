package dev.junction.app;

import dev.junction.git.PlanSource;
import dev.junction.git.TargetPlan;
import dev.junction.land.Landing;
import dev.junction.land.Recovery;
import dev.junction.land.Rollback;
import dev.junction.land.Sync;
import dev.junction.plan.DidYouMean;
import dev.junction.plan.InputError;
import dev.junction.plan.Plan;
import dev.junction.plan.Stage;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/**
 * Landing and what moves landed work: land (the pipeline of DESIGN.md), rollback, sync of the
 * coordination branch into a session's branch, and recovery after a crash (resume, doctor). Each
 * operation takes an input record and answers a sealed outcome with a {@code disposition()};
 * input it cannot begin with is thrown as {@link InvalidInput}, in domain words.
 */
public final class LandingService {
  private final Workspace workspace;

  public LandingService(Workspace workspace) {
    this.workspace = Objects.requireNonNull(workspace, "workspace");
  }

  /**
   * What to land.
   *
   * @param sources branches or task ids; several, in merge order, only for an integration batch
   * @param target the branch to land on (default: the coordination branch)
   * @param task the task the source delivers, when it holds several
   * @param stage component, integration or phase (default: phase into main, component elsewhere)
   * @param dryRun stop after the gates: nothing moves
   * @param as who lands (default: git's identity)
   */
  public record LandInput(List<String> sources, Optional<String> target, Optional<String> task, Optional<Stage> stage,
      boolean dryRun, Optional<Actor> as, boolean failFast) {
    /** Every gate runs, whatever fails (unless the plan's {@code gating.fail_fast} says otherwise). */
    public LandInput(List<String> sources, Optional<String> target, Optional<String> task, Optional<Stage> stage,
        boolean dryRun, Optional<Actor> as) {
      this(sources, target, task, stage, dryRun, as, false);
    }

    public LandInput {
      sources = List.copyOf(sources);
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(task, "task");
      Objects.requireNonNull(stage, "stage");
      Objects.requireNonNull(as, "as");
    }
  }

  /**
   * Lands {@code input}'s sources; {@code progress} hears each step.
   *
   * @throws InvalidInput no source, an unknown source, task, stage or target, or an invalid plan at the
   *     target's tip (also when the plan turns invalid while landing: nothing has moved then either)
   */
  public Landing.Outcome land(LandInput input, Consumer<String> progress) throws IOException {
    if (input.sources().isEmpty()) {
      throw new InvalidInput(new InputError("source", "name a branch or task to land"));
    }
    Landing.Outcome outcome = Landing.land(workspace.repository(), workspace.store(), workspace.engine(),
        new Landing.Request(input.sources(), input.target(), input.task(), input.stage(), input.dryRun(),
            workspace.ident(input.as()), input.failFast()), workspace.clock(), progress);
    if (outcome instanceof Landing.Invalid invalid) {
      throw new InvalidInput(invalid.errors());
    }
    return outcome;
  }

  /**
   * What to roll back.
   *
   * @param merge the merge commit to revert (any revision that names it)
   * @param reason why: goes into the revert and the root-cause document
   * @param target the branch it landed on (default: the coordination branch)
   * @param as who rolls back (default: git's identity)
   */
  public record RollbackInput(String merge, String reason, Optional<String> target, Optional<Actor> as) {
    public RollbackInput {
      Objects.requireNonNull(merge, "merge");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(as, "as");
    }
  }

  /**
   * Reverts a landed merge (first parent kept) on its target by compare-and-swap, with a rollback
   * event and a root-cause document.
   *
   * @throws InvalidInput no such commit ({@code merge}), an unknown target, or an invalid plan
   */
  public Rollback.Outcome rollback(RollbackInput input) throws IOException {
    Repository repo = workspace.repository();
    ObjectId id = repo.resolve(input.merge() + "^{commit}");
    if (id == null) {
      throw new InvalidInput(new InputError("merge", "no commit '" + input.merge() + "' in this repository"));
    }
    TargetPlan.Loaded target = target(input.target());
    return Rollback.revert(repo, workspace.store(), target.plan(), target.tip().branch(), id, input.reason(), List.of(),
        workspace.ident(input.as()), workspace.clock());
  }

  /**
   * What to sync.
   *
   * @param session a session id or its branch
   * @param as who syncs (default: git's identity)
   */
  public record SyncInput(String session, Optional<String> into, Optional<Actor> as) {
    public SyncInput {
      Objects.requireNonNull(session, "session");
      Objects.requireNonNull(into, "into");
      Objects.requireNonNull(as, "as");
    }

    public SyncInput(String session, Optional<Actor> as) {
      this(session, Optional.empty(), as);
    }
  }

  /**
   * Merges the coordination branch into the session's branch; only coordination is ever merged
   * into a session branch.
   *
   * @throws InvalidInput no session of that name with an existing branch ({@code session}), no
   *     coordination branch, or an invalid plan
   */
  public Sync.Outcome sync(SyncInput input) throws IOException {
    Repository repo = workspace.repository();
    TargetPlan.Loaded target = target(input.into());
    Plan plan = target.plan();
    Optional<String> branch = Sync.session(plan, input.session()).flatMap(s -> s.branch());
    Optional<PlanSource.Tip> tip = branch.isEmpty() ? Optional.empty() : PlanSource.resolve(repo, branch.get());
    if (tip.isEmpty()) {
      throw new InvalidInput(new InputError("session",
          "no session '" + input.session() + "' with an existing branch in " + plan.source()
          + DidYouMean.hint(input.session(), plan.sessions().stream().filter(s -> s.branch().isPresent())
              .map(s -> s.id()).toList())));
    }
    String coordinationName = plan.branches().coordination();
    if (input.into().isPresent()) {
      // Only coordination is merged into a session branch: here, or a remote's copy of it.
      String into = input.into().get();
      if (!into.equals(coordinationName) && !into.endsWith("/" + coordinationName)) {
        throw new InvalidInput(new InputError("target", "'" + into + "' is not the coordination branch '"
            + coordinationName + "' of " + plan.source() + ": sync merges only coordination into a session branch"));
      }
      return Sync.run(repo, workspace.engine(), target.tip(), tip.get(), workspace.ident(input.as()));
    }
    Optional<PlanSource.Tip> coordination = PlanSource.resolve(repo, coordinationName);
    if (coordination.isEmpty()) {
      throw new InvalidInput(new InputError("target",
          "the coordination branch '" + coordinationName + "' of " + plan.source() + " does not exist"));
    }
    return Sync.run(repo, workspace.engine(), coordination.get(), tip.get(), workspace.ident(input.as()));
  }

  /**
   * Who resumes.
   *
   * @param as who completes or undoes the landings (default: git's identity)
   */
  public record ResumeInput(Optional<Actor> as) {
    public ResumeInput {
      Objects.requireNonNull(as, "as");
    }
  }

  /**
   * Completes or undoes the landings a crash interrupted and removes what crashes left: candidate
   * refs, gate scratch copies, stale ref locks.
   */
  public Recovery.Resumed resume(ResumeInput input, Consumer<String> progress) throws IOException {
    return Recovery.resume(workspace.repository(), workspace.store(), workspace.ident(input.as()), workspace.clock(),
        progress);
  }

  /** Lists what crashes left, changing nothing: "no" when there is something to resume. */
  public Recovery.Found doctor() throws IOException {
    return Recovery.doctor(workspace.repository(), workspace.store(), workspace.clock());
  }

  private TargetPlan.Loaded target(Optional<String> name) throws IOException {
    TargetPlan.Found found = TargetPlan.load(workspace.repository(), name);
    if (found instanceof TargetPlan.Invalid bad) {
      throw new InvalidInput(bad.errors());
    }
    return (TargetPlan.Loaded) found;
  }
}
