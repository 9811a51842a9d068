package dev.junction.review;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.EventStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Conflicts seen and cleared, in a real SQLite store. */
class ConflictLogTest {
  static final Instant T = Instant.parse("2025-11-12T09:00:00Z");

  @TempDir Path dir;

  static Clock at(Duration after) {
    return Clock.fixed(T.plus(after), ZoneOffset.UTC);
  }

  static final List<ConflictLog.Item> ITEMS = List.of(
      new ConflictLog.Item("infrafabric/coordinator.py", "ownership", List.of("session-7")),
      new ConflictLog.Item("cli/main.py", "content (both modified)", List.of()));

  @Test
  void aConflictIsRecordedOnceWhileItStaysOpen() throws Exception {
    try (EventStore store = EventStore.sqlite(dir.resolve("junction.db"))) {
      ConflictLog.Open first = ConflictLog.seen(store, "s5", "coordination", ITEMS, at(Duration.ZERO));
      ConflictLog.Open again = ConflictLog.seen(store, "refs/heads/s5", "coordination", List.<ConflictLog.Item>of(), at(Duration.ofMinutes(10)));
      assertThat(again).isEqualTo(first);
      assertThat(first.since()).isEqualTo(T);
      assertThat(first.pair()).isEqualTo("s5 -> coordination");
      assertThat(store.events(ConflictLog.SEEN)).singleElement().satisfies(e -> {
        assertThat(e.subject()).isEqualTo("s5 -> coordination");
        assertThat(e.payload()).contains("\"paths\"", "infrafabric/coordinator.py", "\"kind\":\"ownership\"",
            "\"parties\":[\"session-7\"]");
      });
      assertThat(ConflictLog.open(store)).containsExactly(first);
      assertThat(ConflictLog.open(store, "s5", "coordination").orElseThrow().items()).isEqualTo(ITEMS);
    }
  }

  @Test
  void clearingClosesItAndAConflictThatReturnsStartsANewClock() throws Exception {
    try (EventStore store = EventStore.sqlite(dir.resolve("junction.db"))) {
      ConflictLog.seen(store, "s5", "coordination", ITEMS, at(Duration.ZERO));
      assertThat(ConflictLog.cleared(store, "s5", "coordination", at(Duration.ofMinutes(40))))
          .map(ConflictLog.Open::since).contains(T);
      assertThat(ConflictLog.open(store)).isEmpty();
      assertThat(store.events(ConflictLog.CLEARED)).singleElement()
          .satisfies(e -> assertThat(e.payload()).contains("\"minutes\":40"));
      assertThat(ConflictLog.cleared(store, "s5", "coordination", at(Duration.ofMinutes(41)))).isEmpty();
      assertThat(store.events(ConflictLog.CLEARED)).hasSize(1);

      ConflictLog.Open back = ConflictLog.seen(store, "s5", "coordination", List.of("cli/main.py"), at(Duration.ofHours(2)));
      assertThat(back.since()).isEqualTo(T.plus(Duration.ofHours(2)));
      assertThat(back.items()).containsExactly(new ConflictLog.Item("cli/main.py", "content", List.of()));
      assertThat(ConflictLog.open(store)).containsExactly(back);
    }
  }

  @Test
  void pairsAreIndependentAndListedByFirstSighting() throws Exception {
    try (EventStore store = EventStore.sqlite(dir.resolve("junction.db"))) {
      ConflictLog.seen(store, "s7", "coordination", ITEMS, at(Duration.ofMinutes(5)));
      ConflictLog.seen(store, "s5", "coordination", ITEMS, at(Duration.ZERO));
      ConflictLog.seen(store, "s5", "main", ITEMS, at(Duration.ofMinutes(9)));
      ConflictLog.cleared(store, "s5", "main", at(Duration.ofMinutes(10)));
      assertThat(ConflictLog.open(store)).extracting(ConflictLog.Open::pair)
          .containsExactly("s5 -> coordination", "s7 -> coordination");
    }
  }

  /** Two processes that record the same conflict at once leave two events; the clock runs from the first. */
  @Test
  void aDuplicateSightingDoesNotRestartTheClock() throws Exception {
    try (EventStore store = EventStore.sqlite(dir.resolve("junction.db"))) {
      ConflictLog.seen(store, "s5", "coordination", ITEMS, at(Duration.ZERO));
      store.append(new EventStore.Event(T.plusSeconds(1), ConflictLog.SEEN, "s5 -> coordination", java.util.Optional.empty(),
          "{\"source\":\"s5\",\"target\":\"coordination\",\"paths\":[]}"));
      assertThat(ConflictLog.open(store, "s5", "coordination")).map(ConflictLog.Open::since).contains(T);
    }
  }
}
