package dev.junction.plan;

/**
 * One thing wrong with what a caller gave: a plan file ({@link PlanError}) or an input of an
 * operation ({@link InputError}). Faces render each as one line.
 */
public sealed interface Problem permits PlanError, InputError {

  /** The field at fault, in the plan's or the operation's words; empty for a whole file. */
  String field();

  String message();
}
