package dev.junction.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The store's one connection, used through plain JDBC: statements with positional parameters,
 * rows mapped by lambdas, transactions. Every use holds the lock, so one store is safe to share
 * between threads; a transaction's work runs under the same lock. (Plain JDBC rather than a
 * mapping library: a short command's store use is a few small queries, and a library's start-up
 * cost more than all of them.)
 */
final class Db implements AutoCloseable {
  /** Maps the current row. */
  interface Row<T> {
    T map(ResultSet rs) throws SQLException;
  }

  /** Work done in one transaction. */
  interface Work<T> {
    T run() throws SQLException;
  }

  private final Connection connection;
  private final String url;
  /** Why this store takes no writes, when it takes none. */
  private String refusal;

  Db(Connection connection, String url) {
    this.connection = connection;
    this.url = url;
  }

  String url() {
    return url;
  }

  /** From now on every write throws {@code why}: for a store a newer Junction wrote. */
  synchronized void refuseWrites(String why) {
    refusal = why;
  }

  synchronized java.util.Optional<String> refusal() {
    return java.util.Optional.ofNullable(refusal);
  }

  private void writing() {
    if (refusal != null) {
      throw new StoreException(refusal, null);
    }
  }

  synchronized <T> List<T> list(String sql, Row<T> row, Object... params) {
    try (PreparedStatement s = prepare(sql, params); ResultSet rs = s.executeQuery()) {
      List<T> out = new ArrayList<>();
      while (rs.next()) {
        out.add(row.map(rs));
      }
      return out;
    } catch (SQLException e) {
      throw failure(sql, e);
    }
  }

  synchronized <T> Optional<T> first(String sql, Row<T> row, Object... params) {
    try (PreparedStatement s = prepare(sql, params); ResultSet rs = s.executeQuery()) {
      return rs.next() ? Optional.ofNullable(row.map(rs)) : Optional.empty();
    } catch (SQLException e) {
      throw failure(sql, e);
    }
  }

  /** Runs an INSERT, UPDATE or DELETE; answers the number of rows it changed. */
  synchronized int update(String sql, Object... params) {
    writing();
    try (PreparedStatement s = prepare(sql, params)) {
      return s.executeUpdate();
    } catch (SQLException e) {
      throw failure(sql, e);
    }
  }

  /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
  synchronized <T> T transaction(Work<T> work) {
    writing();
    try {
      if (!connection.getAutoCommit()) {
        return work.run(); // nested: part of the enclosing transaction
      }
      connection.setAutoCommit(false);
      try {
        T result = work.run();
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw failure("transaction", e);
    }
  }

  private PreparedStatement prepare(String sql, Object... params) throws SQLException {
    PreparedStatement s = connection.prepareStatement(sql);
    try {
      for (int i = 0; i < params.length; i++) {
        s.setObject(i + 1, params[i]);
      }
      return s;
    } catch (SQLException e) {
      s.close();
      throw e;
    }
  }

  private StoreException failure(String sql, SQLException e) {
    return new StoreException(e.getMessage() + " (" + url + ": " + sql + ")", e);
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw failure("close", e);
    }
  }
}
