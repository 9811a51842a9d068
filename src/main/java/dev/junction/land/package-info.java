/**
 * The landing pipeline (plan, policy, conflict check, candidate merge, gates on the candidate,
 * compare-and-swap of the target, post-merge validation with automatic rollback), sync and
 * rollback; uses every package below it.
 */
package dev.junction.land;
