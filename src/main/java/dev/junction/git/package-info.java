/**
 * The only place that touches git: reading the plan from a ref, trailers, history scans, commits
 * and merges built in-core; uses {@code plan}.
 */
package dev.junction.git;
