package dev.junction.app;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.junction.gate.Gates;
import dev.junction.git.History;
import dev.junction.git.PlanSource;
import dev.junction.git.TargetPlan;
import dev.junction.plan.Plan;
import dev.junction.plan.Disposition;
import dev.junction.plan.InputError;
import dev.junction.review.RequestType;
import dev.junction.review.Requests;
import dev.junction.store.EventStore;
import dev.junction.store.Reviews;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Merge requests (spec 6): open, list, show, close. Reviews of a request are {@link ReviewService}'s.
 * Reading commands never create a store: a repository nobody opened a request in has none.
 */
public final class RequestService {
  /** The states a listing may ask for; {@code all} is every state. */
  public static final List<String> STATES = List.of("open", "closed", "landed", "rolled-back", "all");

  private final Workspace workspace;

  public RequestService(Workspace workspace) {
    this.workspace = Objects.requireNonNull(workspace, "workspace");
  }

  /**
   * What to open. Empty options are derived: the target is the coordination branch, task and type
   * come from the plan, the title is made from the task, reviewers are chosen from the owners.
   *
   * @param source a branch, or a task id whose branch it is
   * @param actor who opens it, else git's identity
   */
  public record Open(String source, Optional<String> target, Optional<String> task, Optional<RequestType> type,
      Optional<String> title, Optional<String> justification, List<String> reviewers, Optional<Actor> actor) {
    public Open {
      Objects.requireNonNull(source, "source");
      reviewers = List.copyOf(reviewers);
    }
  }

  /**
   * A request type by its word.
   *
   * @throws InvalidInput naming {@code type} when it is none of spec 6.1's
   */
  public static RequestType type(String word) {
    return RequestType.of(word).orElseThrow(() -> new InvalidInput(new InputError("type", "unknown request type '" + word
        + "' (expected component, integration, phase, docs, fix, performance or security)")));
  }

  /**
   * Opens a request: opened, or refused with what would pass.
   *
   * @throws InvalidInput for an unknown source, task, reviewer or actor, or no valid target plan
   */
  public Requests.Opening open(Open o) throws IOException {
    EventStore store = workspace.store();
    Requests.Opening opening = Requests.open(workspace.repository(), store, new Requests.Open(o.source(),
        o.target(), o.task(), o.type(), o.title(), o.justification(), o.reviewers(), workspace.ident(o.actor())),
        workspace.clock(), (plan, target, commit) -> gateResults(store, plan, target, commit.name()));
    if (opening instanceof Requests.Invalid invalid) {
      throw new InvalidInput(invalid.errors());
    }
    return opening;
  }

  /**
   * The latest verdict of each gate on a commit among the runs under the target's configuration
   * ({@link Gates#underTarget}): a run under the branch's own plan is never shown as the target's.
   */
  static Map<String, String> gateResults(EventStore store, Plan plan, String target, String commit) {
    Map<String, String> out = new LinkedHashMap<>();
    for (EventStore.GateRun run : Gates.underTarget(plan, target, store.gateRuns(commit))) {
      out.put(run.gate(), run.passed() ? "passed" : "failed");
    }
    return out;
  }

  /**
   * Which requests to list.
   *
   * @param state one of {@link #STATES}
   * @throws InvalidInput naming {@code state} for any other
   */
  public record Query(String state) {
    public Query {
      if (!STATES.contains(state)) {
        throw new InvalidInput(new InputError("state", "unknown state '" + state
            + "' (expected open, closed, landed, rolled-back or all)"));
      }
    }

    /** The stored state to read: a rolled-back request is stored as landed. */
    Optional<String> only() {
      return state.equals("all") ? Optional.empty() : Optional.of(state.equals(ROLLED_BACK) ? "landed" : state);
    }
  }

  /** The state shown for a landed request whose landing Junction's revert took out of its target since. */
  public static final String ROLLED_BACK = "rolled-back";

