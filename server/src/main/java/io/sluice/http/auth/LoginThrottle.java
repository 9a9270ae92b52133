package io.sluice.http.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;

/**
 * Slows password guessing per client address: the first {@value #FREE_FAILURES} failed logins cost
 * nothing, each further one makes the address wait twice as long as the one before (2 s, 4 s, 8 s,
 * … at most a minute) before it may try again. An address's failures are forgotten a quarter of an
 * hour after its last one; a success does not wipe them, so one valid account does not buy
 * unlimited guesses at others.
 */
public final class LoginThrottle {
  static final int FREE_FAILURES = 5;
  private static final Duration FIRST_DELAY = Duration.ofSeconds(2);
  private static final Duration MAX_DELAY = Duration.ofMinutes(1);
  private static final Duration FORGET_AFTER = Duration.ofMinutes(15);

  /** An address's failed logins, and until when (System.nanoTime) it must wait. */
  private record Failures(int count, long blockedUntilNanos) {}

  private final Cache<String, Failures> failures =
      Caffeine.newBuilder().expireAfterWrite(FORGET_AFTER).maximumSize(100_000).build();

  /** How long {@code address} must still wait before its next login attempt; zero if none. */
  public Duration wait(String address) {
    Failures current = failures.getIfPresent(address);
    if (current == null) {
      return Duration.ZERO;
    }
    long left = current.blockedUntilNanos() - System.nanoTime();
    return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
  }

  /** Counts a failed login from {@code address}. */
  public void failed(String address) {
    failures
        .asMap()
        .compute(
            address,
            (key, previous) -> {
              int count = previous == null ? 1 : previous.count() + 1;
              long now = System.nanoTime();
              if (count <= FREE_FAILURES) {
                return new Failures(count, now);
              }
              int doublings = Math.min(count - FREE_FAILURES - 1, 16);
              Duration delay = FIRST_DELAY.multipliedBy(1L << doublings);
              if (delay.compareTo(MAX_DELAY) > 0) {
                delay = MAX_DELAY;
              }
              return new Failures(count, now + delay.toNanos());
            });
  }
}
