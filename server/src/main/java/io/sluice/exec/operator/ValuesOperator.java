package io.sluice.exec.operator;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.BatchBuilder;
import io.sluice.spi.type.ColumnType;
import java.util.List;

/** Emits literal rows with the first micro-batch, then nothing. */
public final class ValuesOperator implements Operator {
  private final List<ColumnType> types;
  private final List<List<Object>> rows;
  private boolean emitted;

  public ValuesOperator(List<ColumnType> types, List<List<Object>> rows) {
    this.types = List.copyOf(types);
    this.rows = rows;
  }

  @Override
  public Batch next(MicroBatch microBatch) {
    if (emitted) {
      return Batch.empty(types);
    }
    emitted = true;
    BatchBuilder builder = new BatchBuilder(types, rows.size());
    for (List<Object> row : rows) {
      for (int c = 0; c < types.size(); c++) {
        Object value = row.get(c);
        if (value == null) {
          builder.setNull(c);
        } else if (types.get(c).vectorKind() == ColumnType.VectorKind.LONG) {
          builder.setLong(c, ((Number) value).longValue());
        } else if (types.get(c).vectorKind() == ColumnType.VectorKind.DOUBLE) {
          builder.setDouble(c, ((Number) value).doubleValue());
        } else {
          builder.setObject(c, value);
        }
      }
      builder.endRow();
    }
    return builder.build();
  }

  @Override
  public boolean isFinished() {
    return emitted;
  }

  @Override
  public void close() {}
}
