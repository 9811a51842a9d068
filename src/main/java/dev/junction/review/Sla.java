package dev.junction.review;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * Spec 7.4's review turnaround times: a target and a maximum per row of its table. The type rows
 * (integration, phase completion) win over the size rows, since those requests are on the critical
 * path whatever their size. Pure.
 *
 * <p>The spec's table stops at large (500 to 1000 lines); an extra-large request (spec 6.3: over
 * 1000 lines, "requires justification") gets the large row's times. That is Junction's choice: the
 * spec gives none, and a longer clock would reward the size spec 6.3 asks authors to split.
 */
public final class Sla {
  private Sla() {}

  /**
   * One row of spec 7.4.
   *
   * @param row the row's name in the spec ({@code Small PR (<200 lines)})
   * @param target the review time to aim for
   * @param max the review time after which escalation starts (spec 7.4 protocol step 1)
   */
  public record Times(String row, Duration target, Duration max) {}

  static final Times SMALL = new Times("Small PR (<200 lines)", Duration.ofHours(1), Duration.ofHours(2));
  static final Times MEDIUM = new Times("Medium PR (200-500 lines)", Duration.ofHours(2), Duration.ofHours(4));
  static final Times LARGE = new Times("Large PR (500-1000 lines)", Duration.ofHours(4), Duration.ofHours(6));
  static final Times EXTRA_LARGE = new Times("Extra-large PR (>1000 lines; Junction uses the large row)",
      Duration.ofHours(4), Duration.ofHours(6));
  static final Times INTEGRATION = new Times("Integration PR", Duration.ofHours(2), Duration.ofHours(4));
  static final Times PHASE = new Times("Phase Completion PR", Duration.ofHours(4), Duration.ofHours(8));

  /** The times for a request of this type and size class. */
  public static Times of(RequestType type, SizeClass size) {
    if (type == RequestType.INTEGRATION) {
      return INTEGRATION;
    }
    if (type == RequestType.PHASE) {
      return PHASE;
    }
    return of(size);
  }

  /**
   * The times for a request as stored: its type and size words. A type the spec's table has no
   * row for (component, docs, a plan's own word) takes its size's row; a size word Junction does
   * not know takes the extra-large row, the longest of the size rows.
   */
  public static Times of(String type, String size) {
    Optional<RequestType> t = RequestType.of(type);
    if (t.isPresent() && (t.get() == RequestType.INTEGRATION || t.get() == RequestType.PHASE)) {
      return of(t.get(), SizeClass.EXTRA_LARGE);
    }
    return of(Arrays.stream(SizeClass.values()).filter(c -> c.word().equals(size)).findFirst()
        .orElse(SizeClass.EXTRA_LARGE));
  }

  private static Times of(SizeClass size) {
    return switch (size) {
      case SMALL -> SMALL;
      case MEDIUM -> MEDIUM;
      case LARGE -> LARGE;
      case EXTRA_LARGE -> EXTRA_LARGE;
    };
  }
}
