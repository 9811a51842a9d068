package dev.junction.app;

import dev.junction.git.PlanHistory;
import dev.junction.git.TargetPlan;
import dev.junction.land.EmergencyOverride;
import dev.junction.plan.InputError;
import dev.junction.plan.Plan;
import dev.junction.protect.Hook;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Spec 5.4's emergency override of a protected branch: grant, close, and the post-override review.
 * The plan that decides is the one at the tip of the coordination branch the hub's config names
 * (else the one the work tree's plan names); when that one is missing or invalid, the last valid
 * plan of the branch's first-parent chain.
 */
public final class OverrideService {
  private final Workspace workspace;

  public OverrideService(Workspace workspace) {
    this.workspace = Objects.requireNonNull(workspace, "workspace");
  }

  /**
   * A duration written {@code 90s}, {@code 30m}, {@code 2h} or {@code 1h30m}, from 1 minute to 4
   * hours.
   *
   * @throws InvalidInput naming {@code ttl} for anything else (a number too large to hold included)
   */
  public static Duration ttl(String text) {
    Duration ttl = EmergencyOverride.ttl(text).orElseThrow(() -> new InvalidInput(
        new InputError("ttl", "'" + text + "' is not a duration like 30m, 2h or 1h30m")));
    if (!EmergencyOverride.withinBounds(ttl)) {
      throw new InvalidInput(new InputError("ttl", "'" + text + "' is not " + EmergencyOverride.TTL_BOUNDS));
    }
    return ttl;
  }

  /** Let pushes to {@code branch} through for {@code ttl}, for {@code reason}; by {@code actor}, else git's identity. */
  public record Grant(String branch, String reason, Duration ttl, Optional<Actor> actor) {
    public Grant {
      Objects.requireNonNull(branch, "branch");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(ttl, "ttl");
    }
  }

  /** End the override of {@code branch} now. */
  public record Close(String branch, Optional<Actor> actor) {
    public Close {
      Objects.requireNonNull(branch, "branch");
    }
  }

  /** Record the review of the latest override of {@code branch}, with what it found. */
  public record Review(String branch, String notes, Optional<Actor> actor) {
    public Review {
      Objects.requireNonNull(branch, "branch");
      Objects.requireNonNull(notes, "notes");
    }
  }

  /**
   * Granted (with its record and review due), or not allowed without the coordinator role.
   *
   * @throws InvalidInput for a branch that is not protected, no reason, a length outside 1 minute
   *     to 4 hours, no valid plan
   */
  public EmergencyOverride.Outcome grant(Grant g) throws IOException {
    Plan plan = plan();
    return begun(EmergencyOverride.grant(workspace.repository(), workspace.store(), plan, g.branch(), g.reason(), g.ttl(),
        workspace.ident(g.actor()), workspace.clock()));
  }

  /**
   * Closed, or not allowed without the coordinator role.
   *
   * @throws InvalidInput for no valid plan
   */
  public EmergencyOverride.Outcome close(Close c) throws IOException {
    Plan plan = plan();
    return begun(EmergencyOverride.close(workspace.store(), plan, c.branch(), workspace.ident(c.actor()),
        workspace.clock()));
  }

  /**
   * Reviewed, or not allowed (no override granted there, or its own grantor reviewing).
   *
   * @throws InvalidInput for empty notes, an actor who is no plan member, no valid plan
   */
  public EmergencyOverride.Outcome review(Review r) throws IOException {
    Plan plan = plan();
    return begun(EmergencyOverride.review(workspace.store(), plan, r.branch(), r.notes(), workspace.ident(r.actor()),
        workspace.clock()));
  }

  /**
   * The plan at the coordination branch's tip; when that one is missing or invalid, the last valid
   * plan on its first-parent chain, so that an override can still be granted to fix it (the guard
   * refuses an override push that leaves the plan invalid).
   */
  private Plan plan() throws IOException {
    Optional<String> coordination = Hook.coordination(workspace.repository());
    TargetPlan.Found found = TargetPlan.load(workspace.repository(), coordination);
    if (found instanceof TargetPlan.Loaded loaded) {
      return loaded.plan();
    }
    if (coordination.isPresent()) {
      Optional<PlanHistory.Found> last = PlanHistory.lastValid(workspace.repository(), coordination.get());
      if (last.isPresent()) {
        return last.get().plan();
      }
    }
    if (found instanceof TargetPlan.Invalid invalid) {
      throw new InvalidInput(invalid.errors());
    }
    return ((TargetPlan.Loaded) found).plan();
  }

  private static EmergencyOverride.Outcome begun(EmergencyOverride.Outcome outcome) {
    if (outcome instanceof EmergencyOverride.Invalid invalid) {
      throw new InvalidInput(invalid.errors());
    }
    return outcome;
  }
}
