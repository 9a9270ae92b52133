package io.sluice.exec.aggregate;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.batch.LongVector;
import java.util.Arrays;

/** SUM and AVG over integer columns; NULL when a group saw no non-NULL value. */
final class LongSumAccumulator extends Accumulator {
  private final int argument;
  private final boolean average;
  private long[] sums = new long[16];
  private long[] counts = new long[16];

  LongSumAccumulator(int argument, int filterColumn, boolean average) {
    super(filterColumn);
    this.argument = argument;
    this.average = average;
  }

  @Override
  public void ensureGroups(int groupCount) {
    if (groupCount > sums.length) {
      int size = Math.max(groupCount, sums.length * 2);
      sums = Arrays.copyOf(sums, size);
      counts = Arrays.copyOf(counts, size);
    }
  }

  @Override
  protected void accumulate(Batch input, int[] rows, int[] groups, int count, ColumnVector filter) {
    LongVector values = (LongVector) input.column(argument);
    long[] data = values.values();
    boolean nulls = values.hasNulls();
    for (int i = 0; i < count; i++) {
      int row = rows[i];
      if (passes(filter, row) && !(nulls && values.isNull(row))) {
        int group = groups[i];
        sums[group] += data[row];
        counts[group]++;
      }
    }
  }

  @Override
  public boolean canRetract() {
    return true;
  }

  @Override
  protected void retract(Batch input, int[] rows, int[] groups, int count, ColumnVector filter) {
    LongVector values = (LongVector) input.column(argument);
    for (int i = 0; i < count; i++) {
      int row = rows[i];
      if (passes(filter, row) && !values.isNull(row)) {
        int group = groups[i];
        sums[group] -= values.get(row);
        counts[group]--;
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
    sums[into] += sums[from];
    counts[into] += counts[from];
  }

  @Override
  public void writeState(java.io.DataOutputStream out, int group) throws java.io.IOException {
    out.writeLong(sums[group]);
    out.writeLong(counts[group]);
  }

  @Override
  public void readState(java.io.DataInputStream in, int group) throws java.io.IOException {
    sums[group] = in.readLong();
    counts[group] = in.readLong();
  }

  @Override
  public void reset(int group) {
    sums[group] = 0;
    counts[group] = 0;
  }

  @Override
  public void write(int group, ColumnVector out, int row) {
    if (counts[group] == 0) {
      out.setNull(row);
    } else {
      ((LongVector) out).set(row, average ? sums[group] / counts[group] : sums[group]);
    }
  }

  @Override
  public long bytesPerGroup(int group) {
    return 2L * Long.BYTES;
  }
}
