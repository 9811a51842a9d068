/**
 * The event store: append-only events, one record type per kind ({@link dev.junction.store.StoreEvent};
 * appended and read back typed, {@link dev.junction.store.EventStore#events(Class)}), and the read
 * tables projected from them in the same transaction ({@code Projections}; {@code rebuild()} replays
 * them); one payload codec with a schema version ({@link dev.junction.store.EventCodec}), which also
 * reads earlier versions' payloads. SQLite by default. SQL that differs between databases lives in a
 * {@link dev.junction.store.Dialect}; migrations by Flyway (run only when a store is behind), queries
 * by plain JDBC. Uses no other Junction package.
 */
package dev.junction.store;
