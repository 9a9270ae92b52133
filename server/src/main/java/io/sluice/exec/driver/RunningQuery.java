package io.sluice.exec.driver;

import static java.util.Objects.requireNonNull;

import io.sluice.exec.checkpoint.CheckpointFile;
import io.sluice.spi.type.Column;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** A query the server is running: its identity, output, state and recent progress. */
public final class RunningQuery {
  private static final int PROGRESS_HISTORY = 100;

  private final String id;
  private final String sql;
  private final List<Column> columns;
  private final boolean push;
  private final Trigger trigger;
  private final long startedAtMillis = System.currentTimeMillis();
  private final QueryOutput output;
  private final boolean persistent;
  private final String startedBy;
  private final QueryListener listener;
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private final CountDownLatch ended = new CountDownLatch(1);
  private final Deque<BatchProgress> progress = new ArrayDeque<>();
  private volatile QueryState state = QueryState.RUNNING;
  private volatile String error;
  private volatile int retryAttempt;
  private volatile int parallelism;
  private volatile long nextAttemptAtMillis;
  private final Object retryWait = new Object();
  private boolean retryNow;
  private volatile long lastFetchMillis = System.currentTimeMillis();
  private long totalInputRows;
  private long totalOutputRows;
  private long peakStateRows;

  /**
   * @param persistent runs on the server for a sink, not for a client; never abandoned
   * @param startedBy the user who started the query (for a sink or view: who created it), or null
   *     if not recorded (sinks and views created before users were)
   * @param listener told of each batch and sink commit (metrics)
   */
  public RunningQuery(
      String id,
      String sql,
      List<Column> columns,
      boolean push,
      Trigger trigger,
      QueryOutput output,
      boolean persistent,
      String startedBy,
      QueryListener listener) {
    this.persistent = persistent;
    this.startedBy = startedBy;
    this.listener = requireNonNull(listener, "listener is null");
    this.id = requireNonNull(id, "id is null");
    this.sql = requireNonNull(sql, "sql is null");
    this.columns = List.copyOf(columns);
    this.push = push;
    this.trigger = requireNonNull(trigger, "trigger is null");
    this.output = requireNonNull(output, "output is null");
  }

  public String id() {
    return id;
  }

  /** The subtasks its current attempt runs on; 0 before an attempt is planned. */
  public int parallelism() {
    return parallelism;
  }

  void runsOn(int subtasks) {
    this.parallelism = subtasks;
  }

  public String sql() {
    return sql;
  }

  public List<Column> columns() {
    return columns;
  }

  /**
   * The user who started the query (for a sink or materialized view: who created it), or null for a
   * sink or view created before users were recorded.
   */
  public String startedBy() {
    return startedBy;
  }

  public boolean isPersistent() {
    return persistent;
  }

  public boolean isPush() {
    return push;
  }

  public Trigger trigger() {
    return trigger;
  }

  public long startedAtMillis() {
    return startedAtMillis;
  }

  public QueryOutput output() {
    return output;
  }

  public QueryState state() {
    return state;
  }

  public String error() {
    return error;
  }

  /** Asks the driver to stop; it does so between batches or while waiting (to retry, too). */
  public void cancel() {
    cancelled.set(true);
    synchronized (retryWait) {
      retryWait.notifyAll();
    }
  }

  public boolean isCancelled() {
    return cancelled.get();
  }

  AtomicBoolean cancelFlag() {
    return cancelled;
  }

