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
 * the next epoch at once. One thread, one epoch at a time, in epoch order: at most one commit is
 * pending, and a failed one surfaces on the query's thread when it hands over the next or waits.
 */
final class EpochCommitter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EpochCommitter.class);
  private static final long CLOSE_WAIT_SECONDS = 120;

  private final String queryId;
  private final ExecutorService thread;
  private Future<?> pending;

  EpochCommitter(String queryId) {
    this.queryId = requireNonNull(queryId, "queryId is null");
    this.thread =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread committer = new Thread(task, "sluice-commit-" + queryId);
              committer.setDaemon(true);
              return committer;
            });
  }

  /** Whether the last commit handed over is still running. */
  boolean busy() {
    return pending != null && !pending.isDone();
  }

  /**
   * Rethrows the failure of a commit that has ended, without waiting for one under way: a query
   * whose input stopped must still fail when its last commit did.
   */
  void rethrowFailure() throws InterruptedException {
    if (pending != null && pending.isDone()) {
      awaitPending();
    }
  }

  /** Waits for the previous commit, then hands {@code commit} over. */
  void submit(Runnable commit) throws InterruptedException {
    requireNonNull(commit, "commit is null");
    awaitPending();
    pending = thread.submit(commit);
  }

  /** Waits for the commit handed over last; rethrows its failure. */
  void awaitPending() throws InterruptedException {
    if (pending == null) {
      return;
    }
    try {
      pending.get();
      // cleared only once it ended: interrupted while waiting, close() still waits for it
      pending = null;
    } catch (ExecutionException e) {
      pending = null;
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
   * Lets a commit under way finish (the sink and the checkpoint are closed after it, and a restart
   * must not find it still writing), then stops the thread. A failure here was the query's to see.
   */
  @Override
  public void close() {
    thread.shutdown();
    boolean interrupted = false;
    try {
      while (true) {
        try {
          if (pending != null) {
            pending.get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
          }
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          LOG.debug("Query {}: the last epoch's commit failed while the query stopped", queryId, e);
          break;
        } catch (TimeoutException e) {
          LOG.warn(
              "Query {}: the last epoch's commit still runs after {} s",
              queryId,
              CLOSE_WAIT_SECONDS);
          break;
        }
      }
    } finally {
      pending = null;
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
