package dev.junction.app;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.junction.conflict.Check;
import dev.junction.conflict.Finding;
import dev.junction.conflict.Radar;
import dev.junction.git.ConflictKind;
import dev.junction.git.MergeEngine;
import dev.junction.plan.Deliverables;
import dev.junction.plan.Disposition;
import dev.junction.plan.InputError;
import dev.junction.review.Clashes;
import dev.junction.review.ConflictLog;
import dev.junction.review.Escalations;
import dev.junction.store.EventStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Conflicts: the dry-run check of one branch against a target, keeping spec 3.3's conflict clock
 * (a conflict is recorded when first seen and cleared when a check finds none), and the radar of
 * every open branch. Both record each interface clash they find (spec 3.2, type 2; {@link
 * dev.junction.review.Clashes}), which freezes the two branches until a coordinator resolves it
 * ({@link ClashService}). A check that finds no conflict never creates the store.
 */
public final class ConflictService {
  private final Workspace workspace;

  public ConflictService(Workspace workspace) {
    this.workspace = Objects.requireNonNull(workspace, "workspace");
  }

  /**
   * What to check.
   *
   * @param target the target (default: the plan's coordination branch)
   * @param task the source's task, when the paths it changes do not tell
   * @param branchPatterns other open branches to compare declarations with, beyond the plan's
   */
  public record CheckInput(String source, Optional<String> target, Optional<String> task, List<String> branchPatterns) {
    public CheckInput {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(task, "task");
      branchPatterns = List.copyOf(branchPatterns);
    }
  }

  /**
   * What to scan.
   *
   * @param branchPatterns branches to scan beyond the plan's (globs over refs)
   * @param threads how many merges run at once
   */
  public record RadarInput(Optional<String> target, List<String> branchPatterns, int threads) {
    public RadarInput {
      Objects.requireNonNull(target, "target");
      branchPatterns = List.copyOf(branchPatterns);
    }
  }

  /** How a check ended. */
  public sealed interface CheckOutcome {
    Disposition disposition();
  }

  /**
   * A check's report and what it did to the conflict clock.
   *
   * @param clock the conflict of the pair, when one is open now or was cleared by this check
   * @param notes what the check did not do to the clock and why ({@link #NO_CLOCK}: the target has no plan)
   */
  @JsonTypeName("checked")
  public record Checked(Check.Report report, Optional<ConflictClock> clock, List<String> notes) implements CheckOutcome {
    public Checked {
      Objects.requireNonNull(report, "report");
      Objects.requireNonNull(clock, "clock");
      notes = List.copyOf(notes);
    }

    /** A check that says nothing about the clock beyond {@code clock}. */
    public Checked(Check.Report report, Optional<ConflictClock> clock) {
      this(report, clock, List.of());
    }

    /** The report's: clean, conflict (no) or blocked by a dependency. */
    @Override
    public Disposition disposition() {
      return report.disposition();
    }
  }

  /**
   * A pair's conflict on spec 3.3's clock.
   *
   * @param since when the conflict was first seen
   * @param level spec 3.3's level it has reached (2, the session's own, to 5)
   */
  public record ConflictClock(State state, Instant since, int level) {
    /** Whether the conflict is open, or was found gone by this check. */
    public enum State {
      OPEN, CLEARED
    }
  }

  /**
   * What a check of a target without a plan says of the clock: no plan names the sessions, members
   * and roles spec 3.3's levels go to, so nothing could escalate the conflict, and no clock starts.
   */
  public static final String NO_CLOCK = "No conflict clock: the target has no junction.yaml, so no plan names who a "
      + "conflict escalates to (spec 3.3); none is started";

