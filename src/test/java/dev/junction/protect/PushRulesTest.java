package dev.junction.protect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.git.PushScan;
import dev.junction.plan.Plan;
import dev.junction.plan.PlanLoad;
import dev.junction.plan.PlanLoader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The push rules as pure functions: no git, no store. */
class PushRulesTest {
  static final String PLAN = """
      version: 1
      branches: {main: main, coordination: coord, session_patterns: ["claude/*-s-*"]}
      sessions:
        - {id: lead, roles: [coordinator], members: [{name: Lead, email: lead@x.org}]}
        - {id: a, branch: claude/a-s-1, members: [{name: A, email: a@x.org}]}
        - {id: b, branch: claude/b-s-2, members: [{name: B, email: b@x.org}]}
      phases:
        - id: p
          tasks:
            - {id: T1, title: t, owner: a, branch: task/t1}
      protection: {signed_commits: %s, message_convention: %s}
      """;
  static final String A = "a".repeat(40);
  static final String B = "b".repeat(40);
  static final String Z = PushRules.Update.ZERO;
  static final Instant NOW = Instant.parse("2026-11-24T09:00:00Z");

  static Plan plan(boolean signed, boolean convention) {
    PlanLoad load = PlanLoader.load("junction.yaml", PLAN.formatted(signed, convention).getBytes(StandardCharsets.UTF_8));
    return ((PlanLoad.Loaded) load).plan();
  }

  static PushRules.Decision decide(Plan plan, String old, String neu, String ref, String pusher, PushScan.Facts facts,
      List<PushRules.Grant> grants) {
    return PushRules.decide(plan, new PushRules.Update(old, neu, ref), Optional.ofNullable(pusher), facts, grants, NOW);
  }

  static PushScan.Facts ff() {
    return new PushScan.Facts(true, List.of(new PushScan.Commit(B, "feat(x): Add x [T1]", false, false)), List.of());
  }

  static PushScan.Facts rewrite() {
    return new PushScan.Facts(false, List.of(new PushScan.Commit(B, "feat(x): Add x [T1]", false, false)), List.of());
  }

  @Test
  void protectedBranchesAreNeverPushedDeletedOrRewritten() {
    Plan p = plan(false, false);
    assertThat(decide(p, A, B, "refs/heads/coord", "lead@x.org", ff(), List.of()).message())
        .isEqualTo("coord is protected: no direct push (spec 5.1); it moves only through junction land, which gates the"
            + " merge and moves it inside the hub");
    assertThat(decide(p, A, B, "refs/heads/coord", "lead@x.org", rewrite(), List.of()).message())
        .isEqualTo("coord is protected: no force push, its history is never rewritten (spec 5.1)");
    assertThat(decide(p, A, Z, "refs/heads/main", "lead@x.org", PushScan.Facts.none(), List.of()).message())
        .isEqualTo("main is protected: it is never deleted (spec 5.1)");
    assertThat(decide(p, Z, B, "refs/heads/main", "lead@x.org", ff(), List.of()).accepted()).isFalse();
  }

  @Test
  void anotherSpellingOfAProtectedBranchIsRefused() {
    Plan p = plan(false, false);
    assertThat(decide(p, Z, B, "refs/heads/COORD", "a@x.org", ff(), List.of()).message())
        .isEqualTo("'COORD' is another spelling of the protected branch coord");
    assertThat(decide(p, Z, B, "refs/heads/Main", "a@x.org", ff(), List.of()).accepted()).isFalse();
    assertThat(decide(p, Z, B, "refs/remotes/origin/coord", "a@x.org", ff(), List.of()).message())
        .isEqualTo("refs/remotes/origin/coord: only branches (refs/heads/) and tags are pushed to this hub");
    assertThat(decide(p, Z, B, "refs/junction/candidates/x", "a@x.org", ff(), List.of()).accepted()).isFalse();
  }

  @Test
  void anOpenOverrideLetsAProtectedPushThroughUntilItExpires() {
    Plan p = plan(false, false);
    PushRules.Grant open = new PushRules.Grant("coord", "lead@x.org", "outage", NOW.plusSeconds(600));
    PushRules.Decision d = decide(p, A, B, "refs/heads/coord", "lead@x.org", rewrite(), List.of(open));
    assertThat(d.accepted()).isTrue();
    assertThat(d.underOverride()).isTrue();
    assertThat(d.message()).startsWith("emergency override by lead@x.org until 2026-11-24T09:10:00Z (outage)");
    PushRules.Grant expired = new PushRules.Grant("coord", "lead@x.org", "outage", NOW.minusSeconds(1));
    assertThat(decide(p, A, B, "refs/heads/coord", "lead@x.org", ff(), List.of(expired)).accepted()).isFalse();
    PushRules.Grant other = new PushRules.Grant("main", "lead@x.org", "outage", NOW.plusSeconds(600));
    assertThat(decide(p, A, B, "refs/heads/coord", "lead@x.org", ff(), List.of(other)).accepted()).isFalse();
  }

