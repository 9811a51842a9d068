package dev.junction.review;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.plan.Plan;
import dev.junction.review.Escalations.Escalation;
import dev.junction.review.Escalations.Level;
import dev.junction.review.Escalations.Pending;
import dev.junction.store.Reviews;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Spec 7.4's review escalation and spec 3.3's conflict escalation, at chosen instants. */
class EscalationsTest {
  static final Instant T = Instant.parse("2025-11-12T09:00:00Z");
  static final Plan PLAN = ReviewRulesTest.STRICT;

  private final List<Reviews.Review> reviews = new ArrayList<>();
  private final List<Reviews.Assignment> assignments = new ArrayList<>();

  static Reviews.Request request(String type, String size) {
    return new Reviews.Request(12, "s5", "coordination", Optional.of("A"), type, "feat(a): a [A]", "",
        "five@example.org", "session-5", 40, size, Optional.empty(), "open", T, Optional.empty());
  }

  void assign(String reviewer, String reason) {
    assignments.add(new Reviews.Assignment(assignments.size() + 1, 12, reviewer, reason, T));
  }

  void review(String reviewer, String verdict, Instant at) {
    reviews.add(new Reviews.Review(reviews.size() + 1, 12, reviewer,
        ReviewRules.sessionOf(PLAN, reviewer).orElseThrow(), verdict, at));
  }

  List<Escalation> due(Reviews.Request request, Duration after) {
    return Escalations.due(PLAN, List.of(new Pending(request, reviews, assignments)), List.of(), T.plus(after));
  }

  List<Escalation> due(Duration after) {
    return due(request("component", "small"), after);
  }

  // Requests.

  @Test
  void nothingIsDueBeforeTheMaximumReviewTime() {
    assign("seven@example.org", "opened");
    assertThat(due(Duration.ofHours(2).minusSeconds(1))).isEmpty();
  }

  @Test
  void afterTheMaximumTheAssignedReviewersArePinged() {
    assign("seven@example.org", "opened");
    assign("two@example.org", "manual");
    List<Escalation> due = due(Duration.ofHours(2));
    assertThat(due).singleElement().satisfies(e -> {
      assertThat(e.subject()).isEqualTo("request:12:ping");
      assertThat(e.level()).isEqualTo(Level.PING);
      assertThat(e.since()).isEqualTo(T.plus(Duration.ofHours(2)));
      assertThat(e.waitingSince()).isEqualTo(T);
      assertThat(e.who()).containsExactly("seven@example.org", "two@example.org");
      assertThat(e.action()).isEqualTo("seven@example.org, two@example.org review request #12 (feat(a): a [A]);"
          + " waiting 2h for a review, maximum 2h (spec 7.4, Small PR (<200 lines))");
      assertThat(e.assign()).isEmpty();
      assertThat(e.sessions()).containsExactlyInAnyOrder("session-5", "session-7", "session-2");
    });
  }

  @Test
  void aPingWithNobodyAssignedGoesToTheCoordinator() {
    assertThat(due(Duration.ofMinutes(150))).singleElement().satisfies(e -> {
      assertThat(e.who()).containsExactly("lead@example.org");
      assertThat(e.action()).startsWith("no reviewer is assigned to request #12 (feat(a): a [A]): the coordinator"
          + " assigns one; waiting 2h 30m for a review");
    });
  }

  @Test
  void afterTwiceTheMaximumABackupReviewerIsChosenInPlanOrder() {
    assign("seven@example.org", "opened");
    List<Escalation> due = due(Duration.ofHours(4));
    assertThat(due).extracting(Escalation::level).containsExactly(Level.PING, Level.BACKUP);
    Escalation backup = due.get(1);
    // lead@ (coordinator session) comes first in the plan: not the author's session, not assigned, not reviewing.
    assertThat(backup.assign()).contains("lead@example.org");
    assertThat(backup.who()).containsExactly("lead@example.org");
    assertThat(backup.subject()).isEqualTo("request:12:backup");
    assertThat(backup.since()).isEqualTo(T.plus(Duration.ofHours(4)));
    assertThat(backup.action()).startsWith("lead@example.org reviews request #12 (feat(a): a [A]) as backup reviewer");
  }

  @Test
  void theBackupSkipsTheAuthorsSessionTheAssignedAndThoseReviewing() {
    assign("lead@example.org", "opened");
    assign("seven@example.org", "manual");
    review("four@example.org", "comment", T.plusSeconds(60));
    assertThat(Escalations.backup(PLAN, new Pending(request("component", "small"), reviews, assignments)))
        .contains("two@example.org");
  }

