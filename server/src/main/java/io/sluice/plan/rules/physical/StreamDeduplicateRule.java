package io.sluice.plan.rules.physical;

import io.sluice.plan.PlannerContext;
import io.sluice.plan.logical.LogicalRank;
import io.sluice.plan.nodes.SluiceRel;
import io.sluice.plan.nodes.StreamDeduplicate;
import io.sluice.plan.spec.OutputMode;
import io.sluice.plan.spec.SortField;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;

/**
 * {@code ROW_NUMBER() OVER (PARTITION BY k ORDER BY time [DESC]) = 1} over an event- or
 * processing-time column → {@link StreamDeduplicate}: the first row per key (ascending) or the last
 * (descending).
 */
public final class StreamDeduplicateRule extends ConverterRule {
  public static final Config DEFAULT =
      Config.INSTANCE
          .withConversion(
              LogicalRank.class,
              RankStrategies::isDeduplicate,
              Convention.NONE,
              SluiceRel.CONVENTION,
              "StreamDeduplicateRule")
          .withRuleFactory(StreamDeduplicateRule::new);

  private StreamDeduplicateRule(Config config) {
    super(config);
  }

  @Override
  public RelNode convert(RelNode rel) {
    LogicalRank rank = (LogicalRank) rel;
    PlannerContext context = PlannerContext.of(rank);
    SortField order = rank.spec().order().get(0);
    return new StreamDeduplicate(
        rank.getCluster(),
        rank.getTraitSet().replace(SluiceRel.CONVENTION),
        convert(rank.getInput(), SluiceRel.CONVENTION),
        rank.spec().partitionKeys(),
        order.column(),
        RankStrategies.timeOf(rank),
        order.descending(),
        context.push() ? OutputMode.UPDATE : OutputMode.FINAL,
        false,
        context.stateTtlMillis());
  }
}
