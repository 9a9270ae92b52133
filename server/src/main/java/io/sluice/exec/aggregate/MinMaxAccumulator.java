package io.sluice.exec.aggregate;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.batch.DoubleVector;
import io.sluice.spi.batch.LongVector;
import io.sluice.spi.batch.ObjectVector;
import java.util.Arrays;

/** MIN and MAX over any column kind; NULL when a group saw no non-NULL value. */
abstract class MinMaxAccumulator extends Accumulator {
  protected final int argument;
  protected final boolean max;
  protected boolean[] seen = new boolean[16];

  MinMaxAccumulator(int argument, int filterColumn, boolean max) {
    super(filterColumn);
    this.argument = argument;
    this.max = max;
  }

  static MinMaxAccumulator create(
      io.sluice.spi.type.ColumnType.VectorKind kind, int argument, int filterColumn, boolean max) {
    switch (kind) {
      case LONG:
        return new LongMinMax(argument, filterColumn, max);
      case DOUBLE:
        return new DoubleMinMax(argument, filterColumn, max);
      default:
        return new ObjectMinMax(argument, filterColumn, max);
    }
  }

  @Override
  public void ensureGroups(int groupCount) {
    if (groupCount > seen.length) {
      int size = Math.max(groupCount, seen.length * 2);
      seen = Arrays.copyOf(seen, size);
      grow(size);
    }
  }

  protected abstract void grow(int size);

  @Override
  public void reset(int group) {
    seen[group] = false;
  }

  @Override
  public void writeState(java.io.DataOutputStream out, int group) throws java.io.IOException {
    out.writeBoolean(seen[group]);
    io.sluice.exec.operator.StateSnapshots.writeValue(out, seen[group] ? value(group) : null);
  }

  @Override
  public void readState(java.io.DataInputStream in, int group) throws java.io.IOException {
    seen[group] = in.readBoolean();
    Object value = io.sluice.exec.operator.StateSnapshots.readValue(in);
    if (seen[group]) {
      setValue(group, value);
    }
  }

  @Override
  public void merge(int from, int into) {
    combine(from, into);
    reset(from);
  }

  @Override
  public boolean canCombine() {
    return true;
  }

  /** The group's current value, boxed (for checkpoints). */
  protected abstract Object value(int group);

  protected abstract void setValue(int group, Object value);

  /** MIN/MAX of longs. */
  private static final class LongMinMax extends MinMaxAccumulator {
    private long[] values = new long[16];

    LongMinMax(int argument, int filterColumn, boolean max) {
      super(argument, filterColumn, max);
    }

    @Override
    protected void grow(int size) {
      values = Arrays.copyOf(values, size);
    }

    @Override
    protected Object value(int group) {
      return values[group];
    }

    @Override
    protected void setValue(int group, Object value) {
      values[group] = (Long) value;
    }

    @Override
    protected void accumulate(
        Batch input, int[] rows, int[] groups, int count, ColumnVector filter) {
      LongVector column = (LongVector) input.column(argument);
      long[] data = column.values();
      for (int i = 0; i < count; i++) {
        int row = rows[i];
        if (passes(filter, row) && !column.isNull(row)) {
          int group = groups[i];
          long value = data[row];
          if (!seen[group] || (max ? value > values[group] : value < values[group])) {
            values[group] = value;
            seen[group] = true;
          }
        }
      }
    }

    @Override
    public void combine(int from, int into) {
      if (seen[from]
          && (!seen[into] || (max ? values[from] > values[into] : values[from] < values[into]))) {
        values[into] = values[from];
        seen[into] = true;
      }
    }

    @Override
    public void write(int group, ColumnVector out, int row) {
      if (seen[group]) {
        ((LongVector) out).set(row, values[group]);
      } else {
        out.setNull(row);
      }
    }

    @Override
    public long bytesPerGroup(int group) {
      return Long.BYTES + 1;
    }
  }

