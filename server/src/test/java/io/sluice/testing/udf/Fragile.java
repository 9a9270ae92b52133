package io.sluice.testing.udf;

import io.sluice.function.AggregateFunction;

/** {@code fragile(n)}: sums n, and fails on a negative n, as a buggy aggregate function would. */
public final class Fragile extends AggregateFunction<Long, Fragile.Sum> {
  /** The running sum. */
  public static final class Sum {
    public long total;
  }

  @Override
  public Sum createAccumulator() {
    return new Sum();
  }

  @Override
  public Long getValue(Sum sum) {
    return sum.total;
  }

  public void accumulate(Sum sum, long n) {
    if (n < 0) {
      throw new ArithmeticException("negative: " + n);
    }
    sum.total += n;
  }
}
