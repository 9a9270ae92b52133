package io.sluice.exec.operator;

import io.sluice.spi.batch.Batch;
import java.util.List;

/**
 * What one micro-batch feeds the operator tree: its id, the rows each source read for it (indexed
 * by the source's position in the query) and the watermarks.
 *
 * @param watermarkBefore the query's watermark when the batch started: rows older than it are late
 *     ({@link Long#MIN_VALUE} when there is none yet)
 * @param watermarkAfter the watermark including this batch's rows: windows ending at or before it
 *     are complete and may be emitted and evicted
 * @param endOfInput the sources are exhausted and this is a snapshot query's last batch: stateful
 *     operators emit everything they hold
 * @param processingTime the wall clock when the batch started: what {@code PROCTIME()} returns for
 *     its rows, and what closes windows over processing time
 */
public record MicroBatch(
    long batchId,
    List<Batch> sourceRows,
    long watermarkBefore,
    long watermarkAfter,
    boolean endOfInput,
    long processingTime) {
  public static final long NO_WATERMARK = Long.MIN_VALUE;

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