  /**
   * {@code r} with the state to show: {@code rolled-back} for a landed request whose merge a revert
   * on its target's first-parent chain took out, and nothing landed again since; as stored otherwise.
   */
  Reviews.Request shown(Reviews.Request r, Map<String, Set<Long>> rolledBack) throws IOException {
    if (!r.state().equals("landed")) {
      return r;
    }
    Set<Long> numbers = rolledBack.get(r.target());
    if (numbers == null) {
      Optional<PlanSource.Tip> tip = PlanSource.resolve(workspace.repository(), r.target());
      numbers = tip.isEmpty() ? Set.of() : History.requestsRolledBack(workspace.repository(), tip.get().id());
      rolledBack.put(r.target(), numbers);
    }
    if (!numbers.contains(r.number())) {
      return r;
    }
    return new Reviews.Request(r.number(), r.source(), r.target(), r.task(), r.type(), r.title(), r.body(), r.author(),
        r.session(), r.lines(), r.size(), r.justification(), ROLLED_BACK, r.openedAt(), r.endedAt());
  }

  /** A request as a list shows it: everything but its body. */
  public record Summary(long number, String state, String title, String source, String target, Optional<String> task,
      String type, String size, int lines, String author, String session, Instant openedAt) {
    static Summary of(Reviews.Request r) {
      return new Summary(r.number(), r.state(), r.title(), r.source(), r.target(), r.task(), r.type(), r.size(), r.lines(),
          r.author(), r.session(), r.openedAt());
    }
  }

  /** The requests asked for, oldest first. */
  @JsonTypeName("listed")
  public record Listed(List<Summary> requests) {
    public Listed {
      requests = List.copyOf(requests);
    }

    public Disposition disposition() {
      return Disposition.DONE;
    }
  }

  public Listed list(Query q) throws IOException {
    Optional<EventStore> store = workspace.existingStore();
    if (store.isEmpty()) {
      return new Listed(List.of());
    }
    Map<String, Set<Long>> rolledBack = new HashMap<>();
    List<Summary> out = new ArrayList<>();
    for (Reviews.Request r : store.get().reviews().requests(q.only())) {
      Reviews.Request shown = shown(r, rolledBack);
      if (q.state().equals("all") || q.state().equals(shown.state())) {
        out.add(Summary.of(shown));
      }
    }
    return new Listed(out);
  }

  /** A request with everything said about it and what its review policy still misses. */
  @JsonTypeName("shown")
  public record Shown(Requests.Status status) {
    public Disposition disposition() {
      return Disposition.DONE;
    }
  }

  /**
   * Request {@code number} as it stands, its policy judged by the plan at its target's tip.
   *
   * @throws InvalidInput naming {@code request} when there is no such request, or the target's
   *     plan errors
   */
  public Shown show(long number) throws IOException {
    Optional<EventStore> store = workspace.existingStore();
    Optional<Reviews.Request> request = store.isEmpty() ? Optional.empty() : store.get().reviews().request(number);
    if (request.isEmpty()) {
      throw new InvalidInput(new InputError("request", "no merge request #" + number));
    }
    TargetPlan.Found found = TargetPlan.load(workspace.repository(), Optional.of(request.get().target()));
    if (found instanceof TargetPlan.Invalid invalid) {
      throw new InvalidInput(invalid.errors());
    }
    Requests.Status status = Requests.status(workspace.repository(), store.get(), ((TargetPlan.Loaded) found).plan(),
        request.get());
    return new Shown(new Requests.Status(shown(status.request(), new HashMap<>()), status.reviews(), status.findings(),
        status.assignments(), status.policy()));
  }

  /** Which request to close, and who closes it, else git's identity. */
  public record Close(long number, Optional<Actor> actor) {}

  /**
   * Closes an open request without landing it: its author's session or a coordinator may.
   *
   * @throws InvalidInput for no such request, an actor who is no plan member, no valid plan
   */
  public Requests.Acted close(Close c) throws IOException {
    return ReviewService.begun(Requests.close(workspace.repository(), workspace.store(), c.number(),
        workspace.ident(c.actor()), workspace.clock()));
  }
}
