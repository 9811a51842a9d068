package dev.junction.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.conflict.Check;
import dev.junction.land.Landing;
import dev.junction.plan.Disposition;
import dev.junction.review.ConflictLog;
import dev.junction.store.EventStore;
import dev.junction.testing.Plans;
import dev.junction.testing.TestRepo;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check} and {@code land} say the same thing about ownership (issue 14, item 4): a path
 * another session owns is advice, so the check is clean, no conflict clock starts, the landing
 * lands, and the next check says the branch is merged.
 *
 * <pre>
 * coordination  o---M
 *                \ /
 * s1 (one: A)     a.txt, b.txt (b.txt is B's deliverable: session two owns it)
 * </pre>
 */
class CheckAndLandAgreeTest {
  @TempDir Path dir;
  final Clock clock = Clock.fixed(Instant.parse("2026-11-24T07:00:00Z"), ZoneOffset.UTC);
  TestRepo repo;
  Workspace workspace;

  @BeforeEach
  void setUp() throws Exception {
    repo = TestRepo.init(dir);
    repo.commit("main", "chore: plan\n", "junction.yaml", Plans.TWO_SESSIONS);
    repo.branch("coordination", "main");
    repo.branch("s1", "main");
    repo.branch("s2", "main");
    repo.commit("s1", "feat: a [A]\n", "a.txt", "a\n", "b.txt", "one's b\n");
    workspace = Workspace.over(repo.repo(), clock);
  }

  @AfterEach
  void tearDown() {
    workspace.close();
    repo.close();
  }

  ConflictService.Checked check(String source) throws Exception {
    return new ConflictService(workspace).check(new ConflictService.CheckInput(source, Optional.empty(), Optional.empty(),
        List.of()));
  }

  @Test
  void anOwnershipNoteIsCleanStartsNoClockAndTheBranchLands() throws Exception {
    ConflictService.Checked checked = check("s1");
    assertThat(checked.disposition()).isEqualTo(Disposition.DONE);
    assertThat(checked.report().verdict()).isEqualTo(Check.Verdict.CLEAN);
    assertThat(checked.report().ownership()).extracting(o -> o.path()).containsExactly("b.txt");
    assertThat(checked.clock()).isEmpty();
    assertThat(dir.resolve(".git/" + Workspace.STORE)).as("no conflict, no store").doesNotExist();

    Landing.Outcome landed = new LandingService(workspace).land(new LandingService.LandInput(List.of("s1"),
        Optional.empty(), Optional.empty(), Optional.empty(), false, Optional.of(Actor.of("one@example.org"))), m -> { });
    assertThat(landed).isInstanceOf(Landing.Landed.class);
    try (EventStore store = EventStore.sqlite(dir.resolve(".git/" + Workspace.STORE))) {
      assertThat(store.events(ConflictLog.SEEN)).isEmpty();
      assertThat(store.events(ConflictLog.CLEARED)).isEmpty();
    }

    ConflictService.Checked after = check("s1");
    assertThat(after.report().verdict()).isEqualTo(Check.Verdict.MERGED);
    assertThat(after.report().mergedIn()).contains(((Landing.Landed) landed).merge());
    assertThat(after.report().findings()).isEmpty();
    assertThat(after.disposition()).isEqualTo(Disposition.DONE);
    assertThat(after.clock()).isEmpty();
  }
}
