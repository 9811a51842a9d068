/**
 * Gates: running a command on a commit in a scratch copy of its tree, reading the reports the tools
 * write (JUnit XML, JaCoCo, Cobertura, SARIF, JMH and simple benchmark JSON), the self-review lint
 * of the change, and the verdict by the thresholds of the target's plan; uses {@code plan},
 * {@code git} and {@code store}.
 */
package dev.junction.gate;
