package io.sluice.exec.operator;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.BatchBuilder;
import io.sluice.spi.type.ColumnType;
import java.util.List;

/**
 * Emits the rows last handed to it, once: the start of a pipeline that another operator drives
 * itself, such as the filter and projection a lookup join applies to the rows it looked up.
 */
public final class HandedRowsOperator implements Operator {
  private final List<ColumnType> types;
  private List<Object[]> rows = List.of();

  public HandedRowsOperator(List<ColumnType> types) {
    this.types = List.copyOf(requireNonNull(types, "types is null"));
  }

  /** The rows the next {@link #next} emits, in storage form, one value per column. */
  public void hand(List<Object[]> rows) {
    this.rows = requireNonNull(rows, "rows is null");
  }

  @Override
  public Batch next(MicroBatch microBatch) {
    BatchBuilder builder = new BatchBuilder(types, Math.max(1, rows.size()));
    for (Object[] row : rows) {
      for (int c = 0; c < types.size(); c++) {
        Object value = row[c];
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
    rows = List.of();
    return builder.build();
  }

  @Override
  public void close() {}
}
