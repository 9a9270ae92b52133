package io.sluice.spi.connector;

import io.sluice.spi.batch.Batch;
import java.util.OptionalLong;

/**
 * Where a persistent query delivers its result, batch by batch, exactly once. A batch is first
 * written ({@link #write}), then made visible atomically ({@link #commit}). Both must be idempotent
 * per batch id: after a crash the driver replays the uncommitted batch with the same rows, and the
 * sink must end up with them once.
 */
public interface StreamSink extends AutoCloseable {
  /** Stages the rows of batch {@code batchId}; invisible to readers until committed. */
  void write(long batchId, Batch rows);

  /** Makes batch {@code batchId}'s staged rows visible, atomically. */
  void commit(long batchId);

  /**
   * Whether {@link #writeMore} can add rows to a batch as they come: the continuous trigger then
   * hands each of its small batches to the sink at once (still invisible until the epoch's commit)
   * instead of holding the epoch's output back for one {@link #write}.
   */
  default boolean takesRowsAsTheyCome() {
    return false;
  }

  /**
   * Stages more rows of batch {@code batchId}, after those staged by earlier calls for it in this
   * run (its first call drops whatever an earlier, uncommitted attempt staged); {@link #commit}
   * makes them all visible at once. Only when {@link #takesRowsAsTheyCome}.
   */
  default void writeMore(long batchId, Batch rows) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " takes whole batches");
  }

  /**
   * Whether {@link #commit} of batch N may run on another thread while {@link #writeMore} stages
   * batch N+1: the continuous trigger then commits an epoch behind the flow of the next one instead
   * of pausing it. The driver keeps at most one commit pending, commits in batch order, and calls
   * {@link #prepareCommit} for N on the writing thread before the first rows of N+1. Only when
   * {@link #takesRowsAsTheyCome}.
   */
  default boolean commitsWhileTheNextBatchIsWritten() {
    return false;
  }

  /**
   * Called on the writing thread when batch {@code batchId} has all its rows, before its {@link
   * #commit} and before any row of the next batch: e.g. sends what is still buffered, so that the
   * next batch's rows come after this one's.
   */
  default void prepareCommit(long batchId) {}

  /** The last batch the sink itself knows it committed, or -1 (for recovery checks). */
  long lastCommittedBatch();

  /**
   * Called before the query first runs with a new (empty) checkpoint, e.g. after DROP SINK and
   * CREATE SINK of the same name: a sink that remembers committed batches outside the checkpoint
   * forgets them here, or the new query's batches would be taken for already written ones.
   */
  default void startFresh() {}

  /**
   * After the sink, opening, found its newest durable output damaged and fell back to an older copy
   * of it: the last batch that copy holds. The query then resumes from a checkpoint no later than
   * that batch and replays the batches after it, so the sink receives them again. Empty when the
   * sink holds everything it committed (the usual case).
   */
  default OptionalLong resumeNoLaterThan() {
    return OptionalLong.empty();
  }

  @Override
  default void close() {}
}
