package dev.junction.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The read tables of merge requests, reviews, findings and reviewer assignments. Every change is
 * an event appended in the same transaction as its row.
 */
public final class Reviews {
  private final Jdbi jdbi;
  private final Dialect dialect;

  Reviews(Jdbi jdbi, Dialect dialect) {
    this.jdbi = jdbi;
    this.dialect = dialect;
  }

  /** A merge request as stored; {@code state} is {@code open}, {@code closed} or {@code landed}. */
  public record Request(long number, String source, String target, Optional<String> task, String type, String title,
      String body, String author, String session, int lines, String size, Optional<String> justification,
      String state, Instant openedAt, Optional<Instant> endedAt) {
    public boolean isOpen() {
      return state.equals("open");
    }
  }

  /** One review; {@code verdict} is {@code approve}, {@code request-changes} or {@code comment}. */
  public record Review(long id, long request, String reviewer, String session, String verdict, Instant at) {}

  /** A finding of a review; {@code state} is {@code open}, {@code resolved} or {@code accepted}. */
  public record Finding(long id, long request, long review, String severity, Optional<String> path,
      Optional<Integer> line, String text, String raisedBy, String state, Optional<Instant> resolvedAt,
      Optional<Instant> acceptedAt) {}

  /** A reviewer asked to review; {@code reason} is {@code opened}, {@code backup} or {@code manual}. */
  public record Assignment(long id, long request, String reviewer, String reason, Instant at) {}

  /**
   * Stores a new open request (its {@code number} is ignored) with its event; empty when an open
   * request for the same source and target exists already.
   */
  public Optional<Request> open(EventStore.Event event, Request r) {
    try {
      return Optional.of(jdbi.inTransaction(h -> {
        long eventId = SqliteEventStore.insert(h, dialect, event);
        long number = h.createUpdate("INSERT INTO requests (event_id, source, target, task, type, title, body, author, "
                + "session, lines, size, justification, state, opened_at) VALUES (:event, :source, :target, :task, :type, "
                + ":title, :body, :author, :session, :lines, :size, :justification, 'open', :at)")
            .bind("event", eventId).bind("source", r.source()).bind("target", r.target())
            .bind("task", r.task().orElse(null)).bind("type", r.type()).bind("title", r.title()).bind("body", r.body())
            .bind("author", r.author()).bind("session", r.session()).bind("lines", r.lines()).bind("size", r.size())
            .bind("justification", r.justification().orElse(null)).bind("at", r.openedAt().toString())
            .executeAndReturnGeneratedKeys("number").mapTo(Long.class).one();
        return request(h, number).orElseThrow();
      }));
    } catch (UnableToExecuteStatementException e) {
      if (dialect.isUniqueViolation(e)) {
        return Optional.empty(); // requests_one_open_per_pair: another one is open
      }
      throw e;
    }
  }

  public Optional<Request> request(long number) {
    return jdbi.withHandle(h -> request(h, number));
  }

  private static Optional<Request> request(Handle h, long number) {
    return h.createQuery("SELECT * FROM requests WHERE number = :n").bind("n", number)
        .map((rs, ctx) -> request(rs)).findFirst();
  }

