package io.sluice.exec.operator;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.changelog.RowKind;
import io.sluice.spi.type.ColumnType;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects boxed output rows with their changelog kinds into a batch: for operators whose state is
 * rows (top-N, deduplication, OVER), not columns.
 */
public final class RowBatches {
  private final List<ColumnType> types;
  private final List<Object[]> rows = new ArrayList<>();
  private final List<RowKind> kinds = new ArrayList<>();
  private boolean updating;

  public RowBatches(List<ColumnType> types) {
    this.types = List.copyOf(types);
  }

  public void add(RowKind kind, Object[] row) {
    rows.add(row);
    kinds.add(kind);
    updating |= kind != RowKind.INSERT;
  }

  public boolean isEmpty() {
    return rows.isEmpty();
  }

  /** The rows added since the last call, as a batch; empties the collector. */
  public Batch build() {
    int count = rows.size();
    ColumnVector[] columns = new ColumnVector[types.size()];
    for (int c = 0; c < columns.length; c++) {
      columns[c] = ColumnVector.allocate(types.get(c), count);
    }
    byte[] rowKinds = updating ? new byte[count] : null;
    for (int r = 0; r < count; r++) {
      Object[] row = rows.get(r);
      for (int c = 0; c < columns.length; c++) {
        columns[c].setObject(r, row[c]);
      }
      if (rowKinds != null) {
        rowKinds[r] = kinds.get(r).toByte();
      }
    }
    rows.clear();
    kinds.clear();
    updating = false;
    return new Batch(columns, count, rowKinds);
  }
}
