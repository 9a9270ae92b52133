package io.sluice.exec.aggregate;

import io.sluice.exec.operator.StateSnapshots;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.batch.LongVector;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * COUNT(DISTINCT column) over an updating input: each distinct value keeps how many rows hold it,
 * so a value leaves the count only when its last row is retracted.
 */
final class RetractableCountDistinctAccumulator extends Accumulator {
  private final int argument;
  private Map<Object, long[]>[] values = newMaps(16);

  RetractableCountDistinctAccumulator(int argument, int filterColumn) {
    super(filterColumn);
    this.argument = argument;
  }

  @SuppressWarnings("unchecked")
  private static Map<Object, long[]>[] newMaps(int size) {
    return new Map[size];
  }

  @Override
  public void ensureGroups(int groupCount) {
    if (groupCount > values.length) {
      values = Arrays.copyOf(values, Math.max(groupCount, values.length * 2));
    }
  }

  @Override
  protected void accumulate(Batch input, int[] rows, int[] groups, int count, ColumnVector filter) {
    ColumnVector column = input.column(argument);
    for (int i = 0; i < count; i++) {
      int row = rows[i];
      if (passes(filter, row) && !column.isNull(row)) {
        int group = groups[i];
        if (values[group] == null) {
          values[group] = new HashMap<>();
        }
        values[group].computeIfAbsent(column.getObject(row), v -> new long[1])[0]++;
      }
    }
  }

  @Override
  public boolean canRetract() {
    return true;
  }

  @Override
  protected void retract(Batch input, int[] rows, int[] groups, int count, ColumnVector filter) {
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
  public void merge(int from, int into) {
    if (values[from] != null) {
      if (values[into] == null) {
        values[into] = new HashMap<>();
      }
      for (Map.Entry<Object, long[]> entry : values[from].entrySet()) {
        values[into].computeIfAbsent(entry.getKey(), v -> new long[1])[0] += entry.getValue()[0];
      }
    }
    reset(from);
  }

  @Override
  public void writeState(DataOutputStream out, int group) throws IOException {
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
  public void readState(DataInputStream in, int group) throws IOException {
    int size = in.readInt();
    values[group] = size == 0 ? null : new HashMap<>();
    for (int i = 0; i < size; i++) {
      Object value = StateSnapshots.readValue(in);
      values[group].put(value, new long[] {in.readLong()});
    }
  }

  @Override
  public void reset(int group) {
    values[group] = null;
  }

  @Override
  public void write(int group, ColumnVector out, int row) {
    ((LongVector) out).set(row, values[group] == null ? 0 : values[group].size());
  }

  @Override
  public long bytesPerGroup(int group) {
    return values[group] == null ? 8 : 48 + 56L * values[group].size();
  }
}
