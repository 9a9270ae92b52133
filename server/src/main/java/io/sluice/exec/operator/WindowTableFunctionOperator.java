package io.sluice.exec.operator;

import static java.util.Objects.requireNonNull;

import io.sluice.plan.spec.WindowSpec;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.batch.LongVector;
import io.sluice.spi.type.ColumnType;
import java.util.List;

/**
 * TUMBLE / HOP window table function: copies each row once per window it falls in and appends
 * window_start and window_end. Rows whose time is NULL belong to no window; rows older than the
 * watermark are late and dropped (counted).
 */
public final class WindowTableFunctionOperator extends SingleInputOperator {
  private final int timeColumn;
  private final WindowSpec spec;
  private final List<ColumnType> outputTypes;
  private long lateRows;

  public WindowTableFunctionOperator(
      Operator input, int timeColumn, WindowSpec spec, List<ColumnType> outputTypes) {
    super(input);
    this.timeColumn = timeColumn;
    this.spec = requireNonNull(spec, "spec is null");
    this.outputTypes = List.copyOf(outputTypes);
  }

  @Override
  public Batch next(MicroBatch microBatch) {
    Batch in = input.next(microBatch);
    int inputColumns = in.columnCount();
    int capacity = in.rowCount() * spec.windowsPerRow();
    ColumnVector[] out = new ColumnVector[outputTypes.size()];
    for (int c = 0; c < out.length; c++) {
      out[c] = ColumnVector.allocate(outputTypes.get(c), capacity);
    }
    LongVector starts = (LongVector) out[inputColumns];
    LongVector ends = (LongVector) out[inputColumns + 1];
    LongVector time = (LongVector) in.column(timeColumn);
    long watermark = microBatch.watermarkBefore();
    int produced = 0;
    for (int row = 0; row < in.rowCount(); row++) {
      if (time.isNull(row)) {
        continue;
      }
      long ts = time.get(row);
      if (ts < watermark) {
        lateRows++;
        continue;
      }
      if (spec.kind() == WindowSpec.Kind.SESSION) {
        // Sessions are formed by the aggregate above; hand on the row's time as both bounds.
        for (int c = 0; c < inputColumns; c++) {
          out[c].copyFrom(in.column(c), row, produced);
        }
        starts.set(produced, ts);
        ends.set(produced, ts);
        produced++;
        continue;
      }
      for (long start = spec.lastStart(ts);
          start > ts - spec.sizeMillis();
          start -= spec.slideMillis()) {
        for (int c = 0; c < inputColumns; c++) {
          out[c].copyFrom(in.column(c), row, produced);
        }
        starts.set(produced, start);
        ends.set(produced, start + spec.sizeMillis());
        produced++;
      }
    }
    return new Batch(out, produced);
  }

  @Override
  public long lateRows() {
    return lateRows + input.lateRows();
  }
}
