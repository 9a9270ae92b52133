package io.sluice.exec.driver;

import io.sluice.exec.operator.ExchangeChannel;
import io.sluice.exec.operator.ExchangeChannels;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * The threads of a parallel query: runs one task per subtask and waits for all of them, so a batch
 * ends only when every subtask finished it. The first subtask runs on the driver's own thread. When
 * a subtask fails, the others are released from the exchanges they wait at and the first failure is
 * rethrown.
 */
final class SubtaskPool implements AutoCloseable {
  private final int parallelism;
  private final ExchangeChannels exchanges;
  private final ExecutorService threads;

  SubtaskPool(String queryId, ExchangeChannels exchanges) {
    this.exchanges = exchanges;
    this.parallelism = exchanges.parallelism();
    this.threads =
        parallelism == 1
            ? null
            : Executors.newFixedThreadPool(
                parallelism - 1,
                new java.util.concurrent.ThreadFactory() {
                  private int next = 1;

                  @Override
                  public synchronized Thread newThread(Runnable task) {
                    Thread thread = new Thread(task, "sluice-query-" + queryId + "-" + next++);
                    thread.setDaemon(true);
                    return thread;
                  }
                });
  }

  int parallelism() {
    return parallelism;
  }

  /** {@code task} run for every subtask at once; the results in subtask order. */
  <T> List<T> runAll(IntFunction<T> task) throws InterruptedException {
    if (parallelism == 1) {
      return List.of(task.apply(0));
    }
    CompletionService<T> done = new ExecutorCompletionService<>(threads);
    List<Future<T>> futures = new ArrayList<>(parallelism);
    futures.add(null);
    for (int subtask = 1; subtask < parallelism; subtask++) {
      int index = subtask;
      futures.add(
          done.submit(
              () -> {
                try {
                  return task.apply(index);
                } catch (RuntimeException | Error e) {
                  // subtasks waiting for this one at an exchange must not wait for ever
                  exchanges.abortAll();
                  throw e;
                }
              }));
    }
    Throwable failure = null;
    T first = null;
    try {
      first = task.apply(0);
    } catch (RuntimeException | Error e) {
      failure = e;
      exchanges.abortAll();
    }
    for (int finished = 1; finished < parallelism; finished++) {
      try {
        done.take().get();
      } catch (ExecutionException e) {
        if (failure == null || failure instanceof ExchangeChannel.ExchangeAbortedException) {
          failure = e.getCause();
        }
        exchanges.abortAll();
      } catch (InterruptedException e) {
        exchanges.abortAll();
        futures.forEach(future -> cancel(future));
        throw e;
      }
    }
    if (failure instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (failure instanceof Error error) {
      throw error;
    }
    if (failure != null) {
      throw new IllegalStateException(failure);
    }
    List<T> results = new ArrayList<>(parallelism);
    results.add(first);
    for (int subtask = 1; subtask < parallelism; subtask++) {
      try {
        results.add(futures.get(subtask).get());
      } catch (ExecutionException e) {
        throw new IllegalStateException("A finished subtask failed", e.getCause());
      }
    }
    return results;
  }

  private static void cancel(Future<?> future) {
    if (future != null) {
      future.cancel(true);
    }
  }

  @Override
  public void close() {
    if (threads != null) {
      threads.shutdownNow();
    }
  }
}