  /** MIN/MAX of doubles. */
  private static final class DoubleMinMax extends MinMaxAccumulator {
    private double[] values = new double[16];

    DoubleMinMax(int argument, int filterColumn, boolean max) {
      super(argument, filterColumn, max);
    }

    @Override
    protected void grow(int size) {
      values = Arrays.copyOf(values, size);
    }

    @Override
    protected Object value(int group) {
      return values[group];
    }

    @Override
    protected void setValue(int group, Object value) {
      values[group] = (Double) value;
    }

    @Override
    protected void accumulate(
        Batch input, int[] rows, int[] groups, int count, ColumnVector filter) {
      DoubleVector column = (DoubleVector) input.column(argument);
      double[] data = column.values();
      for (int i = 0; i < count; i++) {
        int row = rows[i];
        if (passes(filter, row) && !column.isNull(row)) {
          int group = groups[i];
          double value = data[row];
          // Double.compare's total order (NaN above all, -0.0 below 0.0), as SQL's: the result
          // does not depend on the order rows, batches or partial slices come in
          int order = Double.compare(value, values[group]);
          if (!seen[group] || (max ? order > 0 : order < 0)) {
            values[group] = value;
            seen[group] = true;
          }
        }
      }
    }

    @Override
    public void combine(int from, int into) {
      int order = Double.compare(values[from], values[into]);
      if (seen[from] && (!seen[into] || (max ? order > 0 : order < 0))) {
        values[into] = values[from];
        seen[into] = true;
      }
    }

    @Override
    public void write(int group, ColumnVector out, int row) {
      if (seen[group]) {
        ((DoubleVector) out).set(row, values[group]);
      } else {
        out.setNull(row);
      }
    }

    @Override
    public long bytesPerGroup(int group) {
      return Double.BYTES + 1;
    }
  }

  /** MIN/MAX of strings and decimals, by their natural order. */
  private static final class ObjectMinMax extends MinMaxAccumulator {
    private Object[] values = new Object[16];

    ObjectMinMax(int argument, int filterColumn, boolean max) {
      super(argument, filterColumn, max);
    }

    @Override
    protected void grow(int size) {
      values = Arrays.copyOf(values, size);
    }

    @Override
    protected Object value(int group) {
      return values[group];
    }

    @Override
    protected void setValue(int group, Object value) {
      values[group] = value;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    @Override
    protected void accumulate(
        Batch input, int[] rows, int[] groups, int count, ColumnVector filter) {
      ObjectVector column = (ObjectVector) input.column(argument);
      for (int i = 0; i < count; i++) {
        int row = rows[i];
        Object value = column.get(row);
        if (passes(filter, row) && value != null) {
          int group = groups[i];
          Object current = values[group];
          if (value == current) {
            // a text cached from the row before (a time's minute), already the extreme
            continue;
          }
          int order = seen[group] ? ((Comparable) value).compareTo(current) : 0;
          if (!seen[group] || (max ? order > 0 : order < 0)) {
            values[group] = value;
            seen[group] = true;
          }
        }
      }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    @Override
    public void combine(int from, int into) {
      if (seen[from]
          && (!seen[into]
              || (max
                  ? ((Comparable) values[from]).compareTo(values[into]) > 0
                  : ((Comparable) values[from]).compareTo(values[into]) < 0))) {
        values[into] = values[from];
        seen[into] = true;
      }
    }

    @Override
    public void reset(int group) {
      super.reset(group);
      values[group] = null;
    }

    @Override
    public void write(int group, ColumnVector out, int row) {
      if (seen[group]) {
        ((ObjectVector) out).set(row, values[group]);
      } else {
        out.setNull(row);
      }
    }

    @Override
    public long bytesPerGroup(int group) {
      Object value = values[group];
      return 16 + (value instanceof String ? 40 + 2L * ((String) value).length() : 32);
    }
  }
}