  /** The open request from {@code source} into {@code target}, if there is one. */
  public Optional<Request> openRequest(String source, String target) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM requests WHERE source = :s AND target = :t AND state = 'open'")
        .bind("s", source).bind("t", target).map((rs, ctx) -> request(rs)).findFirst());
  }

  /** Requests in a state ({@code open}, {@code closed}, {@code landed}), or all when empty; by number. */
  public List<Request> requests(Optional<String> state) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM requests WHERE :state IS NULL OR state = :state ORDER BY number")
        .bind("state", state.orElse(null)).map((rs, ctx) -> request(rs)).list());
  }

  /** Ends an open request as {@code closed} or {@code landed}; false when it was not open. */
  public boolean end(EventStore.Event event, long number, String state) {
    return jdbi.inTransaction(h -> {
      int changed = h.createUpdate("UPDATE requests SET state = :state, ended_at = :at WHERE number = :n AND state = 'open'")
          .bind("state", state).bind("at", event.at().toString()).bind("n", number).execute();
      if (changed == 1) {
        SqliteEventStore.insert(h, dialect, event);
      }
      return changed == 1;
    });
  }

  /** Stores a review (its {@code id} ignored) and its findings (ids, review and state ignored: open). */
  public Review review(EventStore.Event event, Review r, List<Finding> findings) {
    return jdbi.inTransaction(h -> {
      long eventId = SqliteEventStore.insert(h, dialect, event);
      long id = h.createUpdate("INSERT INTO reviews (event_id, request, reviewer, session, verdict, at) "
              + "VALUES (:event, :request, :reviewer, :session, :verdict, :at)")
          .bind("event", eventId).bind("request", r.request()).bind("reviewer", r.reviewer())
          .bind("session", r.session()).bind("verdict", r.verdict()).bind("at", r.at().toString())
          .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
      for (Finding f : findings) {
        h.createUpdate("INSERT INTO findings (event_id, request, review, severity, path, line, text, raised_by, state) "
                + "VALUES (:event, :request, :review, :severity, :path, :line, :text, :by, 'open')")
            .bind("event", eventId).bind("request", r.request()).bind("review", id).bind("severity", f.severity())
            .bind("path", f.path().orElse(null)).bind("line", f.line().orElse(null)).bind("text", f.text())
            .bind("by", r.reviewer()).execute();
      }
      return new Review(id, r.request(), r.reviewer(), r.session(), r.verdict(), r.at());
    });
  }

  public List<Review> reviews(long request) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM reviews WHERE request = :n ORDER BY id").bind("n", request)
        .map((rs, ctx) -> new Review(rs.getLong("id"), rs.getLong("request"), rs.getString("reviewer"),
            rs.getString("session"), rs.getString("verdict"), Instant.parse(rs.getString("at")))).list());
  }

  public List<Finding> findings(long request) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM findings WHERE request = :n ORDER BY id").bind("n", request)
        .map((rs, ctx) -> finding(rs)).list());
  }

  /**
   * Moves a finding of a request from one state to the next ({@code open} to {@code resolved}, or
   * {@code resolved} to {@code accepted} or back to {@code open}); false when it was not in {@code from}.
   */
  public boolean moveFinding(EventStore.Event event, long request, long finding, String from, String to) {
    return jdbi.inTransaction(h -> {
      String column = to.equals("accepted") ? ", accepted_at = :at" : to.equals("resolved") ? ", resolved_at = :at" : "";
      int changed = h.createUpdate("UPDATE findings SET state = :to" + column
              + " WHERE id = :id AND request = :request AND state = :from")
          .bind("to", to).bind("at", event.at().toString()).bind("id", finding).bind("request", request)
          .bind("from", from).execute();
      if (changed == 1) {
        SqliteEventStore.insert(h, dialect, event);
      }
      return changed == 1;
    });
  }

  /**
   * Asks {@code reviewer} to review a request, unless already asked (once per request and reviewer,
   * by the event's once key); answers whether it was new.
   */
  public boolean assign(EventStore.Event event, long request, String reviewer, String reason) {
    return jdbi.inTransaction(h -> {
      Optional<Long> eventId = SqliteEventStore.insertOnce(h, dialect, event,
          "request.assigned request:" + request + " " + reviewer);
      if (eventId.isEmpty()) {
        return false;
      }
      h.createUpdate("INSERT INTO assignments (event_id, request, reviewer, reason, at) VALUES (:event, :n, :r, :reason, :at)")
          .bind("event", eventId.get()).bind("n", request).bind("r", reviewer).bind("reason", reason)
          .bind("at", event.at().toString()).execute();
      return true;
    });
  }

  public List<Assignment> assignments(long request) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM assignments WHERE request = :n ORDER BY id").bind("n", request)
        .map((rs, ctx) -> new Assignment(rs.getLong("id"), rs.getLong("request"), rs.getString("reviewer"),
            rs.getString("reason"), Instant.parse(rs.getString("at")))).list());
  }

  private static Request request(ResultSet rs) throws SQLException {
    return new Request(rs.getLong("number"), rs.getString("source"), rs.getString("target"),
        Optional.ofNullable(rs.getString("task")), rs.getString("type"), rs.getString("title"), rs.getString("body"),
        rs.getString("author"), rs.getString("session"), rs.getInt("lines"), rs.getString("size"),
        Optional.ofNullable(rs.getString("justification")), rs.getString("state"),
        Instant.parse(rs.getString("opened_at")), Optional.ofNullable(rs.getString("ended_at")).map(Instant::parse));
  }

  private static Finding finding(ResultSet rs) throws SQLException {
    int line = rs.getInt("line");
    Optional<Integer> lineNumber = rs.wasNull() ? Optional.empty() : Optional.of(line);
    return new Finding(rs.getLong("id"), rs.getLong("request"), rs.getLong("review"), rs.getString("severity"),
        Optional.ofNullable(rs.getString("path")), lineNumber, rs.getString("text"), rs.getString("raised_by"),
        rs.getString("state"), Optional.ofNullable(rs.getString("resolved_at")).map(Instant::parse),
        Optional.ofNullable(rs.getString("accepted_at")).map(Instant::parse));
  }
}
