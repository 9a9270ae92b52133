package io.sluice.spi.batch;

import java.util.Arrays;

/** Column of REAL and DOUBLE values. */
public final class DoubleVector extends ColumnVector {
  private double[] values;

  public DoubleVector(int capacity) {
    super(capacity);
    this.values = new double[capacity];
  }

  public double get(int row) {
    return values[row];
  }

  public void set(int row, double value) {
    values[row] = value;
  }

  /** The backing array; rows past the batch's row count are garbage. */
  public double[] values() {
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
      values[row] = ((Number) value).doubleValue();
    }
  }

  @Override
  public Object getObject(int row) {
    return isNull(row) ? null : values[row];
  }

  @Override
  public DoubleVector gather(int[] rows, int count) {
    DoubleVector target = new DoubleVector(count);
    double[] gathered = target.values;
    for (int i = 0; i < count; i++) {
      gathered[i] = values[rows[i]];
    }
    gatherNulls(target, rows, count);
    return target;
  }

  @Override
  public void getObjects(int from, int count, Object[][] rows, int column) {
    if (hasNulls) {
      for (int i = 0; i < count; i++) {
        rows[i][column] = nulls[from + i] ? null : values[from + i];
      }
    } else {
      for (int i = 0; i < count; i++) {
        rows[i][column] = values[from + i];
      }
    }
  }

  @Override
  protected void copyValues(ColumnVector source, int from, int to, int length) {
    System.arraycopy(((DoubleVector) source).values, from, values, to, length);
  }

  @Override
  public void copyFrom(ColumnVector source, int from, int to) {
    if (source.isNull(from)) {
      setNull(to);
    } else {
      if (hasNulls) {
        nulls[to] = false;
      }
      values[to] = ((DoubleVector) source).values[from];
    }
  }
}
