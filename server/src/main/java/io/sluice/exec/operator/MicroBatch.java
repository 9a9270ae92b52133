package io.sluice.exec.operator;

import io.sluice.exec.batch.Batch;
import java.util.List;

/**
 * What one micro-batch feeds the operator tree: its id and the rows each source read for it,
 * indexed by the source's position in the query.
 */
public record MicroBatch(long batchId, List<Batch> sourceRows) {
  public MicroBatch {
    sourceRows = List.copyOf(sourceRows);
  }

  public Batch rowsOf(int sourceIndex) {
    return sourceRows.get(sourceIndex);
  }

  public long inputRowCount() {
    long rows = 0;
    for (Batch batch : sourceRows) {
      rows += batch.rowCount();
    }
    return rows;
  }
}
