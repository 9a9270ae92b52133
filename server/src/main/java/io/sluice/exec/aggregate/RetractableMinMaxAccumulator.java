package io.sluice.exec.aggregate;

import io.sluice.exec.operator.StateSnapshots;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * MIN and MAX over an updating input: each group keeps every value it holds with its multiplicity,
 * so retracting the current extreme reveals the next one (as Flink's retractable MIN/MAX keep a map
 * view of values to counts).
 */
final class RetractableMinMaxAccumulator extends Accumulator {
  private final int argument;
  private final boolean max;
  private TreeMap<Object, long[]>[] values = newMaps(16);

  RetractableMinMaxAccumulator(int argument, int filterColumn, boolean max) {
    super(filterColumn);
    this.argument = argument;
    this.max = max;
  }

  @SuppressWarnings("unchecked")
  private static TreeMap<Object, long[]>[] newMaps(int size) {
    return new TreeMap[size];
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
          values[group] = new TreeMap<>();
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
      TreeMap<Object, long[]> held = values[groups[i]];
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
        values[into] = new TreeMap<>();
      }
      for (Map.Entry<Object, long[]> entry : values[from].entrySet()) {
        values[into].computeIfAbsent(entry.getKey(), v -> new long[1])[0] += entry.getValue()[0];
      }
    }
    reset(from);
  }

  @Override
  public void writeState(DataOutputStream out, int group) throws IOException {
    TreeMap<Object, long[]> held = values[group];
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
    values[group] = size == 0 ? null : new TreeMap<>();
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
    TreeMap<Object, long[]> held = values[group];
    if (held == null || held.isEmpty()) {
      out.setNull(row);
    } else {
      out.setObject(row, max ? held.lastKey() : held.firstKey());
    }
  }

  @Override
  public long bytesPerGroup(int group) {
    return values[group] == null ? 8 : 48 + 64L * values[group].size();
  }
}
