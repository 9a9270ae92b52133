package io.sluice.spi.batch;

import io.sluice.spi.type.ColumnType;
import java.util.List;

/**
 * Fills a batch row by row, for sources and decoders. Write each column of the current row with the
 * typed setters (a column never written stays NULL), then {@link #endRow()} to keep it or {@link
 * #discardRow()} to drop a half-written row, e.g. when a record turns out malformed.
 */
public final class BatchBuilder {
  private final List<ColumnType> types;
  private ColumnVector[] columns;
  private boolean[] written;
  private int rowCount;
  private int capacity;

  public BatchBuilder(List<ColumnType> types, int initialCapacity) {
    this.types = List.copyOf(types);
    this.written = new boolean[types.size()];
    this.columns = allocate(Math.max(1, initialCapacity));
  }

  private ColumnVector[] allocate(int capacity) {
    this.capacity = types.isEmpty() ? Integer.MAX_VALUE : capacity;
    ColumnVector[] vectors = new ColumnVector[types.size()];
    for (int i = 0; i < vectors.length; i++) {
      vectors[i] = ColumnVector.allocate(types.get(i), capacity);
    }
    return vectors;
  }

  public List<ColumnType> types() {
    return types;
  }

  public int rowCount() {
    return rowCount;
  }

  private void ensureRow() {
    if (rowCount >= capacity) {
      for (ColumnVector column : columns) {
        column.ensureCapacity(rowCount + 1);
      }
      capacity = columns.length == 0 ? Integer.MAX_VALUE : columns[0].capacity();
    }
  }

  public void setLong(int column, long value) {
    ensureRow();
    ((LongVector) columns[column]).set(rowCount, value);
    written[column] = true;
  }

  public void setDouble(int column, double value) {
    ensureRow();
    ((DoubleVector) columns[column]).set(rowCount, value);
    written[column] = true;
  }

  public void setObject(int column, Object value) {
    ensureRow();
    ((ObjectVector) columns[column]).set(rowCount, value);
    written[column] = true;
  }

  public void setNull(int column) {
    ensureRow();
    columns[column].setNull(rowCount);
    written[column] = true;
  }

  /** Whether a column of the current row is NULL so far (never written, or set NULL). */
  public boolean isNullInCurrentRow(int column) {
    return !written[column] || columns[column].isNull(rowCount);
  }

  /** Keeps the current row; columns not written are NULL. */
  public void endRow() {
    ensureRow();
    for (int c = 0; c < written.length; c++) {
      if (!written[c]) {
        columns[c].setNull(rowCount);
      }
      written[c] = false;
    }
    rowCount++;
  }

  /** Drops whatever was written for the current row. */
  public void discardRow() {
    for (int c = 0; c < written.length; c++) {
      if (written[c]) {
        clearRow(columns[c], rowCount);
      }
      written[c] = false;
    }
  }

  private static void clearRow(ColumnVector column, int row) {
    if (column instanceof ObjectVector) {
      ((ObjectVector) column).values()[row] = null;
    }
    if (column.hasNulls) {
      column.nulls[row] = false;
    }
  }

  /** The rows built so far as a batch; the builder starts afresh with new vectors. */
  public Batch build() {
    Batch batch = new Batch(columns, rowCount);
    columns = allocate(Math.max(16, rowCount));
    rowCount = 0;
    return batch;
  }
}
