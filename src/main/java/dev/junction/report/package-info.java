/** Task board, STATUS files and other documents rendered from a plan view and the store's events; uses {@code plan} and {@code store}. */
package dev.junction.report;
