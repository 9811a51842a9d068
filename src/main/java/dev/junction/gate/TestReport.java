package dev.junction.gate;

import java.util.List;

/**
 * What a test gate's JUnit XML reports say, counted per test case.
 *
 * @param tests every test case, whatever its outcome
 * @param failures cases whose assertions failed
 * @param errors cases that ended in an unexpected exception (pytest: also a failing fixture)
 * @param skipped cases that did not run
 * @param failing {@code classname.name} of every failed and errored case, in report order
 */
record TestReport(int tests, int failures, int errors, int skipped, List<String> failing) {
  TestReport {
    failing = List.copyOf(failing);
  }

  /** Cases that ran and neither failed nor errored. */
  int passed() {
    return tests - failures - errors - skipped;
  }
}
