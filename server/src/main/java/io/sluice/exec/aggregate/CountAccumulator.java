package io.sluice.exec.aggregate;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.batch.LongVector;
import java.util.Arrays;

/** COUNT(*) (argument -1) and COUNT(column), which skips NULLs. */
final class CountAccumulator extends Accumulator {
  private final int argument;
  private long[] counts = new long[16];

  CountAccumulator(int argument, int filterColumn) {
    super(filterColumn);
    this.argument = argument;
  }

  @Override
  public void ensureGroups(int groupCount) {
    if (groupCount > counts.length) {
      counts = Arrays.copyOf(counts, Math.max(groupCount, counts.length * 2));
    }
  }

  @Override
  protected void accumulate(Batch input, int[] rows, int[] groups, int count, ColumnVector filter) {
    ColumnVector values = argument < 0 ? null : input.column(argument);
    for (int i = 0; i < count; i++) {
      int row = rows[i];
      if (passes(filter, row) && (values == null || !values.isNull(row))) {
        counts[groups[i]]++;
      }
    }
  }

  @Override
  public boolean canRetract() {
    return true;
  }

  @Override
  protected void retract(Batch input, int[] rows, int[] groups, int count, ColumnVector filter) {
    ColumnVector values = argument < 0 ? null : input.column(argument);
    for (int i = 0; i < count; i++) {
      int row = rows[i];
      if (passes(filter, row) && (values == null || !values.isNull(row))) {
        counts[groups[i]]--;
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
    counts[into] += counts[from];
  }

  @Override
  public void writeState(java.io.DataOutputStream out, int group) throws java.io.IOException {
    out.writeLong(counts[group]);
  }

  @Override
  public void readState(java.io.DataInputStream in, int group) throws java.io.IOException {
    counts[group] = in.readLong();
  }

  @Override
  public void reset(int group) {
    counts[group] = 0;
  }

  @Override
  public void write(int group, ColumnVector out, int row) {
    ((LongVector) out).set(row, counts[group]);
  }

  @Override
  public long bytesPerGroup(int group) {
    return Long.BYTES;
  }
}
