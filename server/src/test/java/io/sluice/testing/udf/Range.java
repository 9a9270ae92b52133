package io.sluice.testing.udf;

import io.sluice.function.TableFunction;

/** A table function of single values, {@code range(n)}: 0, 1, …, n-1 in column f0. */
public final class Range extends TableFunction<Long> {
  public void eval(long count) {
    for (long i = 0; i < count; i++) {
      collect(i);
    }
  }
}
