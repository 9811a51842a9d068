package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.plan.InputError;
import dev.junction.plan.PlanError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The core names inputs in domain words; the CLI shows each by the flag or parameter that carries it. */
class ProblemsTest {

  @ParameterizedTest
  @CsvSource({
      "target, --into", "source, SOURCE", "task, --task", "stage, --stage", "branches, --branches",
      "on, --on", "hub, BARE_REPO", "coordination, --coordination", "actor, --as", "reviewer, --reviewer",
      "finding, FINDING", "request, N", "branch, --branch", "reason, --reason", "ttl, --ttl", "notes, --notes",
      "repository, --repo", "plan, --file"})
  void aDomainFieldIsShownAsItsFlag(String field, String flag) {
    assertThat(Problems.rendered(new InputError(field, "wrong"))).isEqualTo(new PlanError(flag, 0, "", "wrong"));
  }

  @Test
  void theNthOfARepeatedFlagIsShownWithItsPosition() {
    assertThat(Problems.rendered(new InputError("findings[1]", "bad")).toString()).isEqualTo("--finding:2: bad");
  }

  @Test
  void aPlanErrorIsShownAsItIs() {
    PlanError e = new PlanError("junction.yaml", 3, "phases[0]", "bad");
    assertThat(Problems.rendered(e)).isSameAs(e);
  }
}
