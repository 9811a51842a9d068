package dev.junction.plan;

import java.util.Map;

/**
 * Review rules of spec section 7.1.
 *
 * @param minApprovals minimum approvals by request type ({@code component: 1})
 * @param otherSession whether an approval must come from a session other than the author's
 */
public record ReviewPolicy(Map<String, Integer> minApprovals, boolean otherSession) {
  public ReviewPolicy {
    minApprovals = Map.copyOf(minApprovals);
  }

  static ReviewPolicy defaults() {
    return new ReviewPolicy(Map.of(), true);
  }
}