  @Test
  void aSecurityRequestPrefersASecurityReviewerAsBackup() {
    assign("seven@example.org", "opened");
    // four@ holds the role through session 4; lead@ and two@ do not.
    assertThat(Escalations.backup(PLAN, new Pending(request("security", "small"), reviews, assignments)))
        .contains("four@example.org");
    assign("four@example.org", "manual");
    assertThat(Escalations.backup(PLAN, new Pending(request("security", "small"), reviews, assignments)))
        .as("no security reviewer left: anyone free").contains("lead@example.org");
  }

  @Test
  void aBackupAssignedEarlierIsNamedAndNotChosenAgain() {
    assign("seven@example.org", "opened");
    assign("lead@example.org", "backup");
    Escalation backup = due(Duration.ofHours(5)).get(1);
    assertThat(backup.who()).containsExactly("lead@example.org");
    assertThat(backup.assign()).isEmpty();
  }

  @Test
  void withNobodyLeftTheCoordinatorFindsTheBackup() {
    for (String email : List.of("lead@example.org", "seven@example.org", "four@example.org", "two@example.org")) {
      assign(email, "opened");
    }
    Escalation backup = due(Duration.ofHours(4)).get(1);
    assertThat(backup.assign()).isEmpty();
    assertThat(backup.who()).containsExactly("lead@example.org");
    assertThat(backup.action()).startsWith("no backup reviewer is left outside session-5");
  }

  @Test
  void afterThreeTimesTheMaximumTheCoordinatorIntervenes() {
    assign("seven@example.org", "opened");
    List<Escalation> due = due(Duration.ofHours(6));
    assertThat(due).extracting(Escalation::subject)
        .containsExactly("request:12:ping", "request:12:backup", "request:12:coordinator");
    Escalation last = due.get(2);
    assertThat(last.who()).containsExactly("lead@example.org");
    assertThat(last.since()).isEqualTo(T.plus(Duration.ofHours(6)));
    assertThat(last.sessions()).contains("coordinator", "session-5", "session-7");
    assertThat(last.action()).startsWith("the coordinator intervenes on request #12");
  }

  @Test
  void typeRowsWinOverSizeRows() {
    assign("seven@example.org", "opened");
    assertThat(due(request("integration", "small"), Duration.ofHours(3))).isEmpty();
    assertThat(due(request("integration", "small"), Duration.ofHours(4))).hasSize(1);
    assertThat(due(request("phase", "small"), Duration.ofHours(7))).isEmpty();
    assertThat(due(request("phase", "small"), Duration.ofHours(24))).hasSize(3);
  }

  @ParameterizedTest(name = "{0} by {1} {2} the wait")
  @CsvSource({
    "approve,         seven@example.org, ends",
    "request-changes, seven@example.org, ends",
    "approve,         five-b@example.org, ends",
    "comment,         seven@example.org, does not end",
    "approve,         five@example.org,  does not end",
  })
  void aRequestWaitsUntilItsFirstVerdictBySomeoneOtherThanItsAuthor(String verdict, String reviewer, String effect) {
    assign("seven@example.org", "opened");
    review(reviewer, verdict, T.plus(Duration.ofHours(1)));
    assertThat(due(Duration.ofHours(9))).hasSize(effect.equals("ends") ? 0 : 3);
  }

  @Test
  void aReviewAfterTheMaximumStillEndsTheWait() {
    review("two@example.org", "approve", T.plus(Duration.ofHours(3)));
    assertThat(Escalations.answeredAt(request("component", "small"), reviews)).contains(T.plus(Duration.ofHours(3)));
    assertThat(due(Duration.ofHours(9))).isEmpty();
  }

  @Test
  void aRequestNoLongerOpenIsNeverDue() {
    Reviews.Request closed = new Reviews.Request(12, "s5", "coordination", Optional.empty(), "component", "t", "",
        "five@example.org", "session-5", 40, "small", Optional.empty(), "closed", T, Optional.of(T.plusSeconds(5)));
    assertThat(due(closed, Duration.ofDays(3))).isEmpty();
  }

  // Conflicts.

  static ConflictLog.Open conflict() {
    return new ConflictLog.Open("s5", "coordination", T, List.of(
        new ConflictLog.Item("infrafabric/coordinator.py", "ownership", List.of("session-7")),
        new ConflictLog.Item("cli/main.py", "content", List.of()),
        new ConflictLog.Item("bus/api.py", "interface", List.of("s2"))));
  }

  List<Escalation> conflictDue(Duration after) {
    return Escalations.due(PLAN, List.of(), List.of(conflict()), T.plus(after));
  }

