package io.sluice.exec.operator;

import java.util.Arrays;

/** Key column values of a row, compared by value: what hash tables of operators are keyed by. */
public record RowKey(Object[] values, int hash) {
  public static RowKey of(Object[] values) {
    return new RowKey(values, Arrays.hashCode(values));
  }

  /** The key of {@code row}'s values in {@code columns}, in that order. */
  public static RowKey of(Object[] row, int[] columns) {
    Object[] values = new Object[columns.length];
    for (int k = 0; k < columns.length; k++) {
      values[k] = row[columns[k]];
    }
    return of(values);
  }

  /** Whether any key value is NULL (such a key never equals another in SQL). */
  public boolean hasNull() {
    for (Object value : values) {
      if (value == null) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RowKey
        && hash == ((RowKey) other).hash
        && Arrays.equals(values, ((RowKey) other).values);
  }

  @Override
  public int hashCode() {
    return hash;
  }
}
