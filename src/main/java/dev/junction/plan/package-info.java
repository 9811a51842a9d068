/**
 * The {@code junction.yaml} model, its loading and validation, and the task graph (order, windows,
 * critical path, readiness); pure code that uses no other Junction package.
 */
package dev.junction.plan;