  @ParameterizedTest(name = "{0} min unresolved: level {1}")
  @CsvSource({"0, 2", "29, 2", "30, 3", "59, 3", "60, 4", "119, 4", "120, 5", "600, 5"})
  void conflictLevelsClimbAtThirtySixtyAndOneHundredTwentyMinutes(long minutes, int level) {
    assertThat(Escalations.conflictLevel(T, T.plus(Duration.ofMinutes(minutes)))).isEqualTo(level);
    assertThat(conflictDue(Duration.ofMinutes(minutes))).hasSize(level - 2)
        .extracting(e -> e.level().number()).allMatch(n -> n <= level);
  }

  @Test
  void underThirtyMinutesTheSessionHandlesItAlone() {
    assertThat(conflictDue(Duration.ofMinutes(29))).isEmpty();
  }

  @Test
  void atThirtyMinutesBothSessionsCoordinateThroughStatus() {
    assertThat(conflictDue(Duration.ofMinutes(30))).singleElement().satisfies(e -> {
      assertThat(e.level()).isEqualTo(Level.CROSS_SESSION);
      assertThat(e.subject()).isEqualTo("conflict:s5 -> coordination@2025-11-12T09:00:00Z:30");
      assertThat(e.about()).isEqualTo("conflict s5 -> coordination");
      assertThat(e.who()).containsExactly("session-5", "session-7", "session-2");
      assertThat(e.sessions()).containsExactlyInAnyOrder("session-5", "session-7", "session-2");
      assertThat(e.since()).isEqualTo(T.plus(Duration.ofMinutes(30)));
      assertThat(e.action()).isEqualTo("session-5 and session-7, session-2 agree on infrafabric/coordinator.py,"
          + " cli/main.py, bus/api.py through their STATUS files (spec 3.3 level 3: unresolved for 30 minutes)");
    });
  }

  @Test
  void atSixtyMinutesTheCoordinatorJoinsAndAtOneHundredTwentyRevisesDependencies() {
    List<Escalation> due = conflictDue(Duration.ofMinutes(120));
    assertThat(due).extracting(Escalation::level)
        .containsExactly(Level.CROSS_SESSION, Level.COORDINATION, Level.ARCHITECTURE);
    assertThat(due.get(1).who()).containsExactly("lead@example.org", "session-5", "session-7", "session-2");
    assertThat(due.get(1).action()).contains("task board");
    assertThat(due.get(2).who()).containsExactly("lead@example.org");
    assertThat(due.get(2).action()).contains("revise the task dependencies");
    assertThat(due.get(2).sessions()).contains("coordinator", "session-5");
    assertThat(due).extracting(Escalation::subject).allMatch(s -> s.startsWith("conflict:s5 -> coordination@"));
  }

  @Test
  void aConflictWithTheTargetAloneNamesTheSourceSession() {
    ConflictLog.Open plain = new ConflictLog.Open("s5", "coordination", T,
        List.of(new ConflictLog.Item("a.py", "content", List.of())));
    Escalation e = Escalations.due(PLAN, List.of(), List.of(plain), T.plus(Duration.ofMinutes(45))).get(0);
    assertThat(e.who()).containsExactly("session-5");
    assertThat(e.action()).startsWith("session-5 and the sessions whose work on coordination it meets agree on a.py");
  }

  @Test
  void manyPathsAreShortened() {
    List<ConflictLog.Item> items = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      items.add(new ConflictLog.Item("f" + i, "content", List.of()));
    }
    Escalation e = Escalations.due(PLAN, List.of(),
        List.of(new ConflictLog.Open("unknown-branch", "coordination", T, items)), T.plus(Duration.ofMinutes(30))).get(0);
    assertThat(e.action()).startsWith("the session of unknown-branch and the sessions whose work on coordination it"
        + " meets agree on f1, f2, f3 and 2 more");
    assertThat(e.who()).isEmpty();
  }

  @Test
  void requestsComeBeforeConflictsEachInOrder() {
    assign("seven@example.org", "opened");
    Reviews.Request later = new Reviews.Request(3, "s7", "coordination", Optional.empty(), "component", "t", "",
        "seven@example.org", "session-7", 10, "small", Optional.empty(), "open", T, Optional.empty());
    List<Escalation> due = Escalations.due(PLAN,
        List.of(new Pending(request("component", "small"), reviews, assignments), new Pending(later, List.of(), List.of())),
        List.of(conflict()), T.plus(Duration.ofHours(2)));
    assertThat(due).extracting(Escalation::subject).startsWith("request:3:ping", "request:12:ping")
        .last().asString().startsWith("conflict:");
  }

  @Test
  void durationsReadAsHoursAndMinutes() {
    assertThat(Escalations.duration(Duration.ofMinutes(25))).isEqualTo("25m");
    assertThat(Escalations.duration(Duration.ofHours(2))).isEqualTo("2h");
    assertThat(Escalations.duration(Duration.ofMinutes(250))).isEqualTo("4h 10m");
  }
}
