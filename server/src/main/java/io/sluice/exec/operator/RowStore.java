package io.sluice.exec.operator;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.batch.DoubleVector;
import io.sluice.spi.batch.LongVector;
import io.sluice.spi.batch.ObjectVector;
import io.sluice.spi.type.ColumnType;
import java.util.List;

/**
 * Rows held in column vectors by slot number: state that keeps one row per key without a boxed
 * array per row, overwritten in place when the key's row changes. Copies run column by column, one
 * loop over the rows per column, so the type of a column is looked at once, not once per value.
 */
final class RowStore {
  private final List<ColumnType> types;
  private final ColumnVector[] columns;

  RowStore(List<ColumnType> types) {
    this.types = List.copyOf(requireNonNull(types, "types is null"));
    this.columns = new ColumnVector[types.size()];
    for (int c = 0; c < columns.length; c++) {
      columns[c] = ColumnVector.allocate(types.get(c), 16);
    }
  }

  /** The vectors, one per column, whose row {@code slot} is that slot's row. */
  ColumnVector[] columns() {
    return columns;
  }

  /** Overwrites slot {@code slot} with row {@code row} of {@code source} (same column types). */
  void copyRow(ColumnVector[] source, int row, int slot) {
    ensureSlot(slot);
    for (int c = 0; c < columns.length; c++) {
      columns[c].copyFrom(source[c], row, slot);
    }
  }

  /**
   * Overwrites the values of {@code which} columns of slot {@code slot} with row {@code row} of
   * {@code source} (same column types): a new key's key columns, for the lookups that follow.
   */
  void copyColumns(ColumnVector[] source, int row, int slot, int[] which) {
    ensureSlot(slot);
    for (int c : which) {
      columns[c].copyFrom(source[c], row, slot);
    }
  }

  /** Overwrites slot {@code slots[i]} with row {@code rows[i]} of {@code source}, for each i. */
  void copyRows(ColumnVector[] source, int[] rows, int[] slots, int count) {
    int highest = -1;
    for (int i = 0; i < count; i++) {
      highest = Math.max(highest, slots[i]);
    }
    ensureSlot(highest);
    for (int c = 0; c < columns.length; c++) {
      ColumnVector from = source[c];
      ColumnVector to = columns[c];
      if (to instanceof LongVector longs) {
        long[] values = longs.values();
        long[] sourceValues = ((LongVector) from).values();
        for (int i = 0; i < count; i++) {
          int row = rows[i];
          int slot = slots[i];
          if (from.isNull(row)) {
            to.setNull(slot);
          } else {
            to.clearNull(slot);
            values[slot] = sourceValues[row];
          }
        }
      } else if (to instanceof DoubleVector doubles) {
        double[] values = doubles.values();
        double[] sourceValues = ((DoubleVector) from).values();
        for (int i = 0; i < count; i++) {
          int row = rows[i];
          int slot = slots[i];
          if (from.isNull(row)) {
            to.setNull(slot);
          } else {
            to.clearNull(slot);
            values[slot] = sourceValues[row];
          }
        }
      } else {
        Object[] values = ((ObjectVector) to).values();
        Object[] sourceValues = ((ObjectVector) from).values();
        for (int i = 0; i < count; i++) {
          // a row flagged NULL may still hold an earlier value (a builder's setNull leaves it)
          int row = rows[i];
          Object value = from.isNull(row) ? null : sourceValues[row];
          int slot = slots[i];
          values[slot] = value;
          if (value == null) {
            to.setNull(slot);
          } else {
            to.clearNull(slot);
          }
        }
      }
    }
  }

  /**
   * A column of {@code count} rows, row i taken from this store's slot {@code refs[i]} when it is
   * not negative, else from row {@code ~refs[i]} of {@code batchColumn}: a key's old row next to
   * its new one from the batch.
   */
  ColumnVector gather(int column, ColumnVector batchColumn, int[] refs, int count) {
    ColumnVector kept = columns[column];
    ColumnVector out = ColumnVector.allocate(types.get(column), count);
    if (kept instanceof LongVector longs) {
      long[] values = ((LongVector) out).values();
      long[] keptValues = longs.values();
      long[] batchValues = ((LongVector) batchColumn).values();
      for (int i = 0; i < count; i++) {
        int ref = refs[i];
        if (ref >= 0 ? kept.isNull(ref) : batchColumn.isNull(~ref)) {
          out.setNull(i);
        } else {
          values[i] = ref >= 0 ? keptValues[ref] : batchValues[~ref];
        }
      }
    } else if (kept instanceof DoubleVector doubles) {
      double[] values = ((DoubleVector) out).values();
      double[] keptValues = doubles.values();
      double[] batchValues = ((DoubleVector) batchColumn).values();
      for (int i = 0; i < count; i++) {
        int ref = refs[i];
        if (ref >= 0 ? kept.isNull(ref) : batchColumn.isNull(~ref)) {
          out.setNull(i);
        } else {
          values[i] = ref >= 0 ? keptValues[ref] : batchValues[~ref];
        }
      }
    } else {
      ObjectVector objects = (ObjectVector) out;
      Object[] keptValues = ((ObjectVector) kept).values();
      Object[] batchValues = ((ObjectVector) batchColumn).values();
      for (int i = 0; i < count; i++) {
        int ref = refs[i];
        if (ref >= 0 ? kept.isNull(ref) : batchColumn.isNull(~ref)) {
          out.setNull(i);
        } else {
          objects.set(i, ref >= 0 ? keptValues[ref] : batchValues[~ref]);
        }
      }
    }
    return out;
  }

  /** Overwrites slot {@code slot} with boxed values (as {@link #row} returns them). */
  void setRow(Object[] values, int slot) {
    ensureSlot(slot);
    for (int c = 0; c < columns.length; c++) {
      ColumnVector column = columns[c];
      if (values[c] == null) {
        column.setObject(slot, null); // an object column's value too, not only its flag
      } else {
        column.clearNull(slot);
        column.setObject(slot, values[c]);
      }
    }
  }

  /** The boxed values of slot {@code slot}: for snapshots, not for hot loops. */
  Object[] row(int slot) {
    Object[] row = new Object[columns.length];
    for (int c = 0; c < columns.length; c++) {
      row[c] = columns[c].getObject(slot);
    }
    return row;
  }

  /** Lets go of the objects slot {@code slot} refers to, once its row is no longer kept. */
  void clear(int slot) {
    for (ColumnVector column : columns) {
      if (column instanceof ObjectVector objects) {
        objects.set(slot, null);
      }
    }
  }

  private void ensureSlot(int slot) {
    // a store of no columns (the key of a top-N without PARTITION BY) holds nothing
    if (columns.length > 0 && slot >= columns[0].capacity()) {
      for (ColumnVector column : columns) {
        column.ensureCapacity(slot + 1);
      }
    }
  }
}
