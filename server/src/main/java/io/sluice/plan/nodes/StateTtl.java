package io.sluice.plan.nodes;

import java.time.Duration;

/** How EXPLAIN writes a state time-to-live ({@code state.ttl}). */
final class StateTtl {
  private StateTtl() {}

  static String text(long millis) {
    Duration duration = Duration.ofMillis(millis);
    if (millis % 3_600_000 == 0) {
      return duration.toHours() + " h";
    }
    if (millis % 60_000 == 0) {
      return duration.toMinutes() + " min";
    }
    if (millis % 1_000 == 0) {
      return duration.toSeconds() + " s";
    }
    return millis + " ms";
  }
}
