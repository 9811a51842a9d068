package dev.junction.report;

import dev.junction.store.EventStore;
import dev.junction.store.EventStore.Stored;
import dev.junction.store.StoreEvent;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every emergency override (spec 5.4) as the store tells it: the grant, each push the guard let
 * through under it, its close and its review, read back from the {@code override.*} events. The
 * guard's rule decides which override a push or a close belongs to: on a branch, the latest grant
 * not closed, in the store's order (event ids), whatever its expiry.
 */
public final class OverrideLog {
  /** Overrides the board and {@code override list} show without {@code --all}: granted this recently, or still needing something. */
  public static final Duration RECENT = Duration.ofDays(7);

  private OverrideLog() {}

  /** Where an override stands. */
  public enum State {
    /** Pushes pass until it runs out. */
    OPEN("open"),
    /** Its time ran out before anyone closed it. */
    EXPIRED("expired"),
    /** A coordinator closed it before its time. */
    CLOSED("closed"),
    /** A newer grant on the branch took its place before it ended. */
    REPLACED("replaced");

    private final String word;

    State(String word) {
      this.word = word;
    }

    @Override
    public String toString() {
      return word;
    }
  }

  /** Where its review (spec 5.4 step 4, due within the hour of the grant) stands. */
  public enum ReviewState {
    /** Recorded by the due time. */
    ON_TIME("on-time"),
    /** Recorded after the due time. */
    LATE("late"),
    /** Not recorded, not due yet. */
    DUE("due"),
    /** Not recorded and past its due time. */
    OVERDUE("overdue");

    private final String word;

    ReviewState(String word) {
      this.word = word;
    }

    @Override
    public String toString() {
      return word;
    }
  }

  /** A commit a push brought, newest first as git log lists them. */
  public record Commit(String id, String subject) {}

  /** An update the guard let through under the override: who, when, the ref's old and new ids, and the commits. */
  public record Push(Instant at, String pusher, String ref, String oldId, String newId, List<Commit> commits) {
    public Push {
      commits = List.copyOf(commits);
    }
  }

  /** Who closed it, when. */
  public record Closing(Instant at, String by) {}

  /** A review: who, when, what it found, and whether it came by the due time. */
  public record Review(Instant at, String by, String notes, boolean onTime) {}

  /**
   * One override.
   *
   * @param id the grant's event id
   * @param ended when it stopped letting pushes through: closed, replaced, expired; empty while open
   */
  public record Entry(long id, String branch, String grantedBy, String reason, Instant granted, Instant until,
      Instant reviewDue, String record, State state, Optional<Instant> ended, List<Push> pushes,
      Optional<Closing> closed, List<Review> reviews, ReviewState review) {
    public Entry {
      pushes = List.copyOf(pushes);
      reviews = List.copyOf(reviews);
    }

    /** Open, its review missing, or granted within {@link #RECENT} of {@code now}. */
    public boolean current(Instant now) {
      return state == State.OPEN || reviews.isEmpty() || !granted.plus(RECENT).isBefore(now);
    }
  }

  /** The commits an update brought, read from git by the caller (the board does without: none). */
  @FunctionalInterface
  public interface Commits {
    List<Commit> between(String oldId, String newId) throws IOException;
  }

  /** Every override, oldest first, as of {@code now}, without the commits of its pushes. */
  public static List<Entry> read(EventStore store, Instant now) throws IOException {
    return read(store, now, (o, n) -> List.of());
  }

  /** Every override, oldest first, as of {@code now}, each push with the commits {@code commits} finds. */
  public static List<Entry> read(EventStore store, Instant now, Commits commits) throws IOException {
    List<Stored<StoreEvent.OverrideEvent>> events = new ArrayList<>(store.events(StoreEvent.OverrideEvent.class));
    events.sort(Comparator.comparingLong(Stored::id));
    Map<Long, Builder> grants = new LinkedHashMap<>();
    Map<String, Builder> open = new HashMap<>(); // per branch: the latest grant not closed
    List<Stored<StoreEvent.OverrideReviewed>> reviews = new ArrayList<>();
    for (Stored<StoreEvent.OverrideEvent> e : events) {
      Builder current = open.get(e.subject());
      if (e.event() instanceof StoreEvent.OverrideGranted g) {
        if (current != null && current.until.isAfter(e.at())) {
          current.end(State.REPLACED, e.at());
        }
        Builder b = new Builder(e.id(), e.subject(), e.actor().orElse("unknown"), g, e.at());
        grants.put(e.id(), b);
        open.put(e.subject(), b);
      } else if (e.event() instanceof StoreEvent.OverridePushed p && current != null) {
        current.pushes.add(new Push(e.at(), p.pusher(), p.ref(), p.oldId(), p.newId(), commits.between(p.oldId(), p.newId())));
      } else if (e.event() instanceof StoreEvent.OverrideClosed && current != null) {
        current.closed = new Closing(e.at(), e.actor().orElse("unknown"));
        if (current.until.isAfter(e.at()) && current.state == null) {
          current.end(State.CLOSED, e.at());
        }
        open.remove(e.subject());
      } else if (e.event() instanceof StoreEvent.OverrideReviewed) {
        @SuppressWarnings("unchecked")
        Stored<StoreEvent.OverrideReviewed> r = (Stored<StoreEvent.OverrideReviewed>) (Stored<?>) e;
        reviews.add(r);
      }
    }
    for (Stored<StoreEvent.OverrideReviewed> r : reviews) {
      Builder b = r.event().grant() != null ? grants.get(r.event().grant()) : legacy(grants, r);
      if (b != null) {
        b.reviews.add(new Review(r.at(), r.actor().orElse("unknown"), r.event().notes(), !r.at().isAfter(b.grant.reviewDue())));
      }
    }
    List<Entry> out = new ArrayList<>();
    for (Builder b : grants.values()) {
      out.add(b.build(now));
    }
    return out;
  }

