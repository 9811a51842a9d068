package dev.junction.store;

import java.time.Instant;
import java.util.Optional;

/**
 * The idempotency keys of writes, per member: the first request that takes a (member, key) pair
 * runs; a retry finds what it answered. Not an event: the write the key guards records its own
 * events; this table only remembers the response, and a rebuild leaves it alone. Who takes a key
 * first is decided by the table's primary key, also between processes sharing the store.
 */
public final class Idempotency {
  private final Db db;
  private final Dialect dialect;

  Idempotency(Db db, Dialect dialect) {
    this.db = db;
    this.dialect = dialect;
  }

  /**
   * A key as stored: the hash of the request it was first used for, and the response once the
   * request completed (empty status and body while it runs).
   */
  public record Entry(String member, String key, String requestHash, Optional<Integer> status, Optional<String> body,
      Instant createdAt) {}

  /**
   * Takes {@code key} for {@code member}'s request {@code requestHash}: empty when this call took it
   * (the request runs now), else the entry that holds it.
   */
  public Optional<Entry> take(String member, String key, String requestHash, Instant at) {
    try {
      db.transaction(() -> db.update("INSERT INTO idempotency (member, key, request_hash, created_at) VALUES (?, ?, ?, ?)",
          member, key, requestHash, at.toString()));
      return Optional.empty();
    } catch (StoreException e) {
      if (!dialect.isUniqueViolation(e)) {
        throw e;
      }
    }
    return Optional.of(entry(member, key).orElseThrow(() -> new StoreException(
        "idempotency key " + key + " of " + member + " is taken and gone (" + db.url() + ")", null)));
  }

  /** Records the response of the request that took the key; false when the key is not taken or already complete. */
  public boolean complete(String member, String key, int status, String body, Instant at) {
    return db.transaction(() -> db.update("UPDATE idempotency SET status = ?, body = ?, completed_at = ? "
        + "WHERE member = ? AND key = ? AND status IS NULL", status, body, at.toString(), member, key) == 1);
  }

  /**
   * Gives up a key whose request did not complete (it failed before it answered), so that a retry
   * runs it again; false when the key is not taken or already complete.
   */
  public boolean release(String member, String key) {
    return db.transaction(() -> db.update("DELETE FROM idempotency WHERE member = ? AND key = ? AND status IS NULL",
        member, key) == 1);
  }

  /**
   * Gives up every key whose request began before {@code before} and has not completed (its
   * process died before it answered); answers how many. Instants are compared as instants, not as
   * the text they are stored as.
   */
  public int releaseUnfinished(Instant before) {
    return db.transaction(() -> {
      int released = 0;
      for (String[] k : db.list("SELECT member, key, created_at FROM idempotency WHERE status IS NULL",
          rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)})) {
        if (Instant.parse(k[2]).isBefore(before)) {
          released += db.update("DELETE FROM idempotency WHERE member = ? AND key = ? AND status IS NULL", k[0], k[1]);
        }
      }
      return released;
    });
  }

  public Optional<Entry> entry(String member, String key) {
    return db.first("SELECT * FROM idempotency WHERE member = ? AND key = ?", rs -> {
      int status = rs.getInt("status");
      Optional<Integer> given = rs.wasNull() ? Optional.empty() : Optional.of(status);
      return new Entry(rs.getString("member"), rs.getString("key"), rs.getString("request_hash"), given,
          Optional.ofNullable(rs.getString("body")), Instant.parse(rs.getString("created_at")));
    }, member, key);
  }
}
