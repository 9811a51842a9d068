package dev.junction.protect;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.app.GuardService;
import dev.junction.app.Workspace;
import dev.junction.git.PlanSource;
import dev.junction.plan.Disposition;
import dev.junction.plan.Plan;
import dev.junction.testing.Plans;
import dev.junction.testing.TestRepo;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.StoredConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guard's memory of valid plans: trusted for the plan blob and the build that wrote it, nothing else. */
class PlanMemoTest {
  static final Optional<String> BUILD = Optional.of("/opt/junction.jar 13893031 1700000000000");
  static final ObjectId BLOB = ObjectId.fromString("1".repeat(40));
  static final ObjectId OTHER = ObjectId.fromString("2".repeat(40));

  @Test
  void remembersAValidPlanUnderItsBlob(@TempDir Path hub) {
    PushPlan plan = PushPlan.of(PushRulesTest.plan(true, true));
    PlanMemo.write(hub, BLOB, plan, BUILD);
    assertThat(PlanMemo.read(hub, BLOB, BUILD)).contains(plan);
    assertThat(plan.sessions()).extracting(PushPlan.Owners::id).containsExactly("lead", "a", "b");
    assertThat(plan.taskBranches()).containsExactly("task/t1");
  }

  @Test
  void ignoresWhatAnotherBuildWroteAFileUnderAnotherNameAndAFileCutShort(@TempDir Path hub) throws Exception {
    PlanMemo.write(hub, BLOB, PushPlan.of(PushRulesTest.plan(false, false)), BUILD);
    assertThat(PlanMemo.read(hub, BLOB, Optional.of("/opt/junction.jar 13893031 1700000000001"))).isEmpty();
    assertThat(PlanMemo.read(hub, BLOB, Optional.empty())).isEmpty();
    Path file = hub.resolve(PlanMemo.DIR).resolve(BLOB.name());
    Files.copy(file, hub.resolve(PlanMemo.DIR).resolve(OTHER.name()));
    assertThat(PlanMemo.read(hub, OTHER, BUILD)).isEmpty();
    byte[] whole = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(whole, whole.length - 3));
    assertThat(PlanMemo.read(hub, BLOB, BUILD)).isEmpty();
    Files.write(file, "not a memo".getBytes(UTF_8));
    assertThat(PlanMemo.read(hub, BLOB, BUILD)).isEmpty();
  }

  @Test
  void keepsOnlyTheNewestPlans(@TempDir Path hub) throws Exception {
    PushPlan plan = PushPlan.of(PushRulesTest.plan(false, false));
    for (int i = 0; i < 12; i++) {
      PlanMemo.write(hub, ObjectId.fromString(String.format("%040x", i + 1)), plan, BUILD);
    }
    try (Stream<Path> files = Files.list(hub.resolve(PlanMemo.DIR))) {
      assertThat(files.count()).isEqualTo(8);
    }
  }

  @Test
  void theBuildIsToldFromWhereThePlanClassesComeFrom() {
    assertThat(PlanMemo.build()).hasValueSatisfying(b -> assertThat(b).contains("PlanLoader"));
  }

  /**
   * The hook remembers the plan it found valid, judges the same with the memory, and reads a
   * changed plan afresh: an invalid one is refused and never remembered.
   */
  @Test
  void theHookRemembersAValidPlanAndNeverAnInvalidOne(@TempDir Path dir) throws Exception {
    Path work = dir.resolve("work");
    String head;
    try (TestRepo repo = TestRepo.init(work)) {
      repo.commit("main", "chore(plan): Start [T1]\n", "junction.yaml", Plans.HUB);
      repo.branch("coord", "main");
      repo.branch("claude/a-s-1", "main");
      head = repo.commit("claude/a-s-1", "feat(a): Add a [T1]\n", "a.txt", "a\n").name();
    }
    Path hubDir = dir.resolve("hub.git");
    HookEndToEndTest.git(dir, Map.of(), "clone", "--bare", "-q", work.toString(), hubDir.toString());
    try (TestRepo hub = TestRepo.open(hubDir)) {
      StoredConfig config = hub.repo().getConfig();
      config.setString(Hook.SECTION, null, Hook.COORDINATION_KEY, "coord");
      config.save();
      String parent = hub.repo().resolve(head + "~1").name();
      String line = parent + " " + head + " refs/heads/claude/a-s-1\n";
      ObjectId blob = PlanSource.blob(hub.repo(), hub.repo().resolve("refs/heads/coord"), Plan.FILE_NAME).orElseThrow();

      String first = judge(hub, line, 0);
      assertThat(memos(hubDir)).containsExactly(blob.name());
      assertThat(judge(hub, line, 0)).isEqualTo(first).contains("ok: accepted");

      hub.commit("coord", "chore(plan): Break it\n", "junction.yaml", Plans.INVALID);
      assertThat(judge(hub, line, 1)).contains("coord:junction.yaml:3: bogus: unknown key",
          "the plan on coord is invalid: every push is refused until it is fixed");
      assertThat(judge(hub, line, 1)).contains("coord:junction.yaml:3: bogus: unknown key");
      assertThat(memos(hubDir)).containsExactly(blob.name());
    }
  }

  private static String judge(TestRepo hub, String line, int expected) throws Exception {
    try (Workspace workspace = Workspace.over(hub.repo(), Clock.fixed(Instant.parse("2026-11-24T09:00:00Z"), ZoneOffset.UTC))) {
      GuardService.Judged judged = new GuardService(workspace).judge(new GuardService.Push(
          Hook.updates(new ByteArrayInputStream(line.getBytes(UTF_8))), Map.of("REMOTE_USER", "a@x.org"), Optional.of("nobody")));
      String out = String.join("\n", judged.lines());
      assertThat(judged.disposition()).as(out).isEqualTo(expected == 0 ? Disposition.DONE : Disposition.NO);
      return out;
    }
  }

  private static List<String> memos(Path hubDir) throws Exception {
    try (Stream<Path> files = Files.list(hubDir.resolve(PlanMemo.DIR))) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }
}
