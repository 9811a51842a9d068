package dev.junction.app;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.junction.git.PlanHistory;
import dev.junction.git.Ranges;
import dev.junction.git.TargetPlan;
import dev.junction.land.EmergencyOverride;
import dev.junction.plan.Disposition;
import dev.junction.plan.InputError;
import dev.junction.plan.Plan;
import dev.junction.protect.Hook;
import dev.junction.report.OverrideLog;
import dev.junction.store.EventStore;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Spec 5.4's emergency override of a protected branch: grant, close, the post-override review, and
 * the list of overrides with what was pushed under each.
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

  /** Which overrides to list: every one, or ({@code all} false) those {@link OverrideLog.Entry#current current}. */
  public record ListInput(boolean all) {}

  /** At most this many commits are listed per push. */
  public static final int COMMITS_PER_PUSH = 50;

  /** The overrides, oldest first, each with its pushes (and their commits), close and reviews. */
  @JsonTypeName("overrides")
  public record Listed(Instant at, boolean all, List<OverrideLog.Entry> overrides) {
    public Listed {
      overrides = List.copyOf(overrides);
    }

    public Disposition disposition() {
      return Disposition.DONE;
    }
  }

  /** The overrides as of the workspace's clock; none when there is no store yet (nothing is created). */
  public Listed list(ListInput input) throws IOException {
    Instant now = workspace.clock().instant();
    Optional<EventStore> store = workspace.existingStore();
    if (store.isEmpty()) {
      return new Listed(now, input.all(), List.of());
    }
    List<OverrideLog.Entry> all = OverrideLog.read(store.get(), now, (from, to) ->
        Ranges.between(workspace.repository(), from, to, COMMITS_PER_PUSH).stream()
            .map(c -> new OverrideLog.Commit(c.id(), c.subject())).toList());
    return new Listed(now, input.all(), input.all() ? all : all.stream().filter(o -> o.current(now)).toList());
  }

  /**
   * The plan at the coordination branch's tip; when that one is missing or invalid, the last valid
   * plan on its first-parent chain, so that an override can still be granted to fix it (the guard
   * refuses an override push that leaves the plan invalid).
   */
  private Plan plan() throws IOException {
    return coordinationPlan(workspace);
  }

  /**
   * The plan the coordination decides by (overrides, tokens): see {@link #plan()}.
   *
   * @throws InvalidInput when there is no valid plan at all
   */
  static Plan coordinationPlan(Workspace workspace) throws IOException {
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
