package io.sluice.exec.aggregate;

import io.sluice.error.SluiceErrors;
import io.sluice.plan.spec.AggregateCallSpec;
import io.sluice.spi.type.ColumnType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Creates the accumulator implementing an aggregate call for its argument's storage. */
public final class Accumulators {
  private Accumulators() {}

  public static Accumulator create(AggregateCallSpec call) {
    return create(call, false);
  }

  /**
   * The accumulators of an aggregate's {@code calls}, in order. COUNT(DISTINCT) calls over the same
   * long-valued column that differ only in their FILTER share one map of the column's distinct
   * values ({@link SharedLongDistinctValues}) when the input is insert-only.
   */
  public static List<Accumulator> create(List<AggregateCallSpec> calls, boolean retracting) {
    List<Accumulator> accumulators = new ArrayList<>();
    Map<Integer, List<Integer>> distinctByArgument = new LinkedHashMap<>();
    for (int i = 0; i < calls.size(); i++) {
      AggregateCallSpec call = calls.get(i);
      accumulators.add(create(call, retracting));
      if (!retracting && accumulators.get(i) instanceof LongCountDistinctAccumulator) {
        distinctByArgument.computeIfAbsent(call.argument(), a -> new ArrayList<>()).add(i);
      }
    }
    for (Map.Entry<Integer, List<Integer>> family : distinctByArgument.entrySet()) {
      List<Integer> indexes = family.getValue();
      for (int from = 0; from + 1 < indexes.size(); from += SharedLongDistinctValues.MAX_MEMBERS) {
        List<Integer> members =
            indexes.subList(
                from, Math.min(indexes.size(), from + SharedLongDistinctValues.MAX_MEMBERS));
        if (members.size() < 2) {
          continue;
        }
        SharedLongDistinctValues shared =
            new SharedLongDistinctValues(
                family.getKey(), members.stream().map(i -> calls.get(i).filter()).toList());
        for (int m = 0; m < members.size(); m++) {
          int index = members.get(m);
          accumulators.set(
              index, new SharedLongCountDistinctAccumulator(shared, m, calls.get(index).filter()));
        }
      }
    }
    return accumulators;
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
