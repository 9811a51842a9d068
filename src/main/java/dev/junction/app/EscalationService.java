package dev.junction.app;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.junction.git.TargetPlan;
import dev.junction.land.EmergencyOverride;
import dev.junction.plan.Disposition;
import dev.junction.plan.Plan;
import dev.junction.review.ConflictLog;
import dev.junction.review.Escalations;
import dev.junction.store.EventCodec;
import dev.junction.store.EventStore;
import dev.junction.store.Reviews;
import dev.junction.store.StoreEvent;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What is overdue now (spec 3.3's conflicts, spec 7.4's reviews, spec 5.4's override reviews),
 * each level reached recorded once as an {@code escalation} event, and the backup reviewer a
 * level names assigned in the same run. Without a store nothing can be due, and none is created.
 */
public final class EscalationService {
  /** Payloads are compact JSON, as the store has always held them. */

  private final Workspace workspace;

  public EscalationService(Workspace workspace) {
    this.workspace = Objects.requireNonNull(workspace, "workspace");
  }

  /** @param target the branch whose plan names members and roles (default: the coordination branch) */
  public record Input(Optional<String> target) {
    public Input {
      Objects.requireNonNull(target, "target");
    }
  }

  /** How looking for what is due ended. */
  public sealed interface Outcome {
    Disposition disposition();
  }

  /**
   * What is due at {@code at}, in the order found: requests and conflicts, then override reviews.
   *
   * @param notes why nothing could be due ({@link #NO_PLAN}: the target has no plan); empty otherwise
   */
  @JsonTypeName("escalated")
  public record Escalated(Instant at, List<Due> due, List<String> notes) implements Outcome {
    public Escalated {
      due = List.copyOf(due);
      notes = List.copyOf(notes);
    }

    public Escalated(Instant at, List<Due> due) {
      this(at, due, List.of());
    }

    /** DONE when nothing is due, NO when something is. */
    @Override
    public Disposition disposition() {
      return due.isEmpty() ? Disposition.DONE : Disposition.NO;
    }
  }

  /**
   * One level reached, as recorded.
   *
   * @param subject the escalation event's subject, unique per level reached
   * @param level the level's word ({@code ping}, {@code backup}, {@code cross-session}...)
   * @param request the request's number; empty for a conflict or an override
   * @param sessions the sessions it concerns, sorted
   * @param assigned the backup reviewer assigned by this run
   * @param recorded whether this run recorded the level (it is new)
   */
  public record Due(String subject, String level, String about, Optional<Long> request, Instant waitingSince,
      Instant since, List<String> who, String action, List<String> sessions, Optional<String> assigned,
      @JsonProperty("new") boolean recorded) {
    public Due {
      who = List.copyOf(who);
      sessions = List.copyOf(sessions);
    }
  }

  /**
   * What {@code escalations} says of a target whose tip has no {@code junction.yaml}, followed by
   * the target's name: no plan names members, roles or review times, so nothing can be due.
   */
  public static final String NO_PLAN = "no junction.yaml at the tip of ";

  /**
   * Finds what is due now and records each level once. A target without a plan has nothing due
   * (and no conflict clock: {@link ConflictService#NO_CLOCK}); the answer says why ({@link #NO_PLAN}).
   *
   * @throws InvalidInput when there is no target, or its plan is there but invalid
   */
  public Escalated escalate(Input input) throws IOException {
    Instant now = workspace.clock().instant().truncatedTo(ChronoUnit.SECONDS);
    TargetPlan.Located found = TargetPlan.find(workspace.repository(), input.target());
    if (found instanceof TargetPlan.Invalid invalid) {
      throw InvalidInput.of(invalid.errors());
    }
    if (found instanceof TargetPlan.Unplanned unplanned) {
      return new Escalated(now, List.of(), List.of(NO_PLAN + unplanned.tip().branch()
          + ": no plan names members, roles or review times, so nothing escalates"));
    }
    Plan plan = ((TargetPlan.Loaded) found).plan();
    Optional<EventStore> existing = workspace.existingStore();
    if (existing.isEmpty()) {
      return new Escalated(now, List.of());
    }
    EventStore store = existing.get();
    List<Due> due = new ArrayList<>();
    for (Escalations.Escalation e : Escalations.due(plan, pending(store), ConflictLog.open(store), now)) {
      due.add(record(store, e, now));
    }
    for (Escalations.Escalation e : Escalations.overrides(plan, EmergencyOverride.unreviewed(store), now)) {
      due.add(record(store, e, now));
    }
    return new Escalated(now, due);
  }

  /** Every open request with its reviews and assignments. */
  static List<Escalations.Pending> pending(EventStore store) {
    Reviews reviews = store.reviews();
    return reviews.requests(Optional.of("open")).stream()
        .map(r -> new Escalations.Pending(r, reviews.reviews(r.number()), reviews.assignments(r.number()))).toList();
  }

  /** Appends the level's event unless it was recorded already, and assigns the backup reviewer it chose. */
  private static Due record(EventStore store, Escalations.Escalation e, Instant now) {
    boolean recorded = store.appendOnce(now, e.subject(), Optional.empty(),
        new StoreEvent.EscalationReached(e.level().word(), e.about(), e.since(), e.who(), e.action()));
    Optional<String> assigned = Optional.empty();
    if (e.assign().isPresent() && e.request().isPresent()) {
      long number = e.request().get();
      String reviewer = e.assign().get();
      Map<String, Object> why = new LinkedHashMap<>();
      why.put("reviewer", reviewer);
      why.put("reason", "backup");
      why.put("escalation", e.subject());
      if (store.reviews().assign(new EventStore.Event(now, "request.assigned", "request:" + number, Optional.empty(),
          json(why)), number, reviewer, "backup")) {
        assigned = Optional.of(reviewer);
      }
    }
    return new Due(e.subject(), e.level().word(), e.about(), e.request(), e.waitingSince(), e.since(), e.who(),
        e.action(), e.sessions().stream().sorted().toList(), assigned, recorded);
  }

  private static String json(Map<String, Object> payload) {
    return EventCodec.write(payload);
  }
}
