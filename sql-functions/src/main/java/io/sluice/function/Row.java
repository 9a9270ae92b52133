package io.sluice.function;

import java.util.Arrays;

/**
 * One row a {@link TableFunction} collects when it returns several columns, as Flink's {@code Row}:
 * its fields in the order the function's {@code ROW<…>} type declares them.
 */
public final class Row {
  private final Object[] fields;

  private Row(Object[] fields) {
    this.fields = fields;
  }

  /** A row of these field values, in order; a null field is SQL NULL. */
  public static Row of(Object... values) {
    return new Row(values.clone());
  }

  /** A row of {@code arity} NULL fields, to fill with {@link #setField}. */
  public static Row withArity(int arity) {
    return new Row(new Object[arity]);
  }

  public int getArity() {
    return fields.length;
  }

  public Object getField(int position) {
    return fields[position];
  }

  public void setField(int position, Object value) {
    fields[position] = value;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Row row && Arrays.equals(fields, row.fields);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(fields);
  }

  @Override
  public String toString() {
    return Arrays.toString(fields);
  }
}
