package io.sluice.exec.aggregate;

import io.sluice.error.SluiceErrors;
import io.sluice.plan.spec.AggregateCallSpec;
import io.sluice.spi.type.ColumnType;

/** Creates the accumulator implementing an aggregate call for its argument's storage. */
public final class Accumulators {
  private Accumulators() {}

  public static Accumulator create(AggregateCallSpec call) {
    return create(call, false);
  }

  /**
   * The accumulator for {@code call}; {@code retracting}: the input is updating, so the accumulator
   * must take retracted rows back out ({@link Accumulator#canRetract}).
   */
  public static Accumulator create(AggregateCallSpec call, boolean retracting) {
    if (retracting) {
      switch (call.function()) {
        case COUNT_DISTINCT:
          return new RetractableCountDistinctAccumulator(call.argument(), call.filter());
        case MIN:
        case MAX:
          return new RetractableMinMaxAccumulator(
              call.argument(), call.filter(), call.function() == AggregateCallSpec.Function.MAX);
        default:
          break;
      }
    }
    switch (call.function()) {
      case COUNT:
        return new CountAccumulator(call.argument(), call.filter());
      case COUNT_DISTINCT:
        if (call.argumentType() != null
            && call.argumentType().vectorKind() == ColumnType.VectorKind.LONG) {
          return new LongCountDistinctAccumulator(call.argument(), call.filter());
        }
        return new CountDistinctAccumulator(call.argument(), call.filter());
      case MIN:
      case MAX:
        return MinMaxAccumulator.create(
            call.argumentType().vectorKind(),
            call.argument(),
            call.filter(),
            call.function() == AggregateCallSpec.Function.MAX);
      case SUM:
      case AVG:
        boolean average = call.function() == AggregateCallSpec.Function.AVG;
        if (call.argumentType() == ColumnType.DECIMAL) {
          return new DecimalSumAccumulator(
              call.argument(), call.filter(), average, call.resultScale());
        }
        if (call.argumentType().vectorKind() == ColumnType.VectorKind.LONG) {
          return new LongSumAccumulator(call.argument(), call.filter(), average);
        }
        if (call.argumentType().vectorKind() == ColumnType.VectorKind.DOUBLE) {
          return new DoubleSumAccumulator(call.argument(), call.filter(), average);
        }
        throw SluiceErrors.unsupportedConstruct(call.function() + " over " + call.argumentType());
      case USER:
        return new UserAggregateAccumulator(call);
      default:
        throw SluiceErrors.unsupportedConstruct("Aggregate function " + call.function());
    }
  }
}
