package io.sluice.spi.batch;

import java.util.Arrays;

/** Column of BOOLEAN, integer, DATE, TIME and TIMESTAMP values, stored as longs. */
public final class LongVector extends ColumnVector {
  private long[] values;

  public LongVector(int capacity) {
    super(capacity);
    this.values = new long[capacity];
  }

  public long get(int row) {
    return values[row];
  }

  public void set(int row, long value) {
    values[row] = value;
  }

  /** The backing array; rows past the batch's row count are garbage. */
  public long[] values() {
    return values;
  }

  @Override
  public int capacity() {
    return values.length;
  }

  @Override
  public void ensureCapacity(int capacity) {
    if (capacity > values.length) {
      int grown = grownCapacity(values.length, capacity);
      values = Arrays.copyOf(values, grown);
      growNulls(grown);
    }
  }

  @Override
  public void setObject(int row, Object value) {
    if (value == null) {
      setNull(row);
    } else {
      values[row] =
          value instanceof Boolean ? ((Boolean) value ? 1 : 0) : ((Number) value).longValue();
    }
  }

  @Override
  public Object getObject(int row) {
    return isNull(row) ? null : values[row];
  }

  @Override
  public LongVector gather(int[] rows, int count) {
    LongVector target = new LongVector(count);
    long[] gathered = target.values;
    for (int i = 0; i < count; i++) {
      gathered[i] = values[rows[i]];
    }
    gatherNulls(target, rows, count);
    return target;
  }

  /**
   * Reuses one box for a run of equal values: neighbouring rows often repeat a value (event times,
   * keys), and each box is an allocation.
   */
  @Override
  public void getObjects(int from, int count, Object[][] rows, int column) {
    Long box = null;
    for (int i = 0; i < count; i++) {
      if (hasNulls && nulls[from + i]) {
        rows[i][column] = null;
        continue;
      }
      long value = values[from + i];
      if (box == null || box != value) {
        box = value;
      }
      rows[i][column] = box;
    }
  }

  @Override
  protected void copyValues(ColumnVector source, int from, int to, int length) {
    System.arraycopy(((LongVector) source).values, from, values, to, length);
  }

  @Override
  public void copyFrom(ColumnVector source, int from, int to) {
    if (source.isNull(from)) {
      setNull(to);
    } else {
      if (hasNulls) {
        nulls[to] = false;
      }
      values[to] = ((LongVector) source).values[from];
    }
  }
}
