package dev.junction.review;

import dev.junction.store.EventStore;
import dev.junction.store.EventStore.Stored;
import dev.junction.store.StoreEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Interface clashes (spec 3.2, type 2) as the store knows them: two open branches that both change
 * one declaration. A clash is recorded once when {@code check}, the radar or a landing first finds
 * it ({@code clash.seen}); until the coordinator records the agreed resolution
 * ({@code clash.resolved}, once) both branches are frozen: neither lands.
 */
public final class Clashes {
  private Clashes() {}

  /**
   * A clash and, once resolved, what was agreed and by whom.
   *
   * @param id the id of its {@code clash.seen} event, which {@code junction clash resolve} names
   * @param a the first of the two branches, in name order
   * @param by what found it first: {@code check}, {@code radar} or {@code land}
   */
  public record Clash(long id, String a, String b, String path, String declaration, String target, Instant seen,
      String by, Optional<Resolution> resolution) {
    /** Whether {@code branch} is one of the two. */
    public boolean involves(String branch) {
      return a.equals(branch) || b.equals(branch);
    }

    /** The other branch of the two. */
    public String other(String branch) {
      return a.equals(branch) ? b : a;
    }

    /** {@code path: declaration}. */
    public String where() {
      return path + ": " + declaration;
    }
  }

  /** What the coordinator recorded. */
  public record Resolution(String agreed, String by, Instant at) {}

  /** The events' subject: the two branches in name order, the path and the declaration. */
  public static String subject(String x, String y, String path, String declaration) {
    String a = branch(x).compareTo(branch(y)) <= 0 ? branch(x) : branch(y);
    String b = a.equals(branch(x)) ? branch(y) : branch(x);
    return "clash: " + a + " x " + b + ": " + path + ": " + declaration;
  }

  /** Records the clash unless it is recorded already (a unique key decides); answers whether it was new. */
  public static boolean seen(EventStore store, String x, String y, String path, String declaration, String target,
      String by, Clock clock) {
    String subject = subject(x, y, path, declaration);
    String a = subject.substring("clash: ".length(), subject.indexOf(" x "));
    String b = a.equals(branch(x)) ? branch(y) : branch(x);
    return store.appendOnce(clock.instant(), subject, Optional.empty(),
        new StoreEvent.ClashSeen(a, b, path, declaration, branch(target), by));
  }

  /** Every clash recorded, oldest first, each with its resolution if there is one. */
  public static List<Clash> all(EventStore store) {
    Map<String, Stored<StoreEvent.ClashEvent>> seen = new LinkedHashMap<>();
    Map<String, Stored<StoreEvent.ClashEvent>> resolved = new LinkedHashMap<>();
    for (Stored<StoreEvent.ClashEvent> e : store.events(StoreEvent.ClashEvent.class)) {
      (e.event() instanceof StoreEvent.ClashSeen ? seen : resolved).putIfAbsent(e.subject(), e);
    }
    List<Clash> out = new ArrayList<>();
    for (Stored<StoreEvent.ClashEvent> e : seen.values()) {
      StoreEvent.ClashSeen s = (StoreEvent.ClashSeen) e.event();
      Optional<Resolution> resolution = Optional.ofNullable(resolved.get(e.subject())).map(r -> new Resolution(
          ((StoreEvent.ClashResolved) r.event()).agreed(), r.actor().orElse("unknown"), r.at()));
      out.add(new Clash(e.id(), s.a(), s.b(), s.path(), s.declaration(), s.target(), e.at(), s.by(), resolution));
    }
    return out;
  }

  /** The clash recorded under {@code id}. */
  public static Optional<Clash> byId(EventStore store, long id) {
    return all(store).stream().filter(c -> c.id() == id).findFirst();
  }

  /** The unresolved clash of the pair on that declaration, if one is recorded. */
  public static Optional<Clash> open(EventStore store, String x, String y, String path, String declaration) {
    String subject = subject(x, y, path, declaration);
    return all(store).stream().filter(c -> subject(c.a(), c.b(), c.path(), c.declaration()).equals(subject))
        .filter(c -> c.resolution().isEmpty()).findFirst();
  }

  /**
   * Records the agreed resolution of clash {@code id} by {@code actor}; answers false when it was
   * resolved already (the first resolution stands).
   */
  public static boolean resolve(EventStore store, Clash clash, String agreed, String actor, Clock clock) {
    return store.appendOnce(clock.instant(), subject(clash.a(), clash.b(), clash.path(), clash.declaration()),
        Optional.of(actor), new StoreEvent.ClashResolved(clash.id(), agreed));
  }

  private static String branch(String name) {
    return name.startsWith("refs/heads/") ? name.substring("refs/heads/".length()) : name;
  }
}
