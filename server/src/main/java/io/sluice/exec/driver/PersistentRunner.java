package io.sluice.exec.driver;

import static java.util.Objects.requireNonNull;

import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a persistent query on its thread and heals it: after a passing failure ({@link
 * Failures#isTransient}) the query shows RETRYING with the cause and its next attempt, waits with
 * backoff ({@link RetryPolicy}), then opens afresh — plan, sink, sources — and resumes from its
 * checkpoint, exactly as after a server restart, so nothing is lost or written twice. A permanent
 * failure, one during reopening included, ends it FAILED with the cause in words; so does a passing
 * one once the policy's attempts are spent. Cancelling (STOP QUERY, DROP) ends it at once, also
 * while it waits.
 */
final class PersistentRunner implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(PersistentRunner.class);

  private final RunningQuery query;
  private final Supplier<MicroBatchDriver> reopen;
  private final RetryPolicy retry;
  private MicroBatchDriver driver;
  private Throwable lastFailure;

  /**
   * @param first the driver of the first attempt, or null if that attempt failed with {@code
   *     failure} already
   * @param failure why the first attempt failed, or null with a driver
   * @param reopen plans and opens the query again for the next attempt (throws if it cannot)
   */
  PersistentRunner(
      RunningQuery query,
      MicroBatchDriver first,
      Throwable failure,
      Supplier<MicroBatchDriver> reopen,
      RetryPolicy retry) {
    this.query = requireNonNull(query, "query is null");
    this.reopen = requireNonNull(reopen, "reopen is null");
    this.retry = requireNonNull(retry, "retry is null");
    if ((first == null) == (failure == null)) {
      throw new IllegalArgumentException("Either a first driver or the failure of the first try");
    }
    this.driver = first;
    this.lastFailure = failure;
  }

  @Override
  public void run() {
    int attempt = 0;
    try {
      while (true) {
        if (driver != null) {
          MicroBatchDriver.Outcome outcome = driver.runToEnd();
          driver = null;
          if (outcome.state() != QueryState.FAILED) {
            query.ended(query.isCancelled() ? QueryState.CANCELLED : outcome.state(), null);
            return;
          }
          if (!Failures.isTransient(outcome.failure())) {
            query.ended(QueryState.FAILED, Failures.describe(outcome.failure()));
            return;
          }
          if (outcome.batchesRun() > 0) {
            attempt = 0; // it healed and ran: a new failure starts the backoff over
          }
          lastFailure = outcome.failure();
        }
        attempt++;
        String cause = Failures.describe(lastFailure);
        if (query.isCancelled()) {
          query.ended(QueryState.CANCELLED, cause);
          return;
        }
        if (!retry.allows(attempt)) {
          query.ended(
              QueryState.FAILED,
              cause + " (gave up after " + (attempt - 1) + " attempts to resume)");
          return;
        }
        long delay = retry.delayMillis(attempt);
        query.retrying(attempt, System.currentTimeMillis() + delay, cause);
        LOG.warn(
            "Query {} retries in {} ms (attempt {}) after a passing failure: {}",
            query.id(),
            delay,
            attempt,
            cause);
        if (!query.awaitNextAttempt()) {
          query.ended(QueryState.CANCELLED, cause);
          return;
        }
        try {
          driver = reopen.get();
          query.resumed();
          LOG.info("Query {} resumes from its checkpoint (attempt {})", query.id(), attempt);
        } catch (RuntimeException e) {
          if (!Failures.isTransient(e)) {
            LOG.warn("Query {} cannot resume: {}", query.id(), Failures.describe(e));
            query.ended(QueryState.FAILED, Failures.describe(e));
            return;
          }
          lastFailure = e;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      query.ended(QueryState.CANCELLED, null);
    } catch (RuntimeException | Error e) {
      query.ended(QueryState.FAILED, Failures.describe(e));
      throw e;
    }
  }
}
