package dev.junction.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The read table of bearer tokens: each issue and revocation is an event appended in the same
 * transaction as its row. Holds a hash of each token, never the token.
 */
public final class Tokens {
  private final Db db;
  private final Dialect dialect;

  Tokens(Db db, Dialect dialect) {
    this.db = db;
    this.dialect = dialect;
  }

  /**
   * A token as stored: whom it authenticates ({@code member}, {@code name}), with which {@code role}
   * ({@code coordinator} or {@code member}), its hash, who issued it when, until when it is valid,
   * and who revoked it when, if anyone did.
   */
  public record Token(String id, String member, String name, String role, String hash, String issuedBy,
      Instant issuedAt, Instant expires, Optional<String> revokedBy, Optional<Instant> revokedAt) {
    /** Whether it authenticates its member at {@code now}: not revoked, not expired. */
    public boolean validAt(Instant now) {
      return revokedAt.isEmpty() && now.isBefore(expires);
    }
  }

  /**
   * Stores a new token with its event (subject {@code token:<id>}, actor the issuer); false when a
   * token with its id exists already (the table's primary key decides).
   */
  public boolean issue(StoreEvent.TokenIssued token) {
    try {
      db.transaction(() -> SqliteEventStore.append(db, dialect, event(token.at(), token.kind(), token.id(), token.by()),
          token));
      return true;
    } catch (StoreException e) {
      if (dialect.isUniqueViolation(e)) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Revokes a token, once (by the event's once key, so two revocations at once record one);
   * false when there is no such token or it was revoked already.
   */
  public boolean revoke(StoreEvent.TokenRevoked revoked) {
    return db.transaction(() -> {
      if (token(revoked.id()).filter(t -> t.revokedAt().isEmpty()).isEmpty()) {
        return false;
      }
      return SqliteEventStore.appendOnce(db, dialect, event(revoked.at(), revoked.kind(), revoked.id(), revoked.by()),
          revoked, revoked.kind() + " token:" + revoked.id()).isPresent();
    });
  }

  private static EventStore.Event event(Instant at, String kind, String id, String actor) {
    return new EventStore.Event(at, kind, "token:" + id, Optional.of(actor), "");
  }

  /** The token with this id. */
  public Optional<Token> token(String id) {
    return db.first("SELECT * FROM tokens WHERE id = ?", Tokens::token, id);
  }

  /** Every token, revoked and expired ones too, oldest first. */
  public List<Token> tokens() {
    return db.list("SELECT * FROM tokens ORDER BY issued_at, id", Tokens::token);
  }

  private static Token token(ResultSet rs) throws SQLException {
    return new Token(rs.getString("id"), rs.getString("member"), rs.getString("name"), rs.getString("role"),
        rs.getString("hash"), rs.getString("issued_by"), Instant.parse(rs.getString("issued_at")),
        Instant.parse(rs.getString("expires_at")), Optional.ofNullable(rs.getString("revoked_by")),
        Optional.ofNullable(rs.getString("revoked_at")).map(Instant::parse));
  }
}
