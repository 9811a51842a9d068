package dev.junction.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The demo's clock: it starts on the example's day and moves only when someone acts (seven minutes
 * a commit, sync, request or landing), so a demo repository is the same every time it is built:
 * its commits, its store's times and its root-cause document. Not thread-safe; the demo is played
 * on one thread.
 */
final class DemoClock extends Clock {
  static final Instant START = Instant.parse("2025-11-12T09:00:00Z");
  static final Duration STEP = Duration.ofMinutes(7);

  private Instant now = START;

  /** Moves on a step for the next act, and answers its time. */
  Instant step() {
    now = now.plus(STEP);
    return now;
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  /** This clock in UTC; in another zone, a clock fixed at this one's time now. */
  @Override
  public Clock withZone(ZoneId zone) {
    return zone.equals(ZoneOffset.UTC) ? this : Clock.fixed(now, zone);
  }
}
