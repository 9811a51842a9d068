package dev.junction.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which changed paths are plan changes: the plan, every CODEOWNERS, gate tooling, protection.plan_files. */
class PlanFilesTest {
  static final String PLAN = """
      version: 1
      branches: {main: main, coordination: coordination}
      sessions: [{id: one, branch: s1}]
      phases: [{id: p, tasks: [{id: A, title: first, owner: one, deliverables: [a.txt]}]}]
      gates:
        - {name: gate, command: tools/gate.sh}
        - {name: bash, command: "bash tools/x.sh --fast && test ! -f broken.txt"}
        - {name: py, command: [python3, scripts/check.py, --config=ci/conf.py, --max, "0.10"], workdir: sub}
        - {name: wrapper, command: "./gradlew check > reports/out.txt; java -jar /opt/x.jar"}
        - {name: mvn, command: "mvn -B verify"}
      """;

  static Plan plan(String yaml) {
    PlanLoad load = PlanLoader.load("junction.yaml", yaml);
    assertThat(load).as(load.toString()).isInstanceOf(PlanLoad.Loaded.class);
    return ((PlanLoad.Loaded) load).plan();
  }

  @Test
  void gateToolingIsTheScriptsAndProgramsGateCommandsName() {
    assertThat(PlanFiles.tooling(plan(PLAN))).containsOnlyKeys("tools/gate.sh", "tools/x.sh", "sub/scripts/check.py",
        "sub/ci/conf.py", "gradlew");
    assertThat(PlanFiles.tooling(plan(PLAN))).containsEntry("sub/scripts/check.py", "py").containsEntry("gradlew", "wrapper");
  }

  @Test
  void thePlanEveryCodeOwnersFileAndGateToolingArePlanFilesAndNothingElse() {
    List<PlanFiles.Hit> hits = PlanFiles.touched(plan(PLAN), List.of("src/a.py", "junction.yaml", ".github/CODEOWNERS",
        "CODEOWNERS", "docs/CODEOWNERS", "tools/gate.sh", "broken.txt", "reports/out.txt", "sub/scripts/check.py",
        "tools/other.sh", "a/CODEOWNERS"));
    assertThat(hits).extracting(PlanFiles.Hit::toString).containsExactly("junction.yaml (the plan)",
        ".github/CODEOWNERS (CODEOWNERS)", "CODEOWNERS (CODEOWNERS)", "docs/CODEOWNERS (CODEOWNERS)",
        "tools/gate.sh (gate tooling of gate)", "sub/scripts/check.py (gate tooling of py)");
  }

  @Test
  void protectionPlanFilesAddWhatNoCommandNames() {
    Plan p = plan(PLAN + "protection: {plan_files: [pom.xml, tools/lib/, 'ci/*.cfg']}\n");
    assertThat(PlanFiles.touched(p, List.of("pom.xml", "tools/lib/run", "ci/a.cfg", "ci/deep/a.cfg", "src/pom.xml")))
        .extracting(PlanFiles.Hit::toString).containsExactly("pom.xml (protection.plan_files pom.xml)",
            "tools/lib/run (protection.plan_files tools/lib/)", "ci/a.cfg (protection.plan_files ci/*.cfg)");
  }

  @Test
  void aPlanFileOutsideTheRepositoryIsAnErrorNamingItsLineAndField() {
    PlanLoad load = PlanLoader.load("junction.yaml", PLAN + "protection:\n  plan_files: [ok.sh, ../up.sh]\n");
    assertThat(load).isInstanceOf(PlanLoad.Invalid.class);
    assertThat(((PlanLoad.Invalid) load).errors()).extracting(PlanError::toString)
        .containsExactly("junction.yaml:12: protection.plan_files[1]: '../up.sh' leaves the repository (..)");
  }
}
