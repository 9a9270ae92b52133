package io.sluice.exec.view;

import static java.util.Objects.requireNonNull;

import io.sluice.connector.sink.StreamSink;
import io.sluice.exec.batch.Batch;
import java.util.HashMap;
import java.util.Map;

/** The sink of a materialized view's query: a batch becomes visible in the table on commit. */
public final class ResultTableSink implements StreamSink {
  private final ResultTable table;
  private final Map<Long, Batch> staged = new HashMap<>();

  public ResultTableSink(ResultTable table) {
    this.table = requireNonNull(table, "table is null");
  }

  @Override public void write(long batchId, Batch rows) {
    staged.put(batchId, rows);
  }

  @Override public void commit(long batchId) {
    Batch rows = staged.remove(batchId);
    if (rows != null && batchId > table.version()) {
      table.apply(batchId, rows);
    }
  }

  @Override public long lastCommittedBatch() {
    return table.version();
  }
}
