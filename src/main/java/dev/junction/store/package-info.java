/**
 * The event store: append-only events and the read tables derived from them, in SQLite by default
 * (PostgreSQL later); migrations by Flyway, queries by Jdbi. Uses no other Junction package.
 */
package dev.junction.store;
