package io.sluice.spi.batch;

import io.sluice.spi.type.ColumnType;
import java.util.List;

/**
 * Fills a batch row by row, for sources and decoders. Write each column of the current row with the
 * typed setters (a column never written stays NULL), then {@link #endRow()} to keep it or {@link
 * #discardRow()} to drop a half-written row, e.g. when a record turns out malformed.
 */
public final class BatchBuilder {
  /** Vectors with room for more rows than this are fitted at build when mostly empty. */
  private static final int FITTED_ABOVE_ROWS = 1024;

  private final List<ColumnType> types;
  // null after a build until the builder is used again: most builders build once and are dropped,
  // and vectors made for a next batch that never comes cost as much as the batch
  private ColumnVector[] columns;
  private boolean[] written;
  private int rowCount;
  private int capacity;
  // the capacity the columns are made with when used again after a build
  private int nextCapacity;
  // end of the rows a column-wise decoder may have written since the last build
  private int reservedEnd;

  public BatchBuilder(List<ColumnType> types, int initialCapacity) {
    this.types = List.copyOf(types);
    this.written = new boolean[types.size()];
    this.columns = allocate(Math.max(1, initialCapacity));
  }

  /** Makes the vectors a build let go of, for the next batch and at least {@code rows} rows. */
  private void makeColumns(int rows) {
    columns = allocate(Math.max(nextCapacity, rows));
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
      if (columns == null) {
        makeColumns(rowCount + 1);
        return;
      }
      for (ColumnVector column : columns) {
        column.ensureCapacity(rowCount + 1);
      }
      capacity = columns.length == 0 ? Integer.MAX_VALUE : columns[0].capacity();
    }
  }

  // A column written twice in a row (a JSON record naming a field twice) keeps the last value,
  // NULL or not: each set clears a NULL written before it, and a NULL clears an object before it.

  public void setLong(int column, long value) {
    ensureRow();
    LongVector vector = (LongVector) columns[column];
    vector.set(rowCount, value);
    vector.clearNull(rowCount);
    written[column] = true;
  }

  public void setDouble(int column, double value) {
    ensureRow();
    DoubleVector vector = (DoubleVector) columns[column];
    vector.set(rowCount, value);
    vector.clearNull(rowCount);
    written[column] = true;
  }

  public void setObject(int column, Object value) {
    ensureRow();
    ObjectVector vector = (ObjectVector) columns[column];
    vector.set(rowCount, value);
    if (value != null) {
      vector.clearNull(rowCount);
    }
    written[column] = true;
  }

  public void setNull(int column) {
    ensureRow();
    if (columns[column] instanceof ObjectVector objects) {
      objects.set(rowCount, null);
    } else {
      columns[column].setNull(rowCount);
    }
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

  /**
   * Makes room for {@code count} more rows, for decoders that fill a batch column by column: write
   * rows {@link #rowCount()} to {@code rowCount() + count - 1} of every column into its {@link
   * #vector} (NULLs with {@link ColumnVector#setNull}), then {@link #appendRows}. Not while a row
   * is half written through the setters.
   */
  public void reserve(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count is negative: " + count);
    }
    long needed = (long) rowCount + count;
    if (columns == null) {
      makeColumns(Math.toIntExact(needed));
    }
    if (needed > capacity) {
      for (ColumnVector column : columns) {
        column.ensureCapacity(Math.toIntExact(needed));
      }
      capacity = columns.length == 0 ? Integer.MAX_VALUE : columns[0].capacity();
    }
    reservedEnd = Math.max(reservedEnd, (int) needed);
  }

  /** The vector of {@code column}, valid until the next {@link #reserve}, setter or build. */
  public ColumnVector vector(int column) {
    if (columns == null) {
      makeColumns(0);
    }
    return columns[column];
  }

  /** Keeps {@code count} rows a decoder wrote column by column after a {@link #reserve}. */
  public void appendRows(int count) {
    if (count < 0 || (long) rowCount + count > capacity) {
      throw new IllegalArgumentException(
          "Cannot append " + count + " rows to " + rowCount + " of capacity " + capacity);
    }
    rowCount += count;
  }

  /**
   * Drops the rows from {@code rowCount} on, e.g. those of a file found corrupt after some of its
   * rows were appended, and whatever a column-wise decoder wrote after them without appending it;
   * their values are cleared so the rows can be written again.
   */
  public void truncate(int rowCount) {
    if (rowCount < 0 || rowCount > this.rowCount) {
      throw new IllegalArgumentException(
          "Cannot truncate " + this.rowCount + " rows to " + rowCount);
    }
    int end =
        columns == null || columns.length == 0
            ? 0
            : Math.min(Math.max(this.rowCount, reservedEnd), capacity);
    for (int row = rowCount; row < end; row++) {
      for (ColumnVector column : columns) {
        clearRow(column, row);
      }
    }
    this.rowCount = rowCount;
  }

  /** The rows built so far as a batch; the builder starts afresh with new vectors. */
  public Batch build() {
    Batch batch;
    if (columns == null) {
      // unused since the last build: an empty batch, which needs no room for the next batch's
      // rows, and nothing learnt about their number
      batch = new Batch(allocate(1), 0);
    } else {
      batch = new Batch(fitted(), rowCount);
      nextCapacity = Math.max(16, rowCount);
    }
    columns = null;
    capacity = 0;
    rowCount = 0;
    reservedEnd = 0;
    return batch;
  }

  /**
   * The vectors to build with: when they were made far larger than the rows they got (a source's
   * guess from an offset span that held few records), copies of the rows' size, so that the batch
   * does not carry the room while it waits for a client or a sink.
   */
  private ColumnVector[] fitted() {
    if (capacity <= FITTED_ABOVE_ROWS || rowCount >= capacity / 4) {
      return columns;
    }
    ColumnVector[] fitted = allocate(Math.max(1, rowCount));
    for (int c = 0; c < fitted.length; c++) {
      fitted[c].copyRange(columns[c], 0, 0, rowCount);
    }
    return fitted;
  }
}
