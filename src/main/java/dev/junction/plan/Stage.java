package dev.junction.plan;

import java.util.Arrays;
import java.util.Optional;

/** The three merge stages of spec section 1.1. */
public enum Stage {
  /** A session's component lands on coordination. */
  COMPONENT("component"),
  /** All tasks of a bug or feature land together with their integration gate. */
  INTEGRATION("integration"),
  /** Coordination lands on main once every phase criterion holds. */
  PHASE("phase");

  private final String word;

  Stage(String word) {
    this.word = word;
  }

  public String word() {
    return word;
  }

  static Optional<Stage> of(String word) {
    return Arrays.stream(values()).filter(s -> s.word.equals(word)).findFirst();
  }
}
