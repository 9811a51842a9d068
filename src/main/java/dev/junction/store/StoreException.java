package dev.junction.store;

/** The database failed a store operation (an {@link java.sql.SQLException}, unchecked). */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
