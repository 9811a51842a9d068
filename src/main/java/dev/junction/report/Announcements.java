package dev.junction.report;

import dev.junction.store.EventCodec;
import dev.junction.store.EventStore;
import dev.junction.store.EventStore.Stored;
import dev.junction.store.StoreEvent;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The store's events that reports announce: rollbacks (spec 8.2 step 3), emergency overrides
 * (spec 5.4 step 2) and escalations (spec 3.3, 7.4). The one reader of those events for the board
 * and the STATUS files.
 */
public final class Announcements {
  private Announcements() {}

  /**
   * A rollback as its event tells it.
   *
   * @param merge the reverted merge, when the payload names it
   * @param tasks the tasks the merge carried, in the order the event lists them
   */
  public record Rollback(Instant at, String subject, Optional<String> merge, List<String> tasks, String reason,
      String rootCause) {
    public Rollback {
      tasks = List.copyOf(tasks);
    }
  }

  /** Every rollback in the store, oldest first. */
  public static List<Rollback> rollbacks(EventStore store) throws IOException {
    List<Rollback> out = new ArrayList<>();
    for (Stored<StoreEvent.RolledBack> e : store.events(StoreEvent.RolledBack.class)) {
      StoreEvent.RolledBack r = e.event();
      out.add(new Rollback(e.at(), e.subject(), Optional.ofNullable(r.merge()), r.tasks(), text(r.reason()),
          text(r.rootCause())));
    }
    return out;
  }

  /** What the task board announces, in store order (the board shows the newest first). */
  public static List<TaskBoard.Event> board(EventStore store) throws IOException {
    List<TaskBoard.Event> out = new ArrayList<>();
    for (Stored<StoreEvent.RolledBack> e : store.events(StoreEvent.RolledBack.class)) {
      StoreEvent.RolledBack r = e.event();
      String tasks = String.join(",", r.tasks());
      out.add(new TaskBoard.Event(e.at(), "ROLLBACK", fields("commit", text(r.merge()),
          "tasks", tasks.isEmpty() ? "none" : tasks, "reason", text(r.reason()), "root_cause", text(r.rootCause()))));
    }
    for (Stored<StoreEvent.OverrideGranted> e : store.events(StoreEvent.OverrideGranted.class)) {
      StoreEvent.OverrideGranted g = e.event();
      out.add(new TaskBoard.Event(e.at(), "EMERGENCY OVERRIDE", fields("branch", e.subject(),
          "approver", e.actor().orElse("unknown"), "reason", text(g.reason()), "until", text(g.until()),
          "review_due", text(g.reviewDue()), "record", text(g.record()))));
    }
    for (Stored<StoreEvent.EscalationReached> e : store.events(StoreEvent.EscalationReached.class)) {
      StoreEvent.EscalationReached x = e.event();
      out.add(new TaskBoard.Event(e.at(), "ESCALATION", fields("about", text(x.about()),
          "level", text(x.level()), "since", text(x.since()), "who", EventCodec.json(x.who()),
          "action", text(x.action()))));
    }
    // Spec 3.2 type 2's entry on the board: BLOCKED with the declaration, then the resolution and who.
    Map<String, Stored<StoreEvent.ClashEvent>> resolved = new LinkedHashMap<>();
    List<Stored<StoreEvent.ClashEvent>> clashes = store.events(StoreEvent.ClashEvent.class);
    clashes.stream().filter(e -> e.event() instanceof StoreEvent.ClashResolved).forEach(e -> resolved.putIfAbsent(e.subject(), e));
    java.util.Set<String> shown = new java.util.HashSet<>();
    for (Stored<StoreEvent.ClashEvent> e : clashes) {
      if (!(e.event() instanceof StoreEvent.ClashSeen c) || !shown.add(e.subject())) {
        continue;
      }
      Stored<StoreEvent.ClashEvent> r = resolved.get(e.subject());
      String where = c.path() + ": " + c.declaration();
      Map<String, String> f = fields("branches", c.a() + ", " + c.b(), "declaration", where,
          "status", r != null ? "RESOLVED" : "BLOCKED",
          "reason", "interface conflict between " + c.a() + " and " + c.b() + " on " + where + " (clash " + e.id() + ")");
      if (r != null) {
        f.put("resolution", ((StoreEvent.ClashResolved) r.event()).agreed());
        f.put("resolved_by", r.actor().orElse("unknown") + " at " + r.at());
      }
      f.put("action", r != null
          ? "both sessions adopt the agreed declaration, then land in the plan's order; the cross-session gates run on the merge"
          : "both branches are frozen: agree on the declaration, then a coordinator runs junction clash resolve " + e.id()
              + " --agreed TEXT");
      out.add(new TaskBoard.Event(r != null ? r.at() : e.at(),
          r != null ? "interface conflict resolved" : "BLOCKED: interface conflict", f));
    }
    return out;
  }

  /** A field as the board prints it: empty when the event does not hold it. */
  private static String text(Object value) {
    return value == null ? "" : value.toString();
  }

  private static Map<String, String> fields(String... pairs) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m;
  }
}
