package dev.junction.review;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The merge request types of spec 6.1 and 7.1; their words are the keys of {@code review.min_approvals}. */
public enum RequestType {
  COMPONENT("component", "Component Delivery"),
  INTEGRATION("integration", "Integration"),
  PHASE("phase", "Phase Completion"),
  DOCS("docs", "Documentation"),
  FIX("fix", "Bug Fix"),
  PERFORMANCE("performance", "Performance"),
  SECURITY("security", "Security");

  private final String word;
  private final String label;
  RequestType(String word, String label) {
    this.word = word;
    this.label = label;
  }

  public String word() {
    return word;
  }

  /** The name spec 7.1's table gives it. */
  public String label() {
    return label;
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
