/** Task board and other documents rendered from a plan view; uses {@code plan}. */
package dev.junction.report;
