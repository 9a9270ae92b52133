package io.sluice.exec.operator;

import io.sluice.spi.batch.Batch;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the subtasks of one exchange meet within a micro-batch: each hands in its rows, one batch
 * per receiving subtask, waits until every subtask has, and takes the rows sent to it. The driver
 * runs the subtasks' batches to the end before the next batch begins, so one set of slots serves
 * every batch.
 */
public final class ExchangeChannel {
  private final int parallelism;
  private final Batch[][] sent;
  private final boolean[] inputFinished;
  private int arrived;
  private long generation;
  private boolean aborted;

  public ExchangeChannel(int parallelism) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism " + parallelism);
    }
    this.parallelism = parallelism;
    this.sent = new Batch[parallelism][];
    this.inputFinished = new boolean[parallelism];
  }

  public int parallelism() {
    return parallelism;
  }

  /**
   * Hands in {@code outgoing} (index: receiving subtask) from subtask {@code from} and returns what
   * every subtask sent to {@code from}, in subtask order.
   *
   * @throws ExchangeAbortedException when another subtask failed and the driver aborted the batch
   */
  public List<Batch> exchange(int from, Batch[] outgoing, boolean finished) {
    sent[from] = outgoing;
    inputFinished[from] = finished;
    await();
    List<Batch> received = new ArrayList<>(parallelism);
    for (int sender = 0; sender < parallelism; sender++) {
      received.add(sent[sender][from]);
    }
    return received;
  }

  /** Whether every subtask's input had finished at the last exchange. */
  public boolean allInputsFinished() {
    for (boolean finished : inputFinished) {
      if (!finished) {
        return false;
      }
    }
    return true;
  }

  /**
   * Releases subtasks waiting here, now and later: another subtask failed, and this run of the
   * query ends.
   */
  public synchronized void abort() {
    aborted = true;
    notifyAll();
  }

  /** Waits until every subtask has arrived (a barrier that stays broken once aborted). */
  private synchronized void await() {
    if (aborted) {
      throw new ExchangeAbortedException();
    }
    long arrival = generation;
    if (++arrived == parallelism) {
      arrived = 0;
      generation++;
      notifyAll();
      return;
    }
    try {
      while (generation == arrival && !aborted) {
        wait();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      aborted = true;
      notifyAll();
      throw new ExchangeAbortedException();
    }
    if (generation == arrival) {
      throw new ExchangeAbortedException();
    }
  }

  /** A subtask left an exchange because the batch was aborted elsewhere. */
  public static final class ExchangeAbortedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ExchangeAbortedException() {
      super("Another subtask of the query failed; this batch was abandoned", null, false, false);
    }
  }
}
