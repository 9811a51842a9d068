package dev.junction.review;

import dev.junction.store.EventStore;
import dev.junction.store.EventStore.Stored;
import dev.junction.store.StoreEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * When a conflict between a branch and its target was first seen and whether it has cleared: the
 * clock of spec 3.3's escalation path. A conflict is a {@code conflict.seen} event about
 * {@code <source> -> <target>}, open until a later {@code conflict.cleared} event about the same
 * pair. {@code junction check} records both; {@code land} records what it finds the same way.
 */
public final class ConflictLog {
  /** The event kind of a conflict first seen. */
  public static final String SEEN = "conflict.seen";
  /** The event kind of a conflict found gone. */
  public static final String CLEARED = "conflict.cleared";


  private ConflictLog() {}

  /**
   * One path in conflict.
   *
   * @param kind what kind of conflict: {@code content} (or git's kind, {@code content (modify/delete)}),
   *     or {@code interface} ({@code ownership} in events written before ownership became advice)
   * @param parties who else is involved: the path's owners (session ids, CODEOWNERS owners) or the
   *     other branch that changes the same declaration; empty for a plain content conflict
   */
  public record Item(String path, String kind, List<String> parties) {
    public Item {
      parties = List.copyOf(parties);
    }
  }

  /** A conflict recorded and not yet cleared, with what it was about when first seen. */
  public record Open(String source, String target, Instant since, List<Item> items) {
    public Open {
      items = List.copyOf(items);
    }

    /** {@code <source> -> <target>}, the events' subject. */
    public String pair() {
      return subject(source, target);
    }
  }

  /** The subject of a pair's events; {@code refs/heads/} is dropped so a branch has one name. */
  public static String subject(String source, String target) {
    return branch(source) + " -> " + branch(target);
  }

  /**
   * Records that {@code source} conflicts with {@code target}, unless a conflict of the pair is
   * open already. Answers the open conflict: the one just recorded or the earlier one.
   */
  public static Open seen(EventStore store, String source, String target, List<Item> items, Clock clock) {
    Optional<Open> earlier = open(store, source, target);
    if (earlier.isPresent()) {
      return earlier.get();
    }
    Instant now = clock.instant();
    store.append(now, subject(source, target), Optional.empty(), new StoreEvent.ConflictSeen(branch(source),
        branch(target), items.stream().map(i -> new StoreEvent.ConflictPath(i.path(), i.kind(), i.parties())).toList()));
    return new Open(branch(source), branch(target), now, items);
  }

  /** {@link #seen(EventStore, String, String, List, Clock)} for plain content conflicts on {@code paths}. */
  public static Open seen(EventStore store, String source, String target, Collection<String> paths, Clock clock) {
    return seen(store, source, target, paths.stream().map(p -> new Item(p, "content", List.of())).toList(), clock);
  }

  /**
   * Records that {@code source} no longer conflicts with {@code target}, if a conflict of the pair
   * is open. Answers the conflict that cleared.
   */
  public static Optional<Open> cleared(EventStore store, String source, String target, Clock clock) {
    Optional<Open> open = open(store, source, target);
    open.ifPresent(o -> {
      Instant now = clock.instant();
      store.append(now, o.pair(), Optional.empty(), new StoreEvent.ConflictCleared(o.source(), o.target(), o.since(),
          java.time.Duration.between(o.since(), now).toMinutes()));
    });
    return open;
  }

  /** The open conflict of a pair, if there is one. */
  public static Optional<Open> open(EventStore store, String source, String target) {
    return episode(store.events(StoreEvent.ConflictEvent.class, subject(source, target)));
  }

  /** Every open conflict, in the order they were first recorded. */
  public static List<Open> open(EventStore store) {
    Map<String, List<Stored<StoreEvent.ConflictEvent>>> bySubject = new LinkedHashMap<>();
    for (Stored<StoreEvent.ConflictEvent> e : store.events(StoreEvent.ConflictEvent.class)) {
      bySubject.computeIfAbsent(e.subject(), s -> new ArrayList<>()).add(e);
    }
    List<Open> out = new ArrayList<>();
    for (List<Stored<StoreEvent.ConflictEvent>> events : bySubject.values()) {
      episode(events).ifPresent(out::add);
    }
    out.sort(java.util.Comparator.comparing(Open::since));
    return out;
  }

  /**
   * The open conflict in a pair's events: the first {@code seen} after the last {@code cleared}.
   * The first, not the last, so two processes that both recorded it at once change nothing.
   */
  private static Optional<Open> episode(List<Stored<StoreEvent.ConflictEvent>> events) {
    Stored<StoreEvent.ConflictEvent> first = null;
    for (Stored<StoreEvent.ConflictEvent> e : events) {
      if (e.event() instanceof StoreEvent.ConflictCleared) {
        first = null;
      } else if (e.event() instanceof StoreEvent.ConflictSeen && first == null) {
        first = e;
      }
    }
    if (first == null) {
      return Optional.empty();
    }
    StoreEvent.ConflictSeen seen = (StoreEvent.ConflictSeen) first.event();
    List<Item> items = seen.paths().stream().map(p -> new Item(text(p.path()), text(p.kind()), p.parties())).toList();
    return Optional.of(new Open(text(seen.source()), text(seen.target()), first.at(), items));
  }

  private static String text(String value) {
    return value == null ? "" : value;
  }

  private static String branch(String name) {
    return name.startsWith("refs/heads/") ? name.substring("refs/heads/".length()) : name;
  }
}
