package io.sluice.exec.operator;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.changelog.RowKind;
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

  /** The rows the next {@link #next} emits, in storage form (boxed), one value per column. */
  public void hand(List<Object[]> rows) {
    this.rows = requireNonNull(rows, "rows is null");
  }

  @Override
  public Batch next(MicroBatch microBatch) {
    RowBatches out = new RowBatches(types);
    for (Object[] row : rows) {
      out.add(RowKind.INSERT, row);
    }
    rows = List.of();
    return out.build();
  }

  @Override
  public void close() {}
}
