package io.sluice.server.result;

import io.sluice.exec.driver.QueryOutput;

/** Rows of a statement's result, read in chunks: a finished list or a running query's output. */
public interface RowSource extends AutoCloseable {
  /** Up to {@code maxRows} rows, waiting at most {@code waitMillis} for the first one. */
  QueryOutput.Chunk poll(int maxRows, long waitMillis) throws InterruptedException;

  /** Stops producing rows (cancels a running query). */
  @Override
  void close();
}
