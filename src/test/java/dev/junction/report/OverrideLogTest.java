package dev.junction.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.EventStore;
import dev.junction.store.StoreEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Overrides read back from the store: which grant each push, close and review belongs to, and where each stands. */
class OverrideLogTest {
  static final Instant T = Instant.parse("2026-11-24T09:00:00Z");
  static final String ZERO = "0".repeat(40);

  @TempDir Path dir;
  EventStore store;

  @BeforeEach
  void open() throws Exception {
    store = EventStore.sqlite(dir.resolve("junction.db"));
  }

  @AfterEach
  void close() throws Exception {
    store.close();
  }

  Instant at(int minutes) {
    return T.plus(Duration.ofMinutes(minutes));
  }

  void grant(int minute, String branch, String by, String reason, int ttlMinutes) {
    store.append(at(minute), branch, Optional.of(by), new StoreEvent.OverrideGranted(reason, at(minute + ttlMinutes),
        at(minute + 60), "/hub/junction/overrides/EMERGENCY-OVERRIDE-" + minute + ".md"));
  }

  void push(int minute, String branch, String by, String oldId, String newId) {
    store.append(at(minute), branch, Optional.of(by), new StoreEvent.OverridePushed("refs/heads/" + branch, oldId, newId, by));
  }

  static String id(char c) {
    return String.valueOf(c).repeat(40);
  }

  @Test
  void eachPushAndCloseBelongsToTheGrantInForceOnItsBranch() throws Exception {
    grant(0, "main", "lead@x.org", "outage", 30);
    push(5, "main", "lead@x.org", ZERO, id('a'));
    grant(10, "main", "lead@x.org", "still down", 30); // replaces the first
    push(12, "main", "b@x.org", id('a'), id('b'));
    grant(11, "coord", "lead@x.org", "coord too", 30);
    push(13, "coord", "lead@x.org", id('c'), id('d'));
    store.append(at(20), "main", Optional.of("lead@x.org"), new StoreEvent.OverrideClosed());
    push(21, "other", "x@x.org", id('e'), id('f')); // no grant on it: belongs to none

    List<OverrideLog.Entry> all = OverrideLog.read(store, at(25),
        (from, to) -> List.of(new OverrideLog.Commit(to, "commit " + to.charAt(0))));

    assertThat(all).extracting(OverrideLog.Entry::reason).containsExactly("outage", "still down", "coord too");
    OverrideLog.Entry first = all.get(0);
    assertThat(first.state()).isEqualTo(OverrideLog.State.REPLACED);
    assertThat(first.ended()).contains(at(10));
    assertThat(first.pushes()).extracting(OverrideLog.Push::newId).containsExactly(id('a'));
    assertThat(first.pushes().get(0).commits()).containsExactly(new OverrideLog.Commit(id('a'), "commit a"));
    assertThat(first.closed()).isEmpty();
    OverrideLog.Entry second = all.get(1);
    assertThat(second.state()).isEqualTo(OverrideLog.State.CLOSED);
    assertThat(second.closed()).contains(new OverrideLog.Closing(at(20), "lead@x.org"));
    assertThat(second.ended()).contains(at(20));
    assertThat(second.pushes()).extracting(OverrideLog.Push::pusher).containsExactly("b@x.org");
    OverrideLog.Entry coord = all.get(2);
    assertThat(coord.state()).isEqualTo(OverrideLog.State.OPEN);
    assertThat(coord.ended()).isEmpty();
    assertThat(coord.pushes()).extracting(OverrideLog.Push::oldId).containsExactly(id('c'));
    // Read later, the open one has run out by itself.
    assertThat(OverrideLog.read(store, at(45)).get(2).state()).isEqualTo(OverrideLog.State.EXPIRED);
  }

  @Test
  void aReviewIsOnTimeWithinTheHourLateAfterItAndMissingIsDueThenOverdue() throws Exception {
    grant(0, "main", "lead@x.org", "one", 30);
    grant(1, "coord", "lead@x.org", "two", 30);
    grant(2, "main", "lead@x.org", "three", 30);
    long[] ids = store.events(StoreEvent.OverrideGranted.class).stream().mapToLong(EventStore.Stored::id).toArray();
    store.append(at(59), "main", Optional.of("a@x.org"), new StoreEvent.OverrideReviewed(at(0), "fine", ids[0]));
    store.append(at(75), "coord", Optional.of("a@x.org"), new StoreEvent.OverrideReviewed(at(1), "slow", ids[1]));

    List<OverrideLog.Entry> soon = OverrideLog.read(store, at(30));
    List<OverrideLog.Entry> later = OverrideLog.read(store, at(90));

    assertThat(later.get(0).review()).isEqualTo(OverrideLog.ReviewState.ON_TIME);
    assertThat(later.get(0).reviews()).containsExactly(new OverrideLog.Review(at(59), "a@x.org", "fine", true));
    assertThat(later.get(1).review()).isEqualTo(OverrideLog.ReviewState.LATE);
    assertThat(later.get(1).reviews().get(0).onTime()).isFalse();
    assertThat(soon.get(2).review()).isEqualTo(OverrideLog.ReviewState.DUE);
    assertThat(later.get(2).review()).isEqualTo(OverrideLog.ReviewState.OVERDUE);
    assertThat(OverrideLog.reviewText(later.get(1))).isEqualTo("⚠ late by a@x.org (due " + at(61) + ")");
    assertThat(OverrideLog.reviewText(later.get(2))).isEqualTo("⚠ overdue since " + at(62));
  }

  @Test
  void aReviewWrittenBeforeReviewsNamedTheirGrantCountsForTheFirstGrantOfItsTime() throws Exception {
    grant(0, "main", "lead@x.org", "one", 30);
    grant(0, "main", "lead@x.org", "same second", 30);
    store.append(at(10), "main", Optional.of("a@x.org"), new StoreEvent.OverrideReviewed(at(0), "old style", null));

    List<OverrideLog.Entry> all = OverrideLog.read(store, at(20));

    assertThat(all.get(0).reviews()).extracting(OverrideLog.Review::notes).containsExactly("old style");
    assertThat(all.get(1).reviews()).isEmpty();
  }

  @Test
  void theBoardShowsOpenUnreviewedAndRecentOverridesNewestFirstWithTheirPushCount() throws Exception {
    grant(0, "main", "lead@x.org", "old and reviewed", 30);
    long old = store.events(StoreEvent.OverrideGranted.class).get(0).id();
    store.append(at(30), "main", Optional.of("a@x.org"), new StoreEvent.OverrideReviewed(at(0), "ok", old));
    grant(60 * 24 * 10, "coord", "lead@x.org", "a | pipe", 30);
    push(60 * 24 * 10 + 1, "coord", "lead@x.org", id('a'), id('b'));
    Instant now = at(60 * 24 * 10 + 5);

    List<OverrideLog.Entry> all = OverrideLog.read(store, now);
    String section = OverrideLog.section(all, now);

    assertThat(all.get(0).current(now)).isFalse(); // ten days old, reviewed, expired
    assertThat(section).startsWith("\n## Overrides\n\n| Branch | Granted | By | Reason | State | Pushes | Review |\n")
        .contains("| coord | " + at(60 * 24 * 10) + " | lead@x.org | a \\| pipe | 🔓 open until " + at(60 * 24 * 10 + 30)
            + " | 1 | due by " + at(60 * 24 * 10 + 60) + " |")
        .doesNotContain("old and reviewed");
    assertThat(OverrideLog.section(List.of(all.get(0)), now)).isEmpty();
  }
}
