package dev.junction.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The read tables of merge requests, reviews, findings and reviewer assignments. Every change is
 * an event appended in the same transaction as its row.
 */
public final class Reviews {
  private final Db db;
  private final Dialect dialect;

  Reviews(Db db, Dialect dialect) {
    this.db = db;
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

  /**
   * One review; {@code verdict} is {@code approve}, {@code request-changes} or {@code comment};
   * {@code commit} is the source tip it reviewed (empty for reviews recorded before Junction kept
   * it: they count for no commit).
   */
  public record Review(long id, long request, String reviewer, String session, String verdict, Instant at,
      Optional<String> commit) {
    /** A review of no known commit. */
    public Review(long id, long request, String reviewer, String session, String verdict, Instant at) {
      this(id, request, reviewer, session, verdict, at, Optional.empty());
    }
  }

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
      return Optional.of(db.transaction(() -> {
        long number = Projections.next(db, "requests", "number");
        SqliteEventStore.append(db, dialect, event, new StoreEvent.RequestOpened(number, r.source(), r.target(),
            r.task().orElse(null), r.type(), r.title(), r.body(), r.author(), r.session(), r.lines(), r.size(),
            r.justification().orElse(null), r.openedAt()));
        return request(number).orElseThrow();
      }));
    } catch (StoreException e) {
      if (dialect.isUniqueViolation(e)) {
        return Optional.empty(); // requests_one_open_per_pair: another one is open
      }
      throw e;
    }
  }

  public Optional<Request> request(long number) {
    return db.first("SELECT * FROM requests WHERE number = ?", Reviews::request, number);
  }

  /** The open request from {@code source} into {@code target}, if there is one. */
  public Optional<Request> openRequest(String source, String target) {
    return db.first("SELECT * FROM requests WHERE source = ? AND target = ? AND state = 'open'", Reviews::request,
        source, target);
  }

  /** Requests in a state ({@code open}, {@code closed}, {@code landed}), or all when empty; by number. */
  public List<Request> requests(Optional<String> state) {
    return state.isPresent()
        ? db.list("SELECT * FROM requests WHERE state = ? ORDER BY number", Reviews::request, state.get())
        : db.list("SELECT * FROM requests ORDER BY number", Reviews::request);
  }

  /** Ends an open request as {@code closed} or {@code landed}; false when it was not open. */
  public boolean end(EventStore.Event event, long number, String state) {
    return db.transaction(() -> {
      if (db.first("SELECT 1 FROM requests WHERE number = ? AND state = 'open'", rs -> 1, number).isEmpty()) {
        return false;
      }
      SqliteEventStore.append(db, dialect, event, new StoreEvent.RequestEnded(number, state, event.at()));
      return true;
    });
  }

  /** Stores a review (its {@code id} ignored) and its findings (ids, review and state ignored: open). */
  public Review review(EventStore.Event event, Review r, List<Finding> findings) {
    return db.transaction(() -> {
      long id = Projections.next(db, "reviews", "id");
      long finding = Projections.next(db, "findings", "id");
      List<StoreEvent.FindingRaised> raised = new java.util.ArrayList<>();
      for (Finding f : findings) {
        raised.add(new StoreEvent.FindingRaised(finding++, f.severity(), f.path().orElse(null), f.line().orElse(null),
            f.text()));
      }
      SqliteEventStore.append(db, dialect, event, new StoreEvent.ReviewGiven(id, r.request(), r.reviewer(), r.session(),
          r.verdict(), r.at(), raised, r.commit().orElse(null)));
      return new Review(id, r.request(), r.reviewer(), r.session(), r.verdict(), r.at(), r.commit());
    });
  }

  public List<Review> reviews(long request) {
    return db.list("SELECT * FROM reviews WHERE request = ? ORDER BY id", rs -> new Review(rs.getLong("id"),
        rs.getLong("request"), rs.getString("reviewer"), rs.getString("session"), rs.getString("verdict"),
        Instant.parse(rs.getString("at")), Optional.ofNullable(rs.getString("commit_id"))), request);
  }

  public List<Finding> findings(long request) {
    return db.list("SELECT * FROM findings WHERE request = ? ORDER BY id", Reviews::finding, request);
  }

  /**
   * Moves a finding of an open request from one state to the next ({@code open} to {@code resolved},
   * or {@code resolved} to {@code accepted} or back to {@code open}); false when it was not in
   * {@code from} or its request is not open (closed or landed in the meantime).
   */
  public boolean moveFinding(EventStore.Event event, long request, long finding, String from, String to) {
    return db.transaction(() -> {
      if (db.first("SELECT 1 FROM findings f JOIN requests r ON r.number = f.request WHERE f.id = ? AND f.request = ?"
          + " AND f.state = ? AND r.state = 'open'", rs -> 1, finding, request, from).isEmpty()) {
        return false;
      }
      SqliteEventStore.append(db, dialect, event, new StoreEvent.FindingMoved(request, finding, to, event.at()));
      return true;
    });
  }

  /**
   * Asks {@code reviewer} to review a request, unless already asked (once per request and reviewer,
   * by the event's once key); answers whether it was new.
   */
  public boolean assign(EventStore.Event event, long request, String reviewer, String reason) {
    return db.transaction(() -> {
      StoreEvent.ReviewerAssigned assigned = new StoreEvent.ReviewerAssigned(Projections.next(db, "assignments", "id"),
          request, reviewer, reason, event.at());
      return SqliteEventStore.appendOnce(db, dialect, event, assigned, "request.assigned request:" + request + " " + reviewer)
          .isPresent();
    });
  }

  public List<Assignment> assignments(long request) {
    return db.list("SELECT * FROM assignments WHERE request = ? ORDER BY id", rs -> new Assignment(rs.getLong("id"),
        rs.getLong("request"), rs.getString("reviewer"), rs.getString("reason"), Instant.parse(rs.getString("at"))),
        request);
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
