package io.sluice.plan.rules.physical;

import io.sluice.plan.PlannerContext;
import io.sluice.plan.logical.LogicalWindowAggregate;
import io.sluice.plan.nodes.SluiceRel;
import io.sluice.plan.nodes.StreamWindowAggregate;
import io.sluice.plan.spec.AggregateCallSpec;
import io.sluice.plan.spec.OutputMode;
import io.sluice.plan.spec.WindowSpec;
import io.sluice.spi.error.ErrorCode;
import io.sluice.spi.error.SluiceException;
import io.sluice.sql.function.SqlUserAggregateFunction;
import java.util.List;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;

/**
 * A GROUP BY over event-time windows → {@link StreamWindowAggregate}, emitting each window once as
 * it closes unless the session asked for update or complete.
 */
public final class StreamWindowAggregateRule extends ConverterRule {
  public static final Config DEFAULT =
      Config.INSTANCE
          .withConversion(
              LogicalWindowAggregate.class,
              Convention.NONE,
              SluiceRel.CONVENTION,
              "StreamWindowAggregateRule")
          .withRuleFactory(StreamWindowAggregateRule::new);

  private StreamWindowAggregateRule(Config config) {
    super(config);
  }

  @Override
  public RelNode convert(RelNode rel) {
    LogicalWindowAggregate aggregate = (LogicalWindowAggregate) rel;
    PlannerContext context = PlannerContext.of(aggregate);
    OutputMode mode = context.push() ? context.aggregateMode(true) : OutputMode.FINAL;
    List<AggregateCallSpec> calls = AggregateCalls.specs(aggregate);
    if (aggregate.window().spec().kind() == WindowSpec.Kind.SESSION) {
      requireMerge(calls);
    }
    return new StreamWindowAggregate(
        aggregate.getCluster(),
        aggregate.getTraitSet().replace(SluiceRel.CONVENTION),
        convert(aggregate.getInput(), SluiceRel.CONVENTION),
        aggregate.getGroupSet(),
        aggregate.getAggCallList(),
        aggregate.window(),
        calls,
        mode,
        aggregate.getRowType());
  }

  /** Sessions merge when a row bridges two: every user-defined function must merge too. */
  private static void requireMerge(List<AggregateCallSpec> calls) {
    for (AggregateCallSpec call : calls) {
      SqlUserAggregateFunction function = call.userFunction();
      if (function != null && function.function().merge() == null) {
        String accumulator = function.function().accumulatorType().getSimpleName();
        throw new SluiceException(
            ErrorCode.NOT_SUPPORTED,
            "The user-defined aggregate function "
                + function.function().name()
                + " cannot run in a SESSION window: sessions merge when a row bridges two, and its class "
                + function.function().type().getName()
                + " has no method merge("
                + accumulator
                + ", Iterable<"
                + accumulator
                + ">)");
      }
    }
  }
}
