package dev.junction.app;

import dev.junction.review.Requests;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reviews of merge requests (spec 7): a verdict with findings by severity, or the next step of a
 * finding (its author's session resolves it, its reviewer accepts or reopens the fix).
 */
public final class ReviewService {
  private final Workspace workspace;

  public ReviewService(Workspace workspace) {
    this.workspace = Objects.requireNonNull(workspace, "workspace");
  }

  /** What a review does. */
  public sealed interface Action permits Verdict, Step {}

  /**
   * A verdict, with findings written {@code severity: [path[:line]] text} (severity critical,
   * important, nice-to-have or question).
   */
  public record Verdict(Requests.Verdict verdict, List<String> findings) implements Action {
    public Verdict {
      Objects.requireNonNull(verdict, "verdict");
      findings = List.copyOf(findings);
    }
  }

  /** The next step of finding {@code finding}. */
  public record Step(long finding, Requests.FindingAction action) implements Action {
    public Step {
      Objects.requireNonNull(action, "action");
    }
  }

  /**
   * A review of request {@code request} by {@code actor}, else git's identity.
   */
  public record Review(long request, Action action, Optional<Actor> actor) {
    public Review {
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(actor, "actor");
    }
  }

  /**
   * Records the review: done with the request's state after it, or not allowed (an author
   * approving their own request, a finding in the wrong state or hands).
   *
   * @throws InvalidInput for no such request or finding, a finding not in the form, an actor who
   *     is no plan member, no valid plan at the request's target
   */
  public Requests.Acted review(Review r) throws IOException {
    Requests.Acted acted;
    if (r.action() instanceof Step step) {
      acted = Requests.finding(workspace.repository(), workspace.store(), r.request(), step.finding(), step.action(),
          workspace.ident(r.actor()), workspace.clock());
    } else {
      Verdict verdict = (Verdict) r.action();
      acted = Requests.review(workspace.repository(), workspace.store(), r.request(), verdict.verdict(), verdict.findings(),
          workspace.ident(r.actor()), workspace.clock());
    }
    return begun(acted);
  }

  /** {@code acted}, unless the action could not begin: then its problems as invalid input. */
  static Requests.Acted begun(Requests.Acted acted) {
    if (acted instanceof Requests.BadInput bad) {
      throw new InvalidInput(bad.errors());
    }
    return acted;
  }
}
