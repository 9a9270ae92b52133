package io.sluice.exec.driver;

import io.sluice.exec.checkpoint.CheckpointFile;

/**
 * Told what running queries do, on the query's own thread (keep it quick): the metrics of the
 * server listen here.
 */
public interface QueryListener {
  /** Listens to nothing. */
  QueryListener NONE = new QueryListener() {};

  /** A batch of {@code query} ended; {@code batch} is what it did. */
  default void batchEnded(RunningQuery query, BatchProgress batch) {}

  /** The sink of a persistent query wrote and committed one batch's output in {@code nanos}. */
  default void sinkCommitted(RunningQuery query, long nanos) {}

  /** A persistent query wrote one checkpoint file durably in {@code nanos}. */
  default void checkpointWritten(RunningQuery query, CheckpointFile file, long nanos) {}

  /** {@code query} stopped (ended, failed or was cancelled); told before anyone waiting on it. */
  default void queryEnded(RunningQuery query) {}
}
