package io.sluice.exec.driver;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.error.ErrorCode;
import io.sluice.spi.error.SluiceException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Hand-over of result batches from a query's driver thread to the client reading them. Bounded, so
 * a slow reader slows the query down instead of filling the heap.
 */
public final class QueryOutput {
  /** Rows taken by one {@link #poll}; {@code done} once the query ended and all rows were taken. */
  public record Chunk(List<Object[]> rows, boolean done) {}

  /**
   * Queued by {@link #finish} and {@link #fail} to wake a reader waiting for a batch, which would
   * otherwise see the end only when its wait times out; never handed out.
   */
  private static final Batch END = new Batch(new ColumnVector[0], 0);

  private final BlockingQueue<Batch> queue;
  private volatile boolean finished;
  private volatile Throwable failure;
  private Batch current;
  private int position;

  public QueryOutput(int capacityInBatches) {
    this.queue = new ArrayBlockingQueue<>(capacityInBatches);
  }

  /** Producer: hands a batch on, waiting for room; false if {@code cancelled} turned true first. */
  public boolean put(Batch batch, BooleanSupplier cancelled) throws InterruptedException {
    if (batch.rowCount() == 0) {
      return true;
    }
    while (!queue.offer(batch, 100, TimeUnit.MILLISECONDS)) {
      if (cancelled.getAsBoolean()) {
        return false;
      }
    }
    return true;
  }

  /** Producer: no more batches will come. */
  public void finish() {
    finished = true;
    // if the queue is full, the reader has batches to take before it waits again
    queue.offer(END);
  }

  /** Producer: the query failed; readers get the error once they drained what came before. */
  public void fail(Throwable error) {
    failure = error;
    finished = true;
    queue.offer(END);
  }

  /**
   * Consumer: up to {@code maxRows} rows in storage form, waiting at most {@code timeoutMillis} for
   * the first; returns what is there without waiting for more.
   */
  public synchronized Chunk poll(int maxRows, long timeoutMillis) throws InterruptedException {
    ArrayList<Object[]> rows = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (rows.size() < maxRows) {
      if (current != null && position < current.rowCount()) {
        int take = Math.min(maxRows - rows.size(), current.rowCount() - position);
        rows.ensureCapacity(rows.size() + take);
        current.appendRows(position, take, rows);
        position += take;
        continue;
      }
      current = null;
      boolean wasFinished = finished;
      Batch next = queue.poll();
      if (next == null && rows.isEmpty() && !wasFinished) {
        long waitNanos = deadline - System.nanoTime();
        if (waitNanos > 0) {
          next =
              queue.poll(
                  Math.min(waitNanos, TimeUnit.MILLISECONDS.toNanos(50)), TimeUnit.NANOSECONDS);
          if (next == null) {
            continue;
          }
        }
      }
      if (next == END) {
        continue;
      }
      if (next == null) {
        boolean drained = wasFinished && queue.isEmpty();
        if (!rows.isEmpty()) {
          return new Chunk(rows, drained && failure == null);
        }
        if (drained && failure != null) {
          throw failureException();
        }
        return new Chunk(rows, drained);
      }
      current = next;
      position = 0;
    }
    return new Chunk(rows, false);
  }

  private SluiceException failureException() {
    if (failure instanceof SluiceException) {
      SluiceException error = (SluiceException) failure;
      return new SluiceException(error.errorCode(), error.getMessage(), error);
    }
    // the failure's own message, not its Java class name
    String detail =
        failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    return new SluiceException(ErrorCode.QUERY_FAILED, "Query failed: " + detail, failure);
  }
}
