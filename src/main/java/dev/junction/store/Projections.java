package dev.junction.store;

import java.util.List;

/**
 * The read tables as projections of the typed events: {@link #apply} is the one code path that
 * writes their rows, called in the append's transaction and again, event by event, by
 * {@link EventStore#rebuild()}.
 */
final class Projections {
  /** The read tables, children first (the order to empty them in). */
  static final List<String> TABLES = List.of("findings", "assignments", "reviews", "gate_runs", "requests",
      "tokens");

  private Projections() {}

  /** The next id of a table's {@code column} (under the append's write lock, so never taken twice). */
  static long next(Db db, String table, String column) {
    return db.first("SELECT COALESCE(MAX(" + column + "), 0) + 1 FROM " + table, rs -> rs.getLong(1)).orElseThrow();
  }

  /**
   * Writes the rows {@code event} (stored as {@code eventId}) makes; answers how many rows changed
   * (none for a {@link StoreEvent.Fact}).
   */
  static int apply(Db db, long eventId, StoreEvent event) {
    if (event instanceof StoreEvent.Fact) {
      return 0;
    }
    if (event instanceof StoreEvent.RequestOpened r) {
      return db.update("INSERT INTO requests (number, event_id, source, target, task, type, title, body, author, session, "
              + "lines, size, justification, state, opened_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?)",
          r.number(), eventId, r.source(), r.target(), r.task(), r.type(), r.title(), r.body(), r.author(), r.session(),
          r.lines(), r.size(), r.justification(), r.openedAt().toString());
    }
    if (event instanceof StoreEvent.RequestEnded e) {
      return db.update("UPDATE requests SET state = ?, ended_at = ? WHERE number = ? AND state = 'open'",
          e.state(), e.at().toString(), e.number());
    }
    if (event instanceof StoreEvent.ReviewGiven r) {
      int changed = db.update("INSERT INTO reviews (id, event_id, request, reviewer, session, verdict, at, commit_id) "
              + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          r.id(), eventId, r.request(), r.reviewer(), r.session(), r.verdict(), r.at().toString(), r.commit());
      for (StoreEvent.FindingRaised f : r.findings()) {
        changed += db.update("INSERT INTO findings (id, event_id, request, review, severity, path, line, text, raised_by, "
                + "state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open')",
            f.id(), eventId, r.request(), r.id(), f.severity(), f.path(), f.line(), f.text(), r.reviewer());
      }
      return changed;
    }
    if (event instanceof StoreEvent.FindingMoved m) {
      String column = m.to().equals("accepted") ? ", accepted_at = ?" : m.to().equals("resolved") ? ", resolved_at = ?" : "";
      String sql = "UPDATE findings SET state = ?" + column + " WHERE id = ? AND request = ?";
      return column.isEmpty()
          ? db.update(sql, m.to(), m.finding(), m.request())
          : db.update(sql, m.to(), m.at().toString(), m.finding(), m.request());
    }
    if (event instanceof StoreEvent.ReviewerAssigned a) {
      return db.update("INSERT INTO assignments (id, event_id, request, reviewer, reason, at) VALUES (?, ?, ?, ?, ?, ?)",
          a.id(), eventId, a.request(), a.reviewer(), a.reason(), a.at().toString());
    }
    if (event instanceof StoreEvent.GateRunRecorded g) {
      return db.update("INSERT INTO gate_runs (id, event_id, commit_id, gate, config_hash, target, passed, metrics, at, "
              + "on_target) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          g.id(), eventId, g.commitId(), g.gate(), g.configHash(), g.target(), g.passed() ? 1 : 0, g.metrics(),
          g.at().toString(), g.onTarget() ? 1 : 0);
    }
    if (event instanceof StoreEvent.TokenIssued t) {
      return db.update("INSERT INTO tokens (id, event_id, member, name, role, hash, issued_by, issued_at, expires_at) "
              + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
          t.id(), eventId, t.member(), t.name(), t.role(), t.hash(), t.by(), t.at().toString(), t.expires().toString());
    }
    if (event instanceof StoreEvent.TokenRevoked r) {
      return db.update("UPDATE tokens SET revoked_by = ?, revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
          r.by(), r.at().toString(), r.id());
    }
    throw new IllegalArgumentException("no projection for " + event.kind());
  }
}
