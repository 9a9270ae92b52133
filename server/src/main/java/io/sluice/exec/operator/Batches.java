package io.sluice.exec.operator;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.batch.DoubleVector;
import io.sluice.spi.batch.LongVector;
import io.sluice.spi.batch.ObjectVector;
import java.util.List;

/** Concatenating and selecting rows of batches, keeping their changelog kinds. */
public final class Batches {
  private Batches() {}

  /** The rows of {@code parts} one after the other; a lone non-empty part is returned as it is. */
  public static Batch concat(List<Batch> parts) {
    Batch only = null;
    int total = 0;
    int nonEmpty = 0;
    boolean changelog = false;
    for (Batch part : parts) {
      if (part.rowCount() > 0) {
        nonEmpty++;
        only = part;
        total += part.rowCount();
        changelog |= part.rowKinds() != null;
      }
    }
    if (nonEmpty == 0) {
      return parts.get(0);
    }
    if (nonEmpty == 1) {
      return only;
    }
    ColumnVector[] out = new ColumnVector[only.columnCount()];
    for (int c = 0; c < out.length; c++) {
      out[c] = like(only.column(c), total);
    }
    byte[] kinds = changelog ? new byte[total] : null;
    int offset = 0;
    for (Batch part : parts) {
      int rows = part.rowCount();
      if (rows == 0) {
        continue;
      }
      for (int c = 0; c < out.length; c++) {
        out[c].copyRange(part.column(c), 0, offset, rows);
      }
      if (kinds != null && part.rowKinds() != null) {
        System.arraycopy(part.rowKinds(), 0, kinds, offset, rows);
      }
      // an insert-only part's kinds stay 0: RowKind.INSERT
      offset += rows;
    }
    return new Batch(out, total, kinds);
  }

  /** Rows {@code selection[0 .. count-1]} of {@code rows}, in that order. */
  public static Batch select(Batch rows, int[] selection, int count) {
    ColumnVector[] columns = new ColumnVector[rows.columnCount()];
    for (int c = 0; c < columns.length; c++) {
      // a deferred column (a join's) is read for the selected rows only
      columns[c] = rows.gather(c, selection, count);
    }
    byte[] kinds = null;
    if (rows.rowKinds() != null) {
      kinds = new byte[count];
      for (int i = 0; i < count; i++) {
        kinds[i] = rows.rowKinds()[selection[i]];
      }
    }
    return new Batch(columns, count, kinds);
  }

  /**
   * The vectors of {@code in}'s columns named in {@code read}, the other entries null: what an
   * operator that looks at a few columns of every row reads, leaving a deferred column's other rows
   * unbuilt (a join's output, a generator's padding).
   */
  public static ColumnVector[] readColumns(Batch in, int[]... read) {
    ColumnVector[] columns = new ColumnVector[in.columnCount()];
    for (int[] some : read) {
      for (int column : some) {
        columns[column] = in.column(column);
      }
    }
    return columns;
  }

  /** An empty vector of {@code vector}'s kind. */
  private static ColumnVector like(ColumnVector vector, int capacity) {
    if (vector instanceof LongVector) {
      return new LongVector(capacity);
    }
    if (vector instanceof DoubleVector) {
      return new DoubleVector(capacity);
    }
    return new ObjectVector(capacity);
  }
}
