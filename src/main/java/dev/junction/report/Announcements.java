package dev.junction.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.store.EventCodec;
import dev.junction.store.EventStore;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The store's events that reports announce, read from their payloads: rollbacks (spec 8.2 step 3),
 * emergency overrides (spec 5.4 step 2) and escalations (spec 3.3, 7.4). The one reader of those
 * payloads for the board and the STATUS files.
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
    for (EventStore.Event e : store.events("rollback")) {
      JsonNode p = EventCodec.fields(e.payload());
      List<String> tasks = EventCodec.strings(p.path("tasks"));
      JsonNode merge = p.path("merge");
      out.add(new Rollback(e.at(), e.subject(),
          merge.isMissingNode() || merge.isNull() ? Optional.empty() : Optional.of(merge.asText()), tasks, p.path("reason").asText(),
          p.path("rootCause").asText()));
    }
    return out;
  }

  /** What the task board announces, in store order (the board shows the newest first). */
  public static List<TaskBoard.Event> board(EventStore store) throws IOException {
    List<TaskBoard.Event> out = new ArrayList<>();
    for (EventStore.Event e : store.events("rollback")) {
      JsonNode p = EventCodec.fields(e.payload());
      String tasks = String.join(",", EventCodec.strings(p.path("tasks")));
      out.add(new TaskBoard.Event(e.at(), "ROLLBACK", fields("commit", p.path("merge").asText(),
          "tasks", tasks.isEmpty() ? "none" : tasks, "reason", p.path("reason").asText(),
          "root_cause", p.path("rootCause").asText())));
    }
    for (EventStore.Event e : store.events("override.granted")) {
      JsonNode p = EventCodec.fields(e.payload());
      out.add(new TaskBoard.Event(e.at(), "EMERGENCY OVERRIDE", fields("branch", e.subject(),
          "approver", e.actor().orElse("unknown"), "reason", p.path("reason").asText(), "until", p.path("until").asText(),
          "review_due", p.path("reviewDue").asText(), "record", p.path("record").asText())));
    }
    for (EventStore.Event e : store.events("escalation")) {
      JsonNode p = EventCodec.fields(e.payload());
      out.add(new TaskBoard.Event(e.at(), "ESCALATION", fields("about", p.path("about").asText(),
          "level", p.path("level").asText(), "since", p.path("since").asText(), "who", p.path("who").toString(),
          "action", p.path("action").asText())));
    }
    return out;
  }

  private static Map<String, String> fields(String... pairs) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m;
  }
}
