package dev.junction.gate;

/**
 * One result of a static analysis or security scanner, from its SARIF report.
 *
 * @param tool the run's {@code tool.driver.name}, such as {@code SpotBugs} or {@code Bandit}
 * @param ruleId the rule that found it, such as {@code NP_ALWAYS_NULL} or {@code B602}
 * @param path the file as the tool named it, relative where the tool wrote it so; empty when the
 *     result has no physical location
 * @param line 1-based start line, 0 when the result has none
 */
record SarifFinding(
    String tool, String ruleId, Severity severity, String path, int line, String message) {

  /** How bad a finding is, worst first. See {@link Sarif} for how each tool's words map here. */
  enum Severity {
    /** Exploitable as is: a security-severity of 9.0 or more. */
    CRITICAL,
    /** Fix before landing: security-severity 7.0 to 8.9, a SARIF {@code error}. */
    HIGH,
    /** Worth a look: security-severity 4.0 to 6.9, a SARIF {@code warning}. */
    MEDIUM,
    /** Minor or stylistic: security-severity below 4.0, a SARIF {@code note}. */
    LOW,
    /** Informational; no severity applies. */
    NONE;

    /** Whether this is as bad as {@code threshold} or worse. */
    boolean atLeast(Severity threshold) {
      return compareTo(threshold) <= 0;
    }
  }
}
