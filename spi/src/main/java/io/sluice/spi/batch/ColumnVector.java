package io.sluice.spi.batch;

import io.sluice.spi.type.ColumnType;
import java.util.Arrays;

/**
 * One column of a batch: a primitive or object array plus a null mask. Concrete subclasses are
 * final so generated code binds to them statically (no per-row virtual dispatch).
 */
public abstract sealed class ColumnVector permits LongVector, DoubleVector, ObjectVector {
  protected boolean[] nulls;
  protected boolean hasNulls;

  protected ColumnVector(int capacity) {
    this.nulls = new boolean[capacity];
  }

  public final boolean isNull(int row) {
    return hasNulls && nulls[row];
  }

  public final void setNull(int row) {
    nulls[row] = true;
    hasNulls = true;
  }

  /** Marks a row not null, for a value written over a NULL in place. */
  public final void clearNull(int row) {
    if (hasNulls) {
      nulls[row] = false;
    }
  }

  /** Whether any row may be null; lets hot loops skip the mask. */
  public final boolean hasNulls() {
    return hasNulls;
  }

  public abstract int capacity();

  /** Grows the vector to hold at least {@code capacity} rows, keeping its contents. */
  public abstract void ensureCapacity(int capacity);

  /**
   * Stores a boxed value (as {@link #getObject} returns them; null for SQL NULL); not for hot
   * loops.
   */
  public abstract void setObject(int row, Object value);

  /** Boxed value of a row (null for SQL NULL); for result delivery, not for hot loops. */
  public abstract Object getObject(int row);

  /**
   * Boxed values of rows {@code from .. from+count-1} (null for SQL NULL) into {@code rows[0 ..
   * count-1][column]}: {@link #getObject} for a run of rows, with one type check for all of them.
   */
  public abstract void getObjects(int from, int count, Object[][] rows, int column);

  /**
   * Copies row {@code from} of {@code source} (same kind) into row {@code to} of this vector,
   * overwriting what was there, its null flag included.
   */
  public abstract void copyFrom(ColumnVector source, int from, int to);

  /**
   * Copies {@code length} rows of {@code source} (same kind) starting at {@code from} into this
   * vector starting at {@code to}; the caller ensured capacity.
   */
  public final void copyRange(ColumnVector source, int from, int to, int length) {
    copyValues(source, from, to, length);
    if (source.hasNulls) {
      System.arraycopy(source.nulls, from, nulls, to, length);
      hasNulls = true;
    }
  }

  protected abstract void copyValues(ColumnVector source, int from, int to, int length);

  /**
   * A new vector of rows {@code rows[0] .. rows[count-1]} of this one, in that order: how a
   * filtered batch keeps a column it does not compute, one tight loop per column.
   */
  public abstract ColumnVector gather(int[] rows, int count);

  /** Sets {@code target}'s null mask for {@link #gather}. */
  protected final void gatherNulls(ColumnVector target, int[] rows, int count) {
    if (!hasNulls) {
      return;
    }
    boolean any = false;
    for (int i = 0; i < count; i++) {
      if (nulls[rows[i]]) {
        target.nulls[i] = true;
        any = true;
      }
    }
    target.hasNulls = any;
  }

  /** Forgets all values so the vector can be refilled from row 0. */
  public void reset() {
    if (hasNulls) {
      Arrays.fill(nulls, false);
      hasNulls = false;
    }
  }

  protected final void growNulls(int capacity) {
    nulls = Arrays.copyOf(nulls, capacity);
  }

  protected static int grownCapacity(int current, int required) {
    return Math.max(required, Math.max(16, current + (current >> 1)));
  }

  /** A new, empty vector of the kind {@code type} is stored in. */
  public static ColumnVector allocate(ColumnType type, int capacity) {
    switch (type.vectorKind()) {
      case LONG:
        return new LongVector(capacity);
      case DOUBLE:
        return new DoubleVector(capacity);
      default:
        return new ObjectVector(capacity);
    }
  }
}
