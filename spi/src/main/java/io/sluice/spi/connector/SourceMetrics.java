package io.sluice.spi.connector;

import java.util.concurrent.atomic.AtomicLong;

/** Counters a source keeps for the query's progress: nothing is dropped without a count. */
public final class SourceMetrics {
  private final AtomicLong badRecords = new AtomicLong();
  private final AtomicLong rowsRead = new AtomicLong();

  public void recordBadRecord() {
    badRecords.incrementAndGet();
  }

  public void recordRowsRead(long rows) {
    rowsRead.addAndGet(rows);
  }

  public long badRecords() {
    return badRecords.get();
  }

  public long rowsRead() {
    return rowsRead.get();
  }
}
