package dev.junction.gate;

import dev.junction.plan.PlanLoad;
import dev.junction.plan.PlanLoader;

/** Lets tests of other packages compute a gate's configuration hash from a plan's text. */
public final class GatesAccess {
  private GatesAccess() {}

  public static String hash(String plan, String gate) {
    return Gates.configHash(((PlanLoad.Loaded) PlanLoader.load("plan", plan)).plan().gates().stream()
        .filter(g -> g.name().equals(gate)).findFirst().orElseThrow());
  }
}
