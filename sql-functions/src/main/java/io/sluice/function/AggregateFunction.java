package io.sluice.function;

/**
 * Optional base class of user-defined aggregate functions, as Flink's {@code AggregateFunction<T,
 * ACC>}. Sluice finds the methods by name, so a class needs no base class at all; this one only
 * lets a Flink function move over by changing its import. Besides the two methods here, the class
 * has public {@code accumulate(ACC acc, args…)} methods (one per argument signature), and may have
 * {@code retract(ACC acc, args…)} (for aggregates over updating input) and {@code merge(ACC acc,
 * Iterable<ACC> others)} (for SESSION windows, whose sessions merge).
 *
 * @param <T> the result
 * @param <ACC> the accumulator, one per group, checkpointed as JSON (its fields)
 */
public abstract class AggregateFunction<T, ACC> {
  /** A new, empty accumulator. */
  public abstract ACC createAccumulator();

  /** The result of the rows accumulated so far. */
  public abstract T getValue(ACC accumulator);
}
