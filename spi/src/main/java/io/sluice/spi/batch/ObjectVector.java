package io.sluice.spi.batch;

import java.util.Arrays;

/** Column of VARCHAR (String) and DECIMAL (BigDecimal) values; a null reference is SQL NULL. */
public final class ObjectVector extends ColumnVector {
  private Object[] values;

  public ObjectVector(int capacity) {
    super(capacity);
    this.values = new Object[capacity];
  }

  public Object get(int row) {
    return values[row];
  }

  public void set(int row, Object value) {
    values[row] = value;
    if (value == null) {
      setNull(row);
    }
  }

  /** The backing array; rows past the batch's row count are garbage. */
  public Object[] values() {
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
    set(row, value);
  }

  @Override
  public Object getObject(int row) {
    return isNull(row) ? null : values[row];
  }

  @Override
  public ObjectVector gather(int[] rows, int count) {
    ObjectVector target = new ObjectVector(count);
    Object[] gathered = target.values;
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
    System.arraycopy(((ObjectVector) source).values, from, values, to, length);
  }

  @Override
  public void copyFrom(ColumnVector source, int from, int to) {
    // a row flagged NULL may still hold an earlier value (a builder's setNull leaves it)
    Object value = source.isNull(from) ? null : ((ObjectVector) source).values[from];
    values[to] = value;
    if (value == null) {
      setNull(to);
    } else if (hasNulls) {
      nulls[to] = false;
    }
  }

  @Override
  public void reset() {
    super.reset();
    Arrays.fill(values, null);
  }
}
