package io.sluice.plan.rules.physical;

import io.sluice.plan.PlannerContext;
import io.sluice.plan.nodes.SluiceRel;
import io.sluice.plan.nodes.StreamGroupAggregate;
import io.sluice.plan.spec.OutputMode;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.logical.LogicalAggregate;

/**
 * A GROUP BY without a window → {@link StreamGroupAggregate}, emitting by the session's output mode
 * (update unless asked otherwise; append is refused: its rows are never final).
 */
public final class StreamGroupAggregateRule extends ConverterRule {
  public static final Config DEFAULT =
      Config.INSTANCE
          .withConversion(
              LogicalAggregate.class,
              Convention.NONE,
              SluiceRel.CONVENTION,
              "StreamGroupAggregateRule")
          .withRuleFactory(StreamGroupAggregateRule::new);

  private StreamGroupAggregateRule(Config config) {
    super(config);
  }

  @Override
  public RelNode convert(RelNode rel) {
    LogicalAggregate aggregate = (LogicalAggregate) rel;
    AggregateCalls.requireSimpleGroup(aggregate);
    PlannerContext context = PlannerContext.of(aggregate);
    OutputMode mode = context.push() ? context.aggregateMode(false) : OutputMode.FINAL;
    return new StreamGroupAggregate(
        aggregate.getCluster(),
        aggregate.getTraitSet().replace(SluiceRel.CONVENTION),
        convert(aggregate.getInput(), SluiceRel.CONVENTION),
        aggregate.getGroupSet(),
        aggregate.getAggCallList(),
        AggregateCalls.specs(aggregate),
        mode,
        false);
  }
}
