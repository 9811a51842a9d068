package dev.junction.plan;

import java.util.Arrays;
import java.util.Optional;

/** What a member (or a whole session) is trusted with beyond its own tasks. */
public enum Role {
  /** Grants emergency overrides, leads escalations, lands phases. */
  COORDINATOR("coordinator"),
  /** Runs cross-session validation after merges (spec section 4.2). */
  INTEGRATION_OWNER("integration-owner"),
  /** Required reviewer for security changes (spec section 7.1). */
  SECURITY_REVIEWER("security-reviewer");

  private final String word;

  Role(String word) {
    this.word = word;
  }

  /** The word written in {@code junction.yaml}. */
  public String word() {
    return word;
  }

  static Optional<Role> of(String word) {
    return Arrays.stream(values()).filter(r -> r.word.equals(word)).findFirst();
  }
}
