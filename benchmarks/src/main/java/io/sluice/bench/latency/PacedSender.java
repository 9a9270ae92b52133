package io.sluice.bench.latency;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends events 0 .. total-1 at a fixed rate: every tick, the events due by its end go together, so
 * the rate holds without one wake-up per event.
 */
final class PacedSender {
  /** Sends the events numbered {@code from} (inclusive) to {@code to} (exclusive). */
  interface Range {
    void send(long from, long to) throws Exception;
  }

  private PacedSender() {}

  /**
   * Sends {@code total} events at {@code rate} per second in ticks of {@code tickMs}; returns how
   * far behind its schedule the sender fell at most, in nanoseconds.
   */
  static long run(long total, long rate, long tickMs, Range range) throws Exception {
    long start = System.nanoTime();
    long tickNanos = TimeUnit.MILLISECONDS.toNanos(tickMs);
    long next = 0;
    long maxLagNanos = 0;
    for (long tick = 0; next < total; tick++) {
      long wait = start + tick * tickNanos - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      } else {
        maxLagNanos = Math.max(maxLagNanos, -wait);
      }
      long upTo = Math.min(total, (long) ((tick + 1) * tickNanos / 1e9 * rate));
      if (upTo > next) {
        range.send(next, upTo);
        next = upTo;
      }
    }
    return maxLagNanos;
  }
}
