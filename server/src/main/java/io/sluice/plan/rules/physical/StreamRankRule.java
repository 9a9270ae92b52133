package io.sluice.plan.rules.physical;

import io.sluice.plan.PlannerContext;
import io.sluice.plan.logical.LogicalRank;
import io.sluice.plan.nodes.SluiceRel;
import io.sluice.plan.nodes.StreamRank;
import io.sluice.plan.spec.OutputMode;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;

/** A top-N that is neither a window top-N nor a deduplication → {@link StreamRank}. */
public final class StreamRankRule extends ConverterRule {
  public static final Config DEFAULT =
      Config.INSTANCE
          .withConversion(
              LogicalRank.class,
              RankStrategies::isGeneralRank,
              Convention.NONE,
              SluiceRel.CONVENTION,
              "StreamRankRule")
          .withRuleFactory(StreamRankRule::new);

  private StreamRankRule(Config config) {
    super(config);
  }

  @Override
  public RelNode convert(RelNode rel) {
    LogicalRank rank = (LogicalRank) rel;
    PlannerContext context = PlannerContext.of(rank);
    return new StreamRank(
        rank.getCluster(),
        rank.getTraitSet().replace(SluiceRel.CONVENTION),
        convert(rank.getInput(), SluiceRel.CONVENTION),
        rank.spec(),
        rank.rankName(),
        context.push() ? OutputMode.UPDATE : OutputMode.FINAL,
        false,
        context.stateTtlMillis());
  }
}