  /**
   * The trust rule at the guard: an override lets a push onto coord, but not one that would put
   * commits carrying Junction's state trailers on its first-parent chain; a push without such
   * commits still passes, and a refusal stays a refusal.
   */
  @Test
  void anOverridePushMayNotWriteLandedState() {
    Plan p = plan(false, false);
    PushRules.Grant open = new PushRules.Grant("coord", "lead@x.org", "outage", NOW.plusSeconds(600));
    PushRules.Decision through = decide(p, A, B, "refs/heads/coord", "lead@x.org", ff(), List.of(open));
    PushRules.Decision forged = PushRules.trustRule(through, List.of(B, "c".repeat(40)));
    assertThat(forged.accepted()).isFalse();
    assertThat(forged.message()).startsWith("this push would put 2 commits carrying Junction-Task, Junction-Revert or a"
        + " phase stage on the first-parent chain of coord (bbbbbbbbbb, cccccccccc): only junction land writes those");
    assertThat(PushRules.trustRule(through, List.of())).isEqualTo(through);
    PushRules.Decision refused = decide(p, A, B, "refs/heads/coord", "lead@x.org", ff(), List.of());
    assertThat(PushRules.trustRule(refused, List.of(B))).isEqualTo(refused);
  }

  @Test
  void sessionBranchesArePushedAndRewrittenByTheirOwnersOnly() {
    Plan p = plan(false, false);
    assertThat(decide(p, A, B, "refs/heads/claude/a-s-1", "a@x.org", ff(), List.of()).message()).isEqualTo("accepted");
    assertThat(decide(p, A, B, "refs/heads/claude/a-s-1", "a@x.org", rewrite(), List.of()).message())
        .isEqualTo("rewritten by its owner (force-with-lease is fine)");
    assertThat(decide(p, A, B, "refs/heads/claude/a-s-1", "b@x.org", ff(), List.of()).message())
        .isEqualTo("claude/a-s-1 is a's branch: only its members push to it (spec 5.2), not b@x.org of b");
    assertThat(decide(p, A, B, "refs/heads/claude/a-s-1", "stranger@x.org", ff(), List.of()).message())
        .isEqualTo("stranger@x.org is not a member of any session of the plan; only plan members push here"
            + PushRules.WHO_PUSHES);
    assertThat(decide(p, A, B, "refs/heads/claude/a-s-1", null, ff(), List.of()).message())
        .startsWith("who is pushing is unknown");
    // The operating-system user of a local push is the member whose address starts with it.
    assertThat(decide(p, A, B, "refs/heads/claude/a-s-1", "a", ff(), List.of()).accepted()).isTrue();
  }

  @Test
  void aSessionBranchTakesOtherSessionsWorkOnlyThroughCoordination() {
    Plan p = plan(false, false);
    PushScan.Facts foreign = new PushScan.Facts(true, List.of(), List.of(new PushScan.Foreign(B, "claude/b-s-2")));
    assertThat(decide(p, A, B, "refs/heads/claude/a-s-1", "a@x.org", foreign, List.of()).message())
        .isEqualTo("only merge from the coordination branch (spec 1.2, 5.2): this push brings 1 commit of another"
            + " session's branch that coordination does not hold (bbbbbbbbbb of claude/b-s-2)");
  }

  @Test
  void branchNamesFollowAppendixA() {
    Plan p = plan(false, false);
    assertThat(decide(p, Z, B, "refs/heads/feature/coordinator-etcd", "b@x.org", ff(), List.of()).accepted()).isTrue();
    assertThat(decide(p, Z, B, "refs/heads/hotfix/leak", "b@x.org", ff(), List.of()).accepted()).isTrue();
    assertThat(decide(p, Z, B, "refs/heads/task/t1", "a@x.org", ff(), List.of()).accepted()).isTrue();
    assertThat(decide(p, Z, B, "refs/heads/claude/new-s-9", "a@x.org", ff(), List.of()).accepted()).isTrue();
    assertThat(decide(p, Z, B, "refs/heads/feature/", "a@x.org", ff(), List.of()).accepted()).isFalse();
    assertThat(decide(p, Z, B, "refs/heads/wip", "a@x.org", ff(), List.of()).message())
        .startsWith("'wip' does not follow the branch naming conventions (appendix A): the coordination branch, main,"
            + " a session's branch (claude/*-s-*), feature/<component>-<description> or hotfix/<issue-description>");
    assertThat(decide(p, A, Z, "refs/heads/feature/x", "a@x.org", PushScan.Facts.none(), List.of()).message())
        .isEqualTo("deleted by its owner");
    assertThat(decide(p, Z, B, "refs/tags/v1", "a@x.org", ff(), List.of()).accepted()).isTrue();
    assertThat(decide(p, B, Z, "refs/tags/v1", "a@x.org", PushScan.Facts.none(), List.of()).accepted()).isFalse();
  }