  /**
   * Waits until the driver has ended the query and closed its sink and sources; false if that took
   * longer than {@code timeoutMillis}.
   */
  public boolean awaitEnd(long timeoutMillis) throws InterruptedException {
    return ended.await(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * The retry attempt a RETRYING query waits for (1 for the first), or the last one made while it
   * runs again; 0 if it never retried.
   */
  public int retryAttempt() {
    return retryAttempt;
  }

  /** When a RETRYING query makes its next attempt (epoch millis); 0 in any other state. */
  public long nextAttemptAtMillis() {
    return state == QueryState.RETRYING ? nextAttemptAtMillis : 0;
  }

  /** Makes a RETRYING query attempt to resume now instead of at its next attempt time. */
  public void retryNow() {
    synchronized (retryWait) {
      retryNow = true;
      retryWait.notifyAll();
    }
  }

  /** The query failed with a passing {@code cause} and waits for attempt {@code attempt}. */
  void retrying(int attempt, long nextAttemptAt, String cause) {
    this.retryAttempt = attempt;
    this.nextAttemptAtMillis = nextAttemptAt;
    this.error = cause;
    this.state = QueryState.RETRYING;
  }

  /** The retry succeeded: the query runs again. */
  void resumed() {
    this.error = null;
    this.nextAttemptAtMillis = 0;
    this.state = QueryState.RUNNING;
  }

  /**
   * Waits until the next attempt is due, {@link #retryNow} is called or the query is cancelled;
   * false if cancelled.
   */
  boolean awaitNextAttempt() throws InterruptedException {
    synchronized (retryWait) {
      while (!cancelled.get() && !retryNow) {
        long left = nextAttemptAtMillis - System.currentTimeMillis();
        if (left <= 0) {
          break;
        }
        retryWait.wait(left);
      }
      retryNow = false;
      return !cancelled.get();
    }
  }

  void ended(QueryState endState, String errorMessage) {
    this.error = errorMessage;
    this.state = endState;
    try {
      listener.queryEnded(this);
    } finally {
      ended.countDown();
    }
  }

  void recordProgress(BatchProgress batch) {
    synchronized (this) {
      if (progress.size() == PROGRESS_HISTORY) {
        progress.removeFirst();
      }
      progress.addLast(batch);
      totalInputRows += batch.inputRows();
      totalOutputRows += batch.outputRows();
      peakStateRows = Math.max(peakStateRows, batch.stateRows());
    }
    listener.batchEnded(this, batch);
  }

  /**
   * Puts the batches this query ran before a restart in front of its progress, and adds their
   * totals, so its history goes on where it was; they are not reported to listeners again. A batch
   * that ran again after the restart (replayed from its checkpoint) keeps its new run only.
   */
  public void restoreProgress(
      List<BatchProgress> earlier, long inputRows, long outputRows, long peakState) {
    synchronized (this) {
      long firstNew = progress.isEmpty() ? Long.MAX_VALUE : progress.getFirst().batchId();
      Deque<BatchProgress> merged = new ArrayDeque<>();
      for (BatchProgress batch : earlier) {
        if (batch.batchId() < firstNew) {
          merged.addLast(batch);
        } else {
          inputRows -= batch.inputRows();
          outputRows -= batch.outputRows();
        }
      }
      merged.addAll(progress);
      while (merged.size() > PROGRESS_HISTORY) {
        merged.removeFirst();
      }
      progress.clear();
      progress.addAll(merged);
      totalInputRows += inputRows;
      totalOutputRows += outputRows;
      peakStateRows = Math.max(peakStateRows, peakState);
    }
  }

  void recordSinkCommit(long nanos) {
    listener.sinkCommitted(this, nanos);
  }

  void recordCheckpointWrite(CheckpointFile file, long nanos) {
    listener.checkpointWritten(this, file, nanos);
  }

  /** Input rows over the query's whole life (progress keeps only recent batches). */
  public synchronized long totalInputRows() {
    return totalInputRows;
  }

  /** Output rows over the query's whole life: for a sink, the rows handed to it. */
  public synchronized long totalOutputRows() {
    return totalOutputRows;
  }

  /** The most state rows any batch of the query ended with. */
  public synchronized long peakStateRows() {
    return peakStateRows;
  }

  /** The most recent batches, oldest first. */
  public synchronized List<BatchProgress> recentProgress() {
    return new ArrayList<>(progress);
  }

  /** A client read from this query; lets the server stop queries whose client vanished. */
  public void touch() {
    lastFetchMillis = System.currentTimeMillis();
  }

  public long lastFetchMillis() {
    return lastFetchMillis;
  }
}
