package io.sluice.testing.udf;

import io.sluice.function.AggregateFunction;

/**
 * Flink's documentation example of an aggregate function, {@code weighted_avg(value, weight)}, with
 * every optional method: rows whose value or weight is NULL are skipped (primitive parameters).
 */
public final class WeightedAvg extends AggregateFunction<Double, WeightedAvg.Accumulator> {
  /** The running sums; a plain class with public fields, as Flink's examples have them. */
  public static final class Accumulator {
    public long sum;
    public long weight;
  }

  @Override
  public Accumulator createAccumulator() {
    return new Accumulator();
  }

  @Override
  public Double getValue(Accumulator accumulator) {
    return accumulator.weight == 0 ? null : (double) accumulator.sum / accumulator.weight;
  }

  public void accumulate(Accumulator accumulator, long value, int weight) {
    accumulator.sum += value * weight;
    accumulator.weight += weight;
  }

  public void retract(Accumulator accumulator, long value, int weight) {
    accumulator.sum -= value * weight;
    accumulator.weight -= weight;
  }

  public void merge(Accumulator accumulator, Iterable<Accumulator> others) {
    for (Accumulator other : others) {
      accumulator.sum += other.sum;
      accumulator.weight += other.weight;
    }
  }
}