  @Test
  void signedCommitsAndTheMessageConventionWhenTheyAreOn() {
    PushScan.Facts unsigned = new PushScan.Facts(true, List.of(new PushScan.Commit(B, "feat(x): Add x [T1]", false, false)), List.of());
    PushScan.Facts signed = new PushScan.Facts(true, List.of(new PushScan.Commit(B, "feat(x): Add x [T1]", false, true)), List.of());
    assertThat(decide(plan(true, false), A, B, "refs/heads/claude/a-s-1", "a@x.org", unsigned, List.of()).message())
        .isEqualTo("signed commits are required (protection.signed_commits): bbbbbbbbbb not signed");
    assertThat(decide(plan(true, false), A, B, "refs/heads/claude/a-s-1", "a@x.org", signed, List.of()).accepted()).isTrue();
    assertThat(decide(plan(false, false), A, B, "refs/heads/claude/a-s-1", "a@x.org", unsigned, List.of()).accepted()).isTrue();
    PushScan.Facts wip = new PushScan.Facts(true, List.of(new PushScan.Commit(B, "wip", false, false)), List.of());
    assertThat(decide(plan(false, true), A, B, "refs/heads/claude/a-s-1", "a@x.org", wip, List.of()).message())
        .isEqualTo("commit bbbbbbbbbb 'wip' is not in the form type(scope): Brief description [TaskID] (spec 6.2)"
            + " (protection.message_convention)");
    PushScan.Facts merge = new PushScan.Facts(true, List.of(new PushScan.Commit(B, "Merge branch 'coord'", true, false)), List.of());
    assertThat(decide(plan(false, true), A, B, "refs/heads/claude/a-s-1", "a@x.org", merge, List.of()).accepted()).isTrue();
    assertThat(decide(plan(false, true), A, B, "refs/heads/claude/a-s-1", "a@x.org", ff(), List.of()).accepted()).isTrue();
  }

  @Test
  void tagsComeFromMembersOnlyAndAreNeverNamedLikeAProtectedBranch() {
    Plan p = plan(false, false);
    assertThat(decide(p, Z, B, "refs/tags/v1.0", "b@x.org", ff(), List.of()).message()).isEqualTo("tag");
    assertThat(decide(p, Z, B, "refs/tags/release/main-2026", "a@x.org", ff(), List.of()).accepted()).isTrue();
    assertThat(decide(p, Z, B, "refs/tags/domain", "a@x.org", ff(), List.of()).accepted()).isTrue();
    assertThat(decide(p, Z, B, "refs/tags/v1", "stranger@x.org", ff(), List.of()).message())
        .isEqualTo("stranger@x.org is not a member of any session of the plan; only plan members push tags here"
            + PushRules.WHO_PUSHES);
    assertThat(decide(p, Z, B, "refs/tags/v1", null, ff(), List.of()).message())
        .startsWith("who is pushing is unknown");
    for (String name : List.of("coord", "origin/coord", "x/main", "main", "Origin/COORD", "a//main/")) {
      PushRules.Decision d = decide(p, Z, B, "refs/tags/" + name, "a@x.org", ff(), List.of());
      assertThat(d.accepted()).as(name).isFalse();
      assertThat(d.message()).as(name).startsWith("the tag '" + name + "' is named like the protected branch ");
    }
    assertThat(decide(p, Z, B, "refs/tags/origin/coord", "a@x.org", ff(), List.of()).message())
        .isEqualTo("the tag 'origin/coord' is named like the protected branch coord: git resolves a name to a tag before"
            + " a branch or remote-tracking branch, so in a clone it would stand for coord; name tags otherwise");
  }

  @Test
  void anUpdateBringingMoreCommitsThanTheGuardJudgesIsRefused() {
    PushScan.Facts many = new PushScan.Facts(true, List.of(new PushScan.Commit(B, "feat(x): Add x [T1]", false, false)),
        List.of(), true);
    assertThat(decide(plan(false, false), A, B, "refs/heads/claude/a-s-1", "a@x.org", many, List.of()).message())
        .isEqualTo("this push brings more than 10000 commits to claude/a-s-1, more than the guard judges in one update:"
            + " push it in parts");
    assertThat(decide(plan(false, false), A, B, "refs/heads/claude/a-s-1", "a@x.org", ff(), List.of()).accepted()).isTrue();
  }

  @Test
  void notEvenAnOverrideDeletesTheCoordinationBranch() {
    Plan p = plan(false, false);
    PushRules.Grant coord = new PushRules.Grant("coord", "lead@x.org", "outage", NOW.plusSeconds(600));
    assertThat(decide(p, A, Z, "refs/heads/coord", "lead@x.org", PushScan.Facts.none(), List.of(coord)).message())
        .startsWith("coord is the coordination branch: not even an emergency override deletes it");
    PushRules.Grant main = new PushRules.Grant("main", "lead@x.org", "outage", NOW.plusSeconds(600));
    assertThat(decide(p, A, Z, "refs/heads/main", "lead@x.org", PushScan.Facts.none(), List.of(main)).underOverride())
        .isTrue();
  }
}
