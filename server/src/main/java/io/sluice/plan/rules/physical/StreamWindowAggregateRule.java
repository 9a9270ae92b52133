package io.sluice.plan.rules.physical;

import io.sluice.plan.PlannerContext;
import io.sluice.plan.logical.LogicalWindowAggregate;
import io.sluice.plan.nodes.SluiceRel;
import io.sluice.plan.nodes.StreamWindowAggregate;
import io.sluice.plan.spec.OutputMode;
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
    return new StreamWindowAggregate(
        aggregate.getCluster(),
        aggregate.getTraitSet().replace(SluiceRel.CONVENTION),
        convert(aggregate.getInput(), SluiceRel.CONVENTION),
        aggregate.getGroupSet(),
        aggregate.getAggCallList(),
        aggregate.window(),
        AggregateCalls.specs(aggregate),
        mode,
        aggregate.getRowType());
  }
}
