/**
 * The check of one branch against a target, the radar of all open branches against each other,
 * and the classification of what they find (content, ownership, interface, dependency order);
 * uses {@code plan} and {@code git}.
 */
package dev.junction.conflict;
