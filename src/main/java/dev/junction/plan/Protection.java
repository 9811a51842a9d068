package dev.junction.plan;

import java.util.List;

/**
 * Push protection switches of spec section 5, and the files a branch may not change without a
 * coordinator.
 *
 * @param signedCommits whether commits pushed to protected branches must be signed
 * @param messageConvention whether commit subjects must follow spec 6.2
 * @param planFiles paths (deliverable patterns) whose change is a plan change, beyond those
 *     Junction finds itself ({@link PlanFiles})
 */
public record Protection(boolean signedCommits, boolean messageConvention, List<String> planFiles) {
  public Protection {
    planFiles = List.copyOf(planFiles);
  }

  public Protection(boolean signedCommits, boolean messageConvention) {
    this(signedCommits, messageConvention, List.of());
  }

  static Protection defaults() {
    return new Protection(false, false, List.of());
  }
}
