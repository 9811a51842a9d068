/**
 * The event store: append-only events and the read tables projected from them in the same
 * transaction ({@link dev.junction.store.StoreEvent}, {@link dev.junction.store.EventCodec},
 * {@code Projections}; {@code rebuild()} replays them), in SQLite by default. SQL that differs
 * between databases lives in a {@link dev.junction.store.Dialect}; migrations by Flyway (run only
 * when a store is behind), queries by plain JDBC. Uses no other Junction package.
 */
package dev.junction.store;
