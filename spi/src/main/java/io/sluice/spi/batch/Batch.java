package io.sluice.spi.batch;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.changelog.RowKind;
import io.sluice.spi.type.ColumnType;
import java.util.ArrayList;
import java.util.List;

/**
 * A run of rows stored column by column: the unit every operator consumes and produces. Rows {@code
 * 0 .. rowCount-1} of each vector are valid. A batch handed to an operator is read-only for it; an
 * operator that wants to keep rows copies them.
 *
 * <p>Some columns may be deferred ({@link DeferredColumns}): built the first time {@link #column}
 * or {@link #columns} reads them, so a reader sees the same batch either way; {@link #gather} reads
 * some rows of a column without building the rest. A batch is read by one thread at a time (handing
 * it to another thread through a queue publishes what was built).
 */
public final class Batch {
  /** Rows {@link #appendRows} boxes at a time. */
  private static final int BOXING_BLOCK = 256;

  private final ColumnVector[] columns;
  private final int rowCount;
  private final byte[] rowKinds;

  /** Builds the columns that are null in {@link #columns} until read; null when there are none. */
  private DeferredColumns deferred;

  /** An insert-only batch. */
  public Batch(ColumnVector[] columns, int rowCount) {
    this(columns, rowCount, null);
  }

  /**
   * @param rowKinds {@link RowKind} byte per row, or null when every row is an insert
   */
  public Batch(ColumnVector[] columns, int rowCount, byte[] rowKinds) {
    this(columns, rowCount, rowKinds, null);
  }

  /**
   * A batch whose null entries of {@code columns} are built by {@code deferred} when read.
   *
   * @param rowKinds {@link RowKind} byte per row, or null when every row is an insert
   * @param deferred builds the columns left null, or null when every column is given
   */
  public Batch(ColumnVector[] columns, int rowCount, byte[] rowKinds, DeferredColumns deferred) {
    this.columns = requireNonNull(columns, "columns is null");
    if (rowCount < 0) {
      throw new IllegalArgumentException("rowCount is negative: " + rowCount);
    }
    this.rowCount = rowCount;
    this.rowKinds = rowKinds;
    this.deferred = deferred;
  }

  /** Kind of a row; {@link RowKind#INSERT} for insert-only batches. */
  public RowKind rowKind(int row) {
    return rowKinds == null ? RowKind.INSERT : RowKind.fromByte(rowKinds[row]);
  }

  /** Per-row kinds, or null when every row is an insert. */
  public byte[] rowKinds() {
    return rowKinds;
  }

  /** A batch with no rows of the given column types. */
  public static Batch empty(List<ColumnType> types) {
    ColumnVector[] columns = new ColumnVector[types.size()];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = ColumnVector.allocate(types.get(i), 0);
    }
    return new Batch(columns, 0);
  }

  public int rowCount() {
    return rowCount;
  }

  public int columnCount() {
    return columns.length;
  }

  public ColumnVector column(int index) {
    ColumnVector column = columns[index];
    if (column == null && deferred != null) {
      column = deferred.column(index);
      columns[index] = column;
    }
    return column;
  }

  /** Every column, the deferred ones built. */
  public ColumnVector[] columns() {
    if (deferred != null) {
      for (int c = 0; c < columns.length; c++) {
        column(c);
      }
      deferred = null;
    }
    return columns;
  }

  /** Whether column {@code index} is still deferred: not built until it is read. */
  public boolean isDeferred(int index) {
    return columns[index] == null && deferred != null;
  }

  /**
   * Whether column {@code index} is built, or deferred to the batch's own data ({@link
   * DeferredColumns#isSelfContained}): an operator may hold the batch to read it later, keeping
   * nothing else alive.
   */
  public boolean isSelfContained(int index) {
    return !isDeferred(index) || deferred.isSelfContained(index);
  }

  /** Whether some column is still deferred: reading only some rows of it saves work. */
  public boolean hasDeferredColumns() {
    if (deferred == null) {
      return false;
    }
    for (ColumnVector column : columns) {
      if (column == null) {
        return true;
      }
    }
    return false;
  }

  /**
   * Column {@code index} over rows {@code rows[0] .. rows[count-1]}, in that order, as a new
   * vector; a deferred column stays deferred for the other rows.
   */
  public ColumnVector gather(int index, int[] rows, int count) {
    ColumnVector column = columns[index];
    return column == null && deferred != null
        ? deferred.gather(index, rows, count)
        : column.gather(rows, count);
  }

  /**
   * A batch of the same rows whose column {@code c} is this batch's column {@code sources[c]}: a
   * projection that keeps deferred columns deferred.
   */
  public Batch project(int[] sources) {
    ColumnVector[] projected = new ColumnVector[sources.length];
    for (int c = 0; c < sources.length; c++) {
      projected[c] = columns[sources[c]];
    }
    if (!hasDeferredColumns()) {
      return new Batch(projected, rowCount, rowKinds);
    }
    return new Batch(projected, rowCount, rowKinds, new ProjectedColumns(this, sources));
  }

  /** Row {@code row} as boxed values, for result delivery and tests (not for hot loops). */
  public Object[] row(int row) {
    Object[] values = new Object[columns.length];
    for (int c = 0; c < columns.length; c++) {
      values[c] = column(c).getObject(row);
    }
    return values;
  }

  /** All rows as boxed values, for result delivery and tests. */
  public List<Object[]> rows() {
    List<Object[]> rows = new ArrayList<>(rowCount);
    appendRows(0, rowCount, rows);
    return rows;
  }

  /**
   * Appends rows {@code from .. from+count-1} as boxed values to {@code target}, for result
   * delivery. Boxes a block of rows column by column: one type dispatch per column and block rather
   * than per value, and the block's rows stay in cache while each column fills them.
   */
  public void appendRows(int from, int count, List<Object[]> target) {
    if (from < 0 || count < 0 || from + count > rowCount) {
      throw new IndexOutOfBoundsException("Rows " + from + " + " + count + " of " + rowCount);
    }
    Object[][] block = new Object[Math.min(count, BOXING_BLOCK)][];
    for (int start = 0; start < count; start += BOXING_BLOCK) {
      int length = Math.min(BOXING_BLOCK, count - start);
      for (int i = 0; i < length; i++) {
        block[i] = new Object[columns.length];
      }
      for (int c = 0; c < columns.length; c++) {
        column(c).getObjects(from + start, length, block, c);
      }
      for (int i = 0; i < length; i++) {
        target.add(block[i]);
      }
    }
  }
}
