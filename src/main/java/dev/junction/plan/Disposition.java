package dev.junction.plan;

/** How any outcome reads to a caller; the CLI maps it to an exit code, the server to a status. */
public enum Disposition {
  /** Done, or the answer is "yes / clean". */
  DONE,
  /** The answer is "no": conflict, gate failed, push refused, policy not met. */
  NO,
  /** Bad input or configuration. */
  INVALID,
  /** Blocked by something outside the command's reach: dependency not merged, lock held. */
  BLOCKED,
  /**
   * The acting member may not do this: a token's member acting as someone else without the
   * coordinator role, a non-coordinator issuing tokens. The CLI exits 1 as for any "no"; the
   * server answers 403.
   */
  FORBIDDEN
}