  /** A review written before reviews named their grant: the first grant of its branch and time not reviewed yet. */
  private static Builder legacy(Map<Long, Builder> grants, Stored<StoreEvent.OverrideReviewed> r) {
    for (Builder b : grants.values()) {
      if (b.branch.equals(r.subject()) && b.granted.equals(r.event().grantedAt()) && b.reviews.isEmpty()) {
        return b;
      }
    }
    return null;
  }

  private static final class Builder {
    final long id;
    final String branch;
    final String by;
    final StoreEvent.OverrideGranted grant;
    final Instant granted;
    final Instant until;
    final List<Push> pushes = new ArrayList<>();
    final List<Review> reviews = new ArrayList<>();
    State state;
    Instant ended;
    Closing closed;

    Builder(long id, String branch, String by, StoreEvent.OverrideGranted grant, Instant granted) {
      this.id = id;
      this.branch = branch;
      this.by = by;
      this.grant = grant;
      this.granted = granted;
      this.until = grant.until();
    }

    void end(State how, Instant at) {
      state = how;
      ended = at;
    }

    Entry build(Instant now) {
      State s = state;
      Instant e = ended;
      if (s == null) {
        boolean ran = !until.isAfter(now);
        s = ran || closed != null ? State.EXPIRED : State.OPEN;
        e = s == State.OPEN ? null : until;
      }
      ReviewState review = reviews.isEmpty()
          ? (now.isAfter(grant.reviewDue()) ? ReviewState.OVERDUE : ReviewState.DUE)
          : (reviews.get(0).onTime() ? ReviewState.ON_TIME : ReviewState.LATE);
      return new Entry(id, branch, by, grant.reason(), granted, until, grant.reviewDue(), grant.record(), s,
          Optional.ofNullable(e), pushes, Optional.ofNullable(closed), reviews, review);
    }
  }

  /**
   * The board's section: the overrides {@link Entry#current current} at {@code now}, newest
   * first, each with its state, its pushes and its review; empty text when there are none.
   */
  public static String section(List<Entry> overrides, Instant now) {
    List<Entry> shown = overrides.stream().filter(o -> o.current(now))
        .sorted(Comparator.comparing(Entry::granted).thenComparingLong(Entry::id).reversed()).toList();
    if (shown.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder("\n## Overrides\n\n");
    b.append("| Branch | Granted | By | Reason | State | Pushes | Review |\n");
    b.append("|---|---|---|---|---|---|---|\n");
    for (Entry o : shown) {
      b.append("| ").append(cell(o.branch()))
          .append(" | ").append(o.granted())
          .append(" | ").append(cell(o.grantedBy()))
          .append(" | ").append(cell(o.reason()))
          .append(" | ").append(stateText(o))
          .append(" | ").append(o.pushes().size())
          .append(" | ").append(reviewText(o))
          .append(" |\n");
    }
    return b.toString();
  }

  /** The state in words: {@code open until T}, {@code closed by X at T}, {@code expired at T}, {@code replaced at T}. */
  public static String stateText(Entry o) {
    return switch (o.state()) {
      case OPEN -> "🔓 open until " + o.until();
      case CLOSED -> "closed by " + cell(o.closed().map(Closing::by).orElse("unknown")) + " at " + o.ended().orElseThrow();
      case EXPIRED -> "expired at " + o.until();
      case REPLACED -> "replaced at " + o.ended().orElseThrow();
    };
  }

  /** The review in words: {@code on time by X}, {@code late by X}, {@code due by T}, {@code ⚠ overdue since T}. */
  public static String reviewText(Entry o) {
    String by = o.reviews().isEmpty() ? "" : cell(o.reviews().get(0).by());
    return switch (o.review()) {
      case ON_TIME -> "on time by " + by;
      case LATE -> "⚠ late by " + by + " (due " + o.reviewDue() + ")";
      case DUE -> "due by " + o.reviewDue();
      case OVERDUE -> "⚠ overdue since " + o.reviewDue();
    };
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
