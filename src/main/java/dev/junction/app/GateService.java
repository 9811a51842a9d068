package dev.junction.app;

import dev.junction.gate.Gates;
import dev.junction.plan.Stage;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Gates on a commit: the target's gates (never the branch's), run or reused where they passed on
 * the same commit under the same configuration, each verdict recorded in the workspace's store.
 */
public final class GateService {
  private final Workspace workspace;

  public GateService(Workspace workspace) {
    this.workspace = Objects.requireNonNull(workspace, "workspace");
  }

  /**
   * What to run.
   *
   * @param gate one gate by name, or all
   * @param stage the gates a stage requires, or all
   * @param on the ref or commit to run them on
   * @param target the branch whose plan holds the gates (default: the coordination branch)
   * @param rerun run even what already passed on this commit
   * @param failFast stop at the first gate that fails
   */
  public record Input(Optional<String> gate, Optional<Stage> stage, String on, Optional<String> target, boolean rerun,
      boolean failFast) {
    /** Every gate runs, whatever fails (unless the plan's {@code gating.fail_fast} says otherwise). */
    public Input(Optional<String> gate, Optional<Stage> stage, String on, Optional<String> target, boolean rerun) {
      this(gate, stage, on, target, rerun, false);
    }

    public Input {
      Objects.requireNonNull(gate, "gate");
      Objects.requireNonNull(stage, "stage");
      Objects.requireNonNull(on, "on");
      Objects.requireNonNull(target, "target");
    }
  }

  /**
   * Runs the gates {@code input} selects; {@code progress} hears each gate start and end.
   *
   * @return the verdicts: done when every gate passed, "no" otherwise
   * @throws InvalidInput an unknown ref ({@code on}), gate ({@code gate}) or target, or an invalid plan
   */
  public Gates.Report run(Input input, Consumer<String> progress) throws IOException {
    Gates.Outcome outcome = Gates.run(workspace.repository(), workspace.store(),
        new Gates.Request(input.gate(), input.stage(), input.on(), input.target(), input.rerun(), input.failFast()),
        workspace.clock(), progress);
    if (outcome instanceof Gates.Invalid invalid) {
      throw new InvalidInput(invalid.errors());
    }
    return (Gates.Report) outcome;
  }
}
