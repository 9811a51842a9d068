package dev.junction.app;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.junction.git.BranchScan;
import dev.junction.git.PlanSource;
import dev.junction.git.TargetPlan;
import dev.junction.plan.Disposition;
import dev.junction.plan.InputError;
import dev.junction.plan.Member;
import dev.junction.plan.Plan;
import dev.junction.plan.PlanView;
import dev.junction.plan.Role;
import dev.junction.plan.Session;
import dev.junction.review.Clashes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jgit.lib.Repository;

/**
 * Interface clashes (spec 3.2, type 2): the list of those recorded, and the coordinator's record
 * of the agreed resolution, after which both branches land in the plan's order.
 */
public final class ClashService {
  private final Workspace workspace;

  public ClashService(Workspace workspace) {
    this.workspace = Objects.requireNonNull(workspace, "workspace");
  }

  /**
   * {@code view} with the tasks that unresolved clashes freeze read blocked ({@link
   * PlanView#frozen}): the one place the board, {@code plan --json} and STATUS get it from. A
   * clash freezes while it is unresolved, recorded against {@code target}, and both its branches
   * exist and are not merged into the target (as the landing's clash step judges it).
   */
  static PlanView frozen(Workspace workspace, Plan plan, PlanSource.Tip target, PlanView view) throws IOException {
    Optional<dev.junction.store.EventStore> store = workspace.existingStore();
    if (store.isEmpty()) {
      return view;
    }
    Repository repo = workspace.repository();
    List<PlanView.Frozen> frozen = new ArrayList<>();
    for (Clashes.Clash c : Clashes.all(store.get())) {
      if (c.resolution().isPresent() || !c.target().equals(branch(target.branch()))) {
        continue;
      }
      if (open(repo, target, c.a()) && open(repo, target, c.b())) {
        frozen.add(new PlanView.Frozen(c.id(), c.a(), c.b(), c.path(), c.declaration()));
        frozen.add(new PlanView.Frozen(c.id(), c.b(), c.a(), c.path(), c.declaration()));
      }
    }
    return view.frozen(plan, frozen);
  }

  /** Whether {@code branch} exists and the target does not hold its tip. */
  private static boolean open(Repository repo, PlanSource.Tip target, String branch) throws IOException {
    Optional<PlanSource.Tip> tip = PlanSource.resolve(repo, branch);
    return tip.isPresent() && !BranchScan.mergeBases(repo, target.id(), tip.get().id()).equals(List.of(tip.get().id()));
  }

  private static String branch(String name) {
    return name.startsWith("refs/heads/") ? name.substring("refs/heads/".length()) : name;
  }

  /** Every clash recorded, oldest first; none (and no store created) when there is no store. */
  public List<Clashes.Clash> list() throws IOException {
    Optional<dev.junction.store.EventStore> store = workspace.existingStore();
    return store.isEmpty() ? List.of() : Clashes.all(store.get());
  }

  /**
   * Record what was agreed on clash {@code id}.
   *
   * @param agreed the agreed declaration, in a sentence
   * @param as who records it (default: git's identity); must have the coordinator role
   */
  public record Resolve(long id, String agreed, Optional<Actor> as) {
    public Resolve {
      Objects.requireNonNull(agreed, "agreed");
      Objects.requireNonNull(as, "as");
    }
  }

  /** How a resolution ended. */
  public sealed interface ResolveOutcome {
    Disposition disposition();
  }

  /** Recorded: the clash with its resolution. */
  @JsonTypeName("resolved")
  public record Resolved(Clashes.Clash clash) implements ResolveOutcome {
    @Override
    public Disposition disposition() {
      return Disposition.DONE;
    }
  }

  /** Not recorded: the actor is no coordinator, or the clash was resolved already. */
  @JsonTypeName("not-allowed")
  public record NotAllowed(String reason) implements ResolveOutcome {
    @Override
    public Disposition disposition() {
      return Disposition.NO;
    }
  }

  /**
   * Records the agreed resolution, by a coordinator of the plan at the clash's target.
   *
   * @throws InvalidInput for empty {@code agreed}, an unknown {@code id}, an invalid plan at the target
   */
  public ResolveOutcome resolve(Resolve r) throws IOException {
    if (r.agreed().isBlank()) {
      throw new InvalidInput(new InputError("agreed", "say what the sessions agreed on, e.g. the declaration both adopt"));
    }
    List<Clashes.Clash> all = list();
    Optional<Clashes.Clash> clash = all.stream().filter(c -> c.id() == r.id()).findFirst();
    if (clash.isEmpty()) {
      throw new InvalidInput(new InputError("clash", "no interface clash " + r.id() + (all.isEmpty() ? " (none recorded)"
          : "; recorded: " + String.join(", ", all.stream().map(c -> Long.toString(c.id())).toList()))));
    }
    TargetPlan.Found found = TargetPlan.load(workspace.repository(), Optional.of(clash.get().target()));
    if (found instanceof TargetPlan.Invalid bad) {
      throw new InvalidInput(bad.errors());
    }
    Plan plan = ((TargetPlan.Loaded) found).plan();
    Actor actor = workspace.actor(r.as());
    if (!coordinator(plan, actor.email())) {
      return new NotAllowed(actor.email() + " does not have the coordinator role in " + plan.source()
          + ": only a coordinator records the resolution of an interface clash (spec 3.2, type 2)");
    }
    if (clash.get().resolution().isPresent()) {
      return new NotAllowed("clash " + r.id() + " was resolved already by " + clash.get().resolution().get().by() + ": "
          + clash.get().resolution().get().agreed());
    }
    Clashes.resolve(workspace.store(), clash.get(), r.agreed().strip(), actor.email(), workspace.clock());
    return new Resolved(Clashes.byId(workspace.store(), r.id()).orElseThrow());
  }

  private static boolean coordinator(Plan plan, String email) {
    for (Session s : plan.sessions()) {
      for (Member m : s.members()) {
        if (m.email().equalsIgnoreCase(email) && (m.roles().contains(Role.COORDINATOR)
            || s.roles().contains(Role.COORDINATOR))) {
          return true;
        }
      }
    }
    return false;
  }
}