  /**
   * Checks {@code input.source()} against the target and keeps the conflict clock: a conflict is
   * recorded when first seen (creating the store), an open one cleared when the check finds none
   * (a check blocked only by a dependency has no conflict either). Against a target whose tip has
   * no {@code junction.yaml} the check answers as ever, but keeps no clock ({@link #NO_CLOCK}):
   * {@code escalations} could never climb it.
   *
   * @throws InvalidInput for an unknown branch or task, or an invalid plan at the target
   */
  public Checked check(CheckInput input) throws IOException {
    refuseBadPatterns(input.branchPatterns());
    Check.Outcome outcome = Check.run(workspace.repository(), workspace.engine(),
        new Check.Request(input.source(), input.target(), input.task(), input.branchPatterns()));
    if (outcome instanceof Check.Invalid invalid) {
      throw InvalidInput.of(invalid.errors());
    }
    Check.Report report = (Check.Report) outcome;
    List<Finding.Interface> clashes = report.findings().stream()
        .filter(Finding.Interface.class::isInstance).map(Finding.Interface.class::cast).toList();
    for (Finding.Interface f : clashes) {
      Clashes.seen(workspace.store(), report.source(), f.otherBranch(), f.path(), f.declaration(), report.target(),
          "check", workspace.clock());
    }
    if (!report.planned()) {
      return new Checked(report, Optional.empty(),
          report.verdict() == Check.Verdict.CONFLICT ? List.of(NO_CLOCK) : List.of());
    }
    return new Checked(report, keepClock(report, workspace.existingStore()));
  }

  /**
   * The radar of every open branch against the target and against each other, on
   * {@code input.threads()} engines at once.
   *
   * @param progress told what the radar is doing, a sentence at a time
   * @throws InvalidInput for an unknown target, no branches, or an invalid plan
   */
  public Radar.Report radar(RadarInput input, Consumer<String> progress) throws IOException {
    refuseBadPatterns(input.branchPatterns());
    Radar.Outcome outcome = Radar.run(workspace.repository(),
        new Radar.Request(input.target(), input.branchPatterns(), input.threads()),
        () -> MergeEngine.open(workspace.repository()), progress);
    if (outcome instanceof Radar.Invalid invalid) {
      throw InvalidInput.of(invalid.errors());
    }
    Radar.Report report = (Radar.Report) outcome;
    // An interface pair freezes both branches (spec 3.2, type 2): the radar records it as check does.
    for (Radar.Pair p : report.pairs()) {
      if (p.state() == Radar.PairState.INTERFACE) {
        for (String d : p.declarations()) {
          int colon = d.lastIndexOf(": ");
          Clashes.seen(workspace.store(), p.a(), p.b(), d.substring(0, colon), d.substring(colon + 2), report.target(),
              "radar", workspace.clock());
        }
      }
    }
    return report;
  }

  /** Refuses, before anything is read, a branch pattern that is not a glob ({@code work/[ab}). */
  private static void refuseBadPatterns(List<String> patterns) {
    List<InputError> bad = new ArrayList<>();
    for (String p : patterns) {
      Deliverables.globProblem(p).ifPresent(why -> bad.add(new InputError("branches", "bad pattern '" + p + "': " + why)));
    }
    if (!bad.isEmpty()) {
      throw InvalidInput.of(bad);
    }
  }

  /** Records or clears the pair's conflict in {@code store}, the workspace's existing store. */
  private Optional<ConflictClock> keepClock(Check.Report r, Optional<EventStore> store) throws IOException {
    Clock clock = Clock.tick(workspace.clock(), Duration.ofSeconds(1));
    if (r.verdict() == Check.Verdict.CONFLICT) {
      ConflictLog.Open open = ConflictLog.seen(workspace.store(), r.source(),
          r.target(), items(r), clock);
      return Optional.of(new ConflictClock(ConflictClock.State.OPEN, open.since(),
          Escalations.conflictLevel(open.since(), clock.instant())));
    }
    if (store.isEmpty()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    return ConflictLog.cleared(workspace.store(), r.source(), r.target(), clock)
        .map(o -> new ConflictClock(ConflictClock.State.CLEARED, o.since(), Escalations.conflictLevel(o.since(), now)));
  }

  /**
   * The paths in conflict, each with its kind and the other parties. Ownership is advice, never
   * on the clock: the report keeps it apart from the findings.
   */
  static List<ConflictLog.Item> items(Check.Report r) {
    List<ConflictLog.Item> out = new ArrayList<>();
    for (Finding f : r.findings()) {
      if (f instanceof Finding.Content c) {
        out.add(new ConflictLog.Item(c.path(),
            c.kind() == ConflictKind.CONTENT ? "content" : "content (" + c.kind() + ")", List.of()));
      } else if (f instanceof Finding.Interface i) {
        out.add(new ConflictLog.Item(i.path(), "interface", List.of(i.otherBranch())));
      }
    }
    return out;
  }
}
