/**
 * Benchmarks that print figures, never pass/fail ({@code junction bench}): picocli commands a face
 * registers, given its exit codes. Uses {@code app} and the layers below; nothing imports it but
 * the face that registers it.
 */
package dev.junction.bench;
