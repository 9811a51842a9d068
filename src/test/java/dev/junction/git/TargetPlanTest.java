package dev.junction.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.plan.InputError;
import dev.junction.testing.TestRepo;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetPlanTest {
  static final String PLAN = "version: 1\nbranches: {main: main, coordination: coord}\n"
      + "sessions: [{id: s, branch: s1}]\nphases: [{id: p, tasks: [{id: A, title: a, owner: s}]}]\n";

  /** The line of {@code branches.coordination} in {@link #PLAN}. */
  static final int COORDINATION_LINE = 2;

  @TempDir Path dir;

  static String error(TargetPlan.Found found) {
    return ((TargetPlan.Invalid) found).errors().get(0).toString();
  }

  @Test
  void withoutAPlanATargetMustBeNamed() throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.commit("main", "x\n", "README", "x\n");
      assertThat(((TargetPlan.Invalid) TargetPlan.load(repo.repo(), Optional.empty())).errors()).containsExactly(
          new InputError("target", "no target: name one with --into (no junction.yaml in the work tree or at HEAD)"));
      assertThat(((TargetPlan.Invalid) TargetPlan.load(repo.repo(), Optional.of("nope"))).errors())
          .containsExactly(new InputError("target", "no branch 'nope' in this repository; valid: main"));
    }
  }

  @Test
  void aMissingCoordinationBranchIsNamed() throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.commit("main", "plan\n", "junction.yaml", PLAN);
      repo.git("checkout", "-q", "main");
      assertThat(error(TargetPlan.load(repo.repo(), Optional.empty())))
          .isEqualTo("junction.yaml:LINE: branches.coordination: the coordination branch 'coord' does not exist;"
              .replace("LINE", String.valueOf(COORDINATION_LINE))
              + " correct it or name a target with --into; valid: main");
    }
  }

  @Test
  void thePlanIsTheTargetsOwn() throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.commit("main", "plan\n", "junction.yaml", PLAN);
      repo.branch("coord", "main");
      repo.commit("coord", "retitle\n", "junction.yaml", PLAN.replace("title: a", "title: from coord"));
      repo.git("checkout", "-q", "main");
      TargetPlan.Loaded loaded = (TargetPlan.Loaded) TargetPlan.load(repo.repo(), Optional.empty());
      assertThat(loaded.tip().branch()).isEqualTo("coord");
      assertThat(loaded.plan().task("A").orElseThrow().title()).isEqualTo("from coord");
    }
  }

  @Test
  void findKeepsATargetWithoutAPlanThatLoadRefuses() throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.commit("bare", "x\n", "README", "x\n");
      TargetPlan.Located found = TargetPlan.find(repo.repo(), Optional.of("bare"));
      assertThat(found).isInstanceOf(TargetPlan.Unplanned.class);
      assertThat(((TargetPlan.Unplanned) found).tip().branch()).isEqualTo("bare");
      assertThat(error(TargetPlan.load(repo.repo(), Optional.of("bare")))).contains("no junction.yaml at the tip of bare");
    }
  }

  @Test
  void viewWordsAMissingDefaultTargetForThePlanCommand() throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.commit("main", "x\n", "README", "x\n");
      assertThat(error(TargetPlan.view(repo.repo(), Optional.empty(), Optional.empty())))
          .isEqualTo("junction.yaml: no junction.yaml in the work tree or at HEAD; name the target with --into");
      Path file = dir.resolve("other.yaml");
      java.nio.file.Files.writeString(file, PLAN);
      assertThat(error(TargetPlan.view(repo.repo(), Optional.empty(), Optional.of(file))))
          .isEqualTo(file + ":" + COORDINATION_LINE + ": branches.coordination: the coordination branch 'coord' does not exist;"
              + " correct it or name a target with --into; valid: main");
    }
  }
}
