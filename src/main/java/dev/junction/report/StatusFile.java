package dev.junction.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A session's {@code STATUS-<session>.yaml} (spec 4.3 and 8.3): the flat file other sessions and
 * the coordinator read to see where a session stands. Top-level keys are scalars or lists of small
 * mappings, in the spec's snake_case words ({@code tests_passing}); the same data always renders to
 * the same text. The caller gathers the data; this class only renders it.
 */
public final class StatusFile {
  private StatusFile() {}

  private static final class Holder {
    static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
        .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
        .disable(YAMLGenerator.Feature.SPLIT_LINES)
        .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
        .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
        .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
        .build());
  }

  /** The file name of a session's status: {@code STATUS-session-7.yaml}. */
  public static String fileName(String session) {
    return "STATUS-" + session + ".yaml";
  }

  /**
   * Everything a status says.
   *
   * @param branch the session's branch; empty for a session without one (a coordinator)
   * @param tip the branch's tip commit, when the branch exists
   * @param gates the latest run of each gate on {@code tip}; empty when none ran
   * @param requests the open merge requests the session authored
   * @param reviewsRequested reviews asked of the session's members and not given yet
   * @param conflicts open conflicts the session is a side of
   * @param escalations escalations due that concern the session
   * @param rollbacks rollbacks of merges that carried the session's tasks
   * @param rolledBack the session's tasks that read rolled-back on the target now, with the next step
   */
  public record Status(String session, String name, Optional<String> branch, Optional<String> tip, Instant updated,
      String target, List<GateResult> gates, List<TaskLine> inProgress, List<TaskLine> ready, List<TaskLine> blocked,
      List<RequestLine> requests, List<Asked> reviewsRequested, List<ConflictLine> conflicts,
      List<EscalationLine> escalations, List<RollbackLine> rollbacks, List<RolledBackLine> rolledBack) {
    /** A status without rolled-back tasks. */
    public Status(String session, String name, Optional<String> branch, Optional<String> tip, Instant updated,
        String target, List<GateResult> gates, List<TaskLine> inProgress, List<TaskLine> ready, List<TaskLine> blocked,
        List<RequestLine> requests, List<Asked> reviewsRequested, List<ConflictLine> conflicts,
        List<EscalationLine> escalations, List<RollbackLine> rollbacks) {
      this(session, name, branch, tip, updated, target, gates, inProgress, ready, blocked, requests, reviewsRequested,
          conflicts, escalations, rollbacks, List.of());
    }

    public Status {
      rolledBack = List.copyOf(rolledBack);
      gates = List.copyOf(gates);
      inProgress = List.copyOf(inProgress);
      ready = List.copyOf(ready);
      blocked = List.copyOf(blocked);
      requests = List.copyOf(requests);
      reviewsRequested = List.copyOf(reviewsRequested);
      conflicts = List.copyOf(conflicts);
      escalations = List.copyOf(escalations);
      rollbacks = List.copyOf(rollbacks);
    }

    /** True when every gate that ran on the tip passed, false when one failed, empty when none ran. */
    public Optional<Boolean> testsPassing() {
      return gates.isEmpty() ? Optional.empty() : Optional.of(gates.stream().allMatch(GateResult::passed));
    }
  }

  /** The latest verdict of one gate on the session's tip. */
  public record GateResult(String gate, boolean passed, Instant at) {}

  /** How a blocked task's {@code waits_for} names an interface clash that freezes it, before its description. */
  public static final String FROZEN = "BLOCKED: ";

  /**
   * A task of the session; {@code waitsFor} lists the dependencies not merged yet, then each
   * interface clash freezing it ({@link #FROZEN}{@code interface conflict: PATH: DECL with OTHER (clash ID)}).
   */
  public record TaskLine(String id, String title, List<String> waitsFor) {
    public TaskLine {
      waitsFor = List.copyOf(waitsFor);
    }
  }

  /**
   * A task of the session that reads rolled-back: landed, then reverted on the target.
   *
   * @param merge abbreviated id of the reverted landing
   * @param revert abbreviated id of the revert
   * @param next what the session does now, with the command
   */
  public record RolledBackLine(String id, String title, String merge, String revert, String reason, String next) {}

  /**
   * An open merge request of the session.
   *
   * @param approvals the approvals that count under the review policy
   * @param missing what the review policy still asks, each in a sentence; empty when met
   * @param notes what did not count and why
   */
  public record RequestLine(long number, String title, String into, String size, Instant opened, List<String> approvals,
      List<String> missing, List<String> notes) {
    public RequestLine {
      approvals = List.copyOf(approvals);
      missing = List.copyOf(missing);
      notes = List.copyOf(notes);
    }
  }

  /** A review asked of a member of the session: on which request, of whom, why and since when. */
  public record Asked(long request, String title, String author, String reviewer, String reason, Instant since) {}

  /**
   * An open conflict the session is a side of.
   *
   * @param level spec 3.3's level now: 2 (the session's own) to 5
   */
  public record ConflictLine(String pair, Instant since, int level, List<String> paths) {
    public ConflictLine {
      paths = List.copyOf(paths);
    }
  }

  /** An escalation due: its level, since when, who acts and what they do. */
  public record EscalationLine(String subject, String level, String about, Instant since, List<String> who,
      String action) {
    public EscalationLine {
      who = List.copyOf(who);
    }
  }

  /**
   * A rollback of a merge that carried tasks of the session (spec 8.2, 8.3).
   *
   * @param action what the session does about it: the next step while a task of it reads
   *     rolled-back, else empty (it landed again)
   */
  public record RollbackLine(Instant at, String commit, List<String> tasks, String reason, String rootCause,
      Optional<String> action) {
    /** A rollback whose action is spec 8.3's general advice. */
    public RollbackLine(Instant at, String commit, List<String> tasks, String reason, String rootCause) {
      this(at, commit, tasks, reason, rootCause, Optional.empty());
    }

    public RollbackLine {
      tasks = List.copyOf(tasks);
    }
  }

  /** The status as YAML. */
  public static String yaml(Status s) {
    try {
      return Holder.YAML.writeValueAsString(fields(s));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write YAML", e);
    }
  }

  /** The status's keys and values in file order, for YAML and JSON alike. */
  public static Map<String, Object> fields(Status s) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("session", s.session());
    out.put("name", s.name());
    out.put("branch", s.branch().orElse(null));
    out.put("tip", s.tip().orElse(null));
    out.put("target", s.target());
    out.put("updated", s.updated().toString());
    out.put("tests_passing", s.testsPassing().orElse(null));
    out.put("gates", s.gates().stream().map(g -> map("gate", g.gate(), "passed", g.passed(), "at", g.at().toString()))
        .toList());
    out.put("tasks_in_progress", s.inProgress().stream().map(t -> map("task", t.id(), "title", t.title())).toList());
    out.put("tasks_ready", s.ready().stream().map(t -> map("task", t.id(), "title", t.title())).toList());
    out.put("tasks_blocked", s.blocked().stream()
        .map(t -> map("task", t.id(), "title", t.title(), "waits_for", t.waitsFor())).toList());
    if (!s.rolledBack().isEmpty()) {
      out.put("tasks_rolled_back", s.rolledBack().stream().map(t -> map("task", t.id(), "title", t.title(),
          "merge", t.merge(), "reverted_by", t.revert(), "reason", t.reason(), "next", t.next())).toList());
    }
    out.put("requests", s.requests().stream().map(r -> map("number", r.number(), "title", r.title(), "into", r.into(),
        "size", r.size(), "opened", r.opened().toString(), "approvals", r.approvals().size(), "approved_by", r.approvals(),
        "missing", r.missing(), "notes", r.notes())).toList());
    out.put("reviews_requested", s.reviewsRequested().stream().map(a -> map("request", a.request(), "title", a.title(),
        "author", a.author(), "reviewer", a.reviewer(), "reason", a.reason(), "since", a.since().toString())).toList());
    out.put("conflicts", s.conflicts().stream().map(c -> map("pair", c.pair(), "since", c.since().toString(),
        "level", c.level(), "paths", c.paths())).toList());
    out.put("escalations", s.escalations().stream().map(e -> map("subject", e.subject(), "level", e.level(),
        "about", e.about(), "since", e.since().toString(), "who", e.who(), "action", e.action())).toList());
    // Spec 8.3's notice, one per rollback: event, timestamp, commit, reason, affected_work, action_required.
    out.put("rollbacks", s.rollbacks().stream().map(r -> map("event", "ROLLBACK", "timestamp", r.at().toString(),
        "commit", r.commit(), "reason", r.reason(), "affected_work", r.tasks(), "root_cause", r.rootCause(),
        "action_required", r.action().orElse(s.session() + ": fix " + String.join(", ", r.tasks()) + " on "
            + s.branch().orElse("its branch") + ", run the gates, land again"))).toList());
    out.put("blockers", blockers(s));
    return out;
  }

  /** What stands in the session's way, one sentence each: the summary a coordinator reads first. */
  static List<String> blockers(Status s) {
    List<String> out = new ArrayList<>();
    for (GateResult g : s.gates()) {
      if (!g.passed()) {
        out.add("gate " + g.gate() + " failed on " + s.branch().orElse("the branch") + " at "
            + s.tip().map(t -> t.length() > 10 ? t.substring(0, 10) : t).orElse("its tip"));
      }
    }
    for (ConflictLine c : s.conflicts()) {
      out.add("conflict " + c.pair() + " open since " + c.since() + " (spec 3.3 level " + c.level() + "): "
          + String.join(", ", c.paths()));
    }
    for (RequestLine r : s.requests()) {
      r.missing().forEach(m -> out.add("request #" + r.number() + ": " + m));
    }
    for (TaskLine t : s.blocked()) {
      List<String> tasks = t.waitsFor().stream().filter(w -> !w.startsWith(FROZEN)).toList();
      if (!tasks.isEmpty()) {
        out.add(t.id() + " waits for " + String.join(", ", tasks) + " to land on " + s.target());
      }
      t.waitsFor().stream().filter(w -> w.startsWith(FROZEN)).forEach(w -> out.add(t.id() + " is " + w
          + ": neither branch lands until a coordinator records the agreed declaration (junction clash resolve)"));
    }
    for (RolledBackLine t : s.rolledBack()) {
      out.add(t.id() + " was rolled back on " + s.target() + " (revert " + t.revert() + "): " + t.next());
    }
    return out;
  }

  private static Map<String, Object> map(Object... pairs) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      out.put((String) pairs[i], pairs[i + 1]);
    }
    return out;
  }
}
