package io.sluice.exec.aggregate;

import io.sluice.exec.operator.StateSnapshots;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.batch.LongVector;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * COUNT(DISTINCT column) over a long-valued column (integers, timestamps, dates, booleans): the
 * distinct values per group in {@link GroupedLongBitmasks} (one bit a value), so a row costs no
 * allocation and one probe. Its checkpoint format is {@link CountDistinctAccumulator}'s (the values
 * as boxed longs), so state written by either restores into the other.
 */
final class LongCountDistinctAccumulator extends Accumulator {
  private final int argument;
  private final GroupedLongBitmasks values = new GroupedLongBitmasks(16);
  private int[] counts = new int[16];

  LongCountDistinctAccumulator(int argument, int filterColumn) {
    super(filterColumn);
    this.argument = argument;
  }

  @Override
  public void ensureGroups(int groupCount) {
    if (groupCount > counts.length) {
      int size = Math.max(groupCount, counts.length * 2);
      values.ensureGroups(size);
      counts = Arrays.copyOf(counts, size);
    }
  }

  @Override
  protected void accumulate(Batch input, int[] rows, int[] groups, int count, ColumnVector filter) {
    LongVector column = (LongVector) input.column(argument);
    long[] data = column.values();
    boolean nulls = column.hasNulls();
    for (int i = 0; i < count; i++) {
      values.touchAhead(groups, rows, data, i, count);
      int row = rows[i];
      if (passes(filter, row) && !(nulls && column.isNull(row))) {
        int group = groups[i];
        counts[group] += values.add(group, data[row], 1);
      }
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

  @Override
  public void combine(int from, int into) {
    values.forEach(from, (value, bits) -> counts[into] += values.add(into, value, 1));
  }

  @Override
  public void writeState(DataOutputStream out, int group) throws IOException {
    out.writeInt(counts[group]);
    for (long value : values.values(group, 1, counts[group])) {
      StateSnapshots.writeValue(out, value);
    }
  }

  @Override
  public void readState(DataInputStream in, int group) throws IOException {
    reset(group);
    int size = in.readInt();
    for (int i = 0; i < size; i++) {
      counts[group] += values.add(group, ((Number) StateSnapshots.readValue(in)).longValue(), 1);
    }
  }

  @Override
  public void reset(int group) {
    values.reset(group);
    counts[group] = 0;
  }

  @Override
  public void write(int group, ColumnVector out, int row) {
    ((LongVector) out).set(row, counts[group]);
  }

  @Override
  public long bytesPerGroup(int group) {
    return values.bytes(group);
  }
}
