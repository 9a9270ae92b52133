package io.sluice.exec.aggregate;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.batch.ObjectVector;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;

/** SUM and AVG over DECIMAL columns; AVG rounds half-up to the result type's scale. */
final class DecimalSumAccumulator extends Accumulator {
  private final int argument;
  private final boolean average;
  private final int resultScale;
  private BigDecimal[] sums = new BigDecimal[16];
  private long[] counts = new long[16];

  DecimalSumAccumulator(int argument, int filterColumn, boolean average, int resultScale) {
    super(filterColumn);
    this.argument = argument;
    this.average = average;
    this.resultScale = resultScale;
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
    ObjectVector values = (ObjectVector) input.column(argument);
    for (int i = 0; i < count; i++) {
      int row = rows[i];
      Object value = values.get(row);
      if (passes(filter, row) && value != null) {
        int group = groups[i];
        BigDecimal decimal = (BigDecimal) value;
        sums[group] = sums[group] == null ? decimal : sums[group].add(decimal);
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
    ObjectVector values = (ObjectVector) input.column(argument);
    for (int i = 0; i < count; i++) {
      int row = rows[i];
      Object value = values.get(row);
      if (passes(filter, row) && value != null && sums[groups[i]] != null) {
        int group = groups[i];
        sums[group] = sums[group].subtract((BigDecimal) value);
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
    // BigDecimal is immutable, so sharing the slice's sum leaves the slice as it was.
    if (sums[from] != null) {
      sums[into] = sums[into] == null ? sums[from] : sums[into].add(sums[from]);
    }
    counts[into] += counts[from];
  }

  @Override
  public void writeState(java.io.DataOutputStream out, int group) throws java.io.IOException {
    io.sluice.exec.operator.StateSnapshots.writeValue(out, sums[group]);
    out.writeLong(counts[group]);
  }

  @Override
  public void readState(java.io.DataInputStream in, int group) throws java.io.IOException {
    sums[group] = (java.math.BigDecimal) io.sluice.exec.operator.StateSnapshots.readValue(in);
    counts[group] = in.readLong();
  }

  @Override
  public void reset(int group) {
    sums[group] = null;
    counts[group] = 0;
  }

  @Override
  public void write(int group, ColumnVector out, int row) {
    if (counts[group] == 0) {
      out.setNull(row);
    } else if (average) {
      ((ObjectVector) out)
          .set(
              row,
              sums[group].divide(
                  BigDecimal.valueOf(counts[group]),
                  Math.max(resultScale, 0),
                  RoundingMode.HALF_UP));
    } else {
      ((ObjectVector) out).set(row, sums[group]);
    }
  }

  @Override
  public long bytesPerGroup(int group) {
    return 48 + Long.BYTES;
  }
}
