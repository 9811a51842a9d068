package dev.junction.plan;

import java.util.Arrays;
import java.util.Optional;

/** What a task delivers; names the review and gate stage it goes through. */
public enum TaskType {
  COMPONENT("component"),
  INTEGRATION("integration"),
  VALIDATION("validation"),
  DOCS("docs"),
  CLI("cli");

  private final String word;

  TaskType(String word) {
    this.word = word;
  }

  /** The word written in {@code junction.yaml} and shown in output. */
  public String word() {
    return word;
  }

  @Override
  public String toString() {
    return word;
  }

  static Optional<TaskType> of(String word) {
    return Arrays.stream(values()).filter(t -> t.word.equals(word)).findFirst();
  }
}
