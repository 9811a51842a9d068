/**
 * The application: the {@link dev.junction.app.Workspace} (repository, event store, merge
 * engines, clock), the acting identity, and one service per area that every face calls. A service
 * takes an input record and answers a sealed outcome with a {@code disposition()}; the records
 * are the JSON contract.
 */
package dev.junction.app;
