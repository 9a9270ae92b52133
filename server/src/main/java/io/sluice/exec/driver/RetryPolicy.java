package io.sluice.exec.driver;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a persistent query retries after a passing failure: exponential backoff from {@code
 * initialDelay}, doubling per attempt up to {@code maxDelay}, each delay spread by up to {@code
 * jitter} either way so queries that failed together do not retry in lockstep.
 *
 * @param maxAttempts attempts before the query is FAILED for good; 0 retries without end
 * @param jitter fraction of the delay, between 0 and 1
 */
public record RetryPolicy(
    Duration initialDelay, Duration maxDelay, int maxAttempts, double jitter) {
  /** Never retries: the first failure is final. */
  public static final RetryPolicy NEVER = new RetryPolicy(Duration.ZERO, Duration.ZERO, -1, 0);

  public RetryPolicy {
    if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException(
          "Retry delays must be 0 or more, the maximum at least the initial one: "
              + initialDelay.toMillis()
              + " ms, "
              + maxDelay.toMillis()
              + " ms");
    }
    if (jitter < 0 || jitter > 1) {
      throw new IllegalArgumentException("Retry jitter must be between 0 and 1, not " + jitter);
    }
  }

  /** Whether attempt number {@code attempt} (1 for the first retry) may still be made. */
  public boolean allows(int attempt) {
    return maxAttempts == 0 || attempt <= maxAttempts;
  }

  /** How long to wait before attempt number {@code attempt} (1 for the first retry). */
  public long delayMillis(int attempt) {
    double base = initialDelay.toMillis() * Math.pow(2, Math.min(62, Math.max(0, attempt - 1)));
    double capped = Math.min(base, maxDelay.toMillis());
    double spread = 1 + jitter * (2 * ThreadLocalRandom.current().nextDouble() - 1);
    return Math.max(0, Math.round(Math.min(capped * spread, maxDelay.toMillis())));
  }
}
