package dev.junction.review;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The merge request types of spec 6.1 and 7.1; their words are the keys of {@code review.min_approvals}. */
public enum RequestType {
  COMPONENT("component", "Component Delivery", 1),
  INTEGRATION("integration", "Integration", 2),
  PHASE("phase", "Phase Completion", 4),
  DOCS("docs", "Documentation", 1),
  FIX("fix", "Bug Fix", 1),
  PERFORMANCE("performance", "Performance", 2),
  SECURITY("security", "Security", 2);

  private final String word;
  private final String label;
  private final int specApprovals;

  RequestType(String word, String label, int specApprovals) {
    this.word = word;
    this.label = label;
    this.specApprovals = specApprovals;
  }

  public String word() {
    return word;
  }

  /** The name spec 7.1's table gives it. */
  public String label() {
    return label;
  }

  /** Spec 7.1's minimum reviewers, used when the plan sets none for the type. */
  public int specApprovals() {
    return specApprovals;
  }

  public static Optional<RequestType> of(String word) {
    String w = word.toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(t -> t.word.equals(w)).findFirst();
  }

  @Override
  public String toString() {
    return word;
  }
}
