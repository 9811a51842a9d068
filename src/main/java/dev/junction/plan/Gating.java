package dev.junction.plan;

import java.util.List;

/**
 * How a target's gates run ({@code gating} in {@code junction.yaml}).
 *
 * @param failFast stop at the first gate that fails on every target (spec 4.1 "in order")
 * @param failFastOn the targets where the run stops at the first failure, when not every one
 */
public record Gating(boolean failFast, List<String> failFastOn) {
  public Gating {
    failFastOn = List.copyOf(failFastOn);
  }

  /** Whether a run for {@code target} stops at its first failing gate. */
  public boolean failFast(String target) {
    return failFast || failFastOn.contains(target);
  }

  /** Every gate runs, whatever fails. */
  public static Gating defaults() {
    return new Gating(false, List.of());
  }
}
