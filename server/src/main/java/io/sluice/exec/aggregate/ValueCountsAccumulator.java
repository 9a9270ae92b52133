package io.sluice.exec.aggregate;

import io.sluice.exec.operator.StateSnapshots;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;

/**
 * An aggregate over an updating input that keeps, per group, each non-NULL value with how many rows
 * hold it: a value leaves only when its last row is retracted. Subclasses choose the map (sorted
 * for MIN/MAX) and read the result from it.
 */
abstract class ValueCountsAccumulator extends Accumulator {
  private final int argument;
  private Map<Object, long[]>[] values = newArray(16);

  ValueCountsAccumulator(int argument, int filterColumn) {
    super(filterColumn);
    this.argument = argument;
  }

  /** An empty map of values to their row counts. */
  protected abstract Map<Object, long[]> newMap();

  /** The group's values and counts, or null when it holds none. */
  protected final Map<Object, long[]> valuesOf(int group) {
    return values[group];
  }

  @SuppressWarnings("unchecked")
  private static Map<Object, long[]>[] newArray(int size) {
    return new Map[size];
  }

  @Override
  public final void ensureGroups(int groupCount) {
    if (groupCount > values.length) {
      values = Arrays.copyOf(values, Math.max(groupCount, values.length * 2));
    }
  }

  @Override
  protected final void accumulate(
      Batch input, int[] rows, int[] groups, int count, ColumnVector filter) {
    ColumnVector column = input.column(argument);
    for (int i = 0; i < count; i++) {
      int row = rows[i];
      if (passes(filter, row) && !column.isNull(row)) {
        int group = groups[i];
        if (values[group] == null) {
          values[group] = newMap();
        }
        values[group].computeIfAbsent(column.getObject(row), v -> new long[1])[0]++;
      }
    }
  }

  @Override
  public final boolean canRetract() {
    return true;
  }

  @Override
  protected final void retract(
      Batch input, int[] rows, int[] groups, int count, ColumnVector filter) {
    ColumnVector column = input.column(argument);
    for (int i = 0; i < count; i++) {
      int row = rows[i];
      Map<Object, long[]> held = values[groups[i]];
      if (passes(filter, row) && !column.isNull(row) && held != null) {
        Object value = column.getObject(row);
        long[] multiplicity = held.get(value);
        if (multiplicity != null && --multiplicity[0] == 0) {
          held.remove(value);
        }
      }
    }
  }

  @Override
  public final void merge(int from, int into) {
    combine(from, into);
    reset(from);
  }

  @Override
  public final boolean canCombine() {
    return true;
  }

  @Override
  public final void combine(int from, int into) {
    if (values[from] != null) {
      if (values[into] == null) {
        values[into] = newMap();
      }
      for (Map.Entry<Object, long[]> entry : values[from].entrySet()) {
        values[into].computeIfAbsent(entry.getKey(), v -> new long[1])[0] += entry.getValue()[0];
      }
    }
  }

  @Override
  public final void writeState(DataOutputStream out, int group) throws IOException {
    Map<Object, long[]> held = values[group];
    out.writeInt(held == null ? 0 : held.size());
    if (held != null) {
      for (Map.Entry<Object, long[]> entry : held.entrySet()) {
        StateSnapshots.writeValue(out, entry.getKey());
        out.writeLong(entry.getValue()[0]);
      }
    }
  }

  @Override
  public final void readState(DataInputStream in, int group) throws IOException {
    int size = in.readInt();
    values[group] = size == 0 ? null : newMap();
    for (int i = 0; i < size; i++) {
      Object value = StateSnapshots.readValue(in);
      values[group].put(value, new long[] {in.readLong()});
    }
  }

  @Override
  public final void reset(int group) {
    values[group] = null;
  }

  @Override
  public final long bytesPerGroup(int group) {
    return values[group] == null ? 8 : 48 + 64L * values[group].size();
  }
}
