package dev.junction.gate;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;

/**
 * Reads the JUnit XML that Maven Surefire, Gradle and pytest's {@code --junitxml} write: a
 * {@code <testsuite>} root, or a {@code <testsuites>} root holding suites, possibly nested.
 *
 * <p>Counts come from the {@code <testcase>} elements, not from the suites' attributes, so the
 * same rules hold for every tool: a case with an {@code <error>} is an error, else one with a
 * {@code <failure>} is a failure, else one with {@code <skipped>} is skipped. Surefire's
 * {@code <flakyFailure>} and {@code <rerunFailure>} records of earlier attempts do not count: the
 * case's outcome is its final one.
 */
final class JUnitXml {
  private JUnitXml() {}

  /**
   * Reads one report.
   *
   * @param name how to name the file in messages ({@code reports/unit.xml})
   */
  static TestReport read(String name, InputStream in) throws ReportException {
    Element root = SafeXml.root(name, SafeXml.parse(name, in), "testsuites", "testsuite");
    Tally tally = new Tally();
    if (root.getTagName().equals("testsuite")) {
      suite(name, root, tally);
    } else {
      suites(name, root, tally);
    }
    return new TestReport(tally.tests, tally.failures, tally.errors, tally.skipped, tally.failing);
  }

  /** The reports of one gate (a Surefire run writes a file per test class) added together. */
  static TestReport merge(List<TestReport> reports) {
    int tests = 0;
    int failures = 0;
    int errors = 0;
    int skipped = 0;
    List<String> failing = new ArrayList<>();
    for (TestReport r : reports) {
      tests += r.tests();
      failures += r.failures();
      errors += r.errors();
      skipped += r.skipped();
      failing.addAll(r.failing());
    }
    return new TestReport(tests, failures, errors, skipped, failing);
  }

  private static void suites(String name, Element parent, Tally tally) throws ReportException {
    for (Element suite : SafeXml.children(parent, "testsuite")) {
      suite(name, suite, tally);
    }
  }

  private static void suite(String name, Element suite, Tally tally) throws ReportException {
    for (Element testcase : SafeXml.children(suite, "testcase")) {
      String caseName = SafeXml.required(name, testcase, "name");
      String classname = testcase.getAttribute("classname");
      String id = classname.isBlank() ? caseName : classname + "." + caseName;
      tally.tests++;
      if (!SafeXml.children(testcase, "error").isEmpty()) {
        tally.errors++;
        tally.failing.add(id);
      } else if (!SafeXml.children(testcase, "failure").isEmpty()) {
        tally.failures++;
        tally.failing.add(id);
      } else if (!SafeXml.children(testcase, "skipped").isEmpty()) {
        tally.skipped++;
      }
    }
    // PHPUnit nests suites inside suites.
    suites(name, suite, tally);
  }

  private static final class Tally {
    int tests;
    int failures;
    int errors;
    int skipped;
    final List<String> failing = new ArrayList<>();
  }
}
