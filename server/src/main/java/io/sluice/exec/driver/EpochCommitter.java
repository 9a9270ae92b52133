package io.sluice.exec.driver;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits a continuous query's epochs behind its flow, as Flink's committers run behind a
 * two-phase-commit sink's writers: the query's thread hands an epoch's commit over and goes on with
 * the next epoch at once.
 *
 * <p>An epoch's commit has two stages, each on its own thread, each one epoch at a time in epoch
 * order. The first makes the output visible ({@code offsets/N}, then the sink's commit); the second
 * makes the checkpoint durable ({@code state/N}, {@code commits/N}, the sources' acknowledgement).
 * The first stage of epoch N+1 runs while the second of epoch N writes, so readers of the sink do
 * not wait for the checkpoint's fsyncs; it starts only once the second stage of N-1 has ended, so a
 * crash leaves at most two epochs after the last commit, which a restart replays with their
 * recorded offsets ({@code CheckpointLog#resumePoint}) while the sink skips what it committed. A
 * failed stage surfaces on the query's thread when it hands over the next epoch or waits.
 */
final class EpochCommitter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EpochCommitter.class);
  private static final long CLOSE_WAIT_SECONDS = 120;

  private final String queryId;
  private final ExecutorService visibleStage;
  private final ExecutorService durableStage;
  // the first stage handed over last, and the second stage it handed on (set on its thread)
  private Future<?> pending;
  private volatile Future<?> durablePending;

  EpochCommitter(String queryId) {
    this.queryId = requireNonNull(queryId, "queryId is null");
    this.visibleStage = singleThread("sluice-commit-" + queryId);
    this.durableStage = singleThread("sluice-checkpoint-" + queryId);
  }

  private static ExecutorService singleThread(String name) {
    return Executors.newSingleThreadExecutor(
        task -> {
          Thread thread = new Thread(task, name);
          thread.setDaemon(true);
          return thread;
        });
  }

  /** Whether the first stage of the last epoch handed over still runs. */
  boolean busy() {
    return pending != null && !pending.isDone();
  }

  /**
   * Rethrows the failure of a stage that has ended, without waiting for one under way: a query
   * whose input stopped must still fail when its last commit did.
   */
  void rethrowFailure() throws InterruptedException {
    if (pending != null && pending.isDone()) {
      awaitVisible();
    }
    Future<?> durable = durablePending;
    if (durable != null && durable.isDone()) {
      await(durable);
    }
  }

  /**
   * Waits for the previous epoch's first stage, then hands this epoch's two stages over: {@code
   * visible} runs once the previous first stage ended, {@code durable} once {@code visible} and the
   * previous second stage ended.
   */
  void submit(Runnable visible, Runnable durable) throws InterruptedException {
    requireNonNull(visible, "visible is null");
    requireNonNull(durable, "durable is null");
    awaitVisible();
    pending =
        visibleStage.submit(
            () -> {
              visible.run();
              Future<?> previous = durablePending;
              if (previous != null) {
                try {
                  await(previous);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  throw new IllegalStateException(
                      "Interrupted while the checkpoint was written", e);
                }
              }
              durablePending = durableStage.submit(durable);
            });
  }

  /** Waits for every stage handed over; rethrows the first failure. */
  void awaitPending() throws InterruptedException {
    awaitVisible();
    Future<?> durable = durablePending;
    if (durable != null) {
      await(durable);
    }
  }

  private void awaitVisible() throws InterruptedException {
    if (pending == null) {
      return;
    }
    try {
      await(pending);
    } finally {
      // cleared only once it ended: interrupted while waiting, close() still waits for it
      if (pending.isDone()) {
        pending = null;
      }
    }
  }

  private static void await(Future<?> stage) throws InterruptedException {
    try {
      stage.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(cause);
    }
  }

  /**
   * Lets the stages under way finish (the sink and the checkpoint are closed after them, and a
   * restart must not find them still writing), then stops the threads. A failure here was the
   * query's to see.
   */
  @Override
  public void close() {
    boolean interrupted = false;
    try {
      interrupted |= finish(pending);
      visibleStage.shutdown();
      interrupted |= finish(durablePending);
      durableStage.shutdown();
    } finally {
      pending = null;
      durablePending = null;
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Waits for {@code stage} if there is one; returns whether the wait was interrupted. */
  private boolean finish(Future<?> stage) {
    boolean interrupted = false;
    while (stage != null) {
      try {
        stage.get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      } catch (ExecutionException e) {
        LOG.debug("Query {}: the last epoch's commit failed while the query stopped", queryId, e);
        break;
      } catch (TimeoutException e) {
        LOG.warn(
            "Query {}: the last epoch's commit still runs after {} s", queryId, CLOSE_WAIT_SECONDS);
        break;
      }
    }
    return interrupted;
  }
}
