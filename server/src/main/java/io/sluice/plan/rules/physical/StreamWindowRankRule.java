package io.sluice.plan.rules.physical;

import io.sluice.plan.PlannerContext;
import io.sluice.plan.logical.LogicalRank;
import io.sluice.plan.logical.RelTrees;
import io.sluice.plan.logical.TimeAttributes;
import io.sluice.plan.logical.WindowCalls;
import io.sluice.plan.nodes.SluiceRel;
import io.sluice.plan.nodes.StreamWindowRank;
import io.sluice.plan.spec.OutputMode;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rex.RexCall;

/**
 * A top-N partitioned by window_start and window_end (of a window table function, or of a windowed
 * aggregate emitting final rows) → {@link StreamWindowRank}: each window's top N, once, when it
 * closes.
 */
public final class StreamWindowRankRule extends ConverterRule {
  public static final Config DEFAULT =
      Config.INSTANCE
          .withConversion(
              LogicalRank.class,
              RankStrategies::isWindowRank,
              Convention.NONE,
              SluiceRel.CONVENTION,
              "StreamWindowRankRule")
          .withRuleFactory(StreamWindowRankRule::new);

  private StreamWindowRankRule(Config config) {
    super(config);
  }

  @Override
  public RelNode convert(RelNode rel) {
    LogicalRank rank = (LogicalRank) rel;
    PlannerContext context = PlannerContext.of(rank);
    return new StreamWindowRank(
        rank.getCluster(),
        rank.getTraitSet().replace(SluiceRel.CONVENTION),
        convert(rank.getInput(), SluiceRel.CONVENTION),
        rank.spec(),
        rank.rankName(),
        RankStrategies.windowEndColumn(rank),
        context.push() ? OutputMode.APPEND : OutputMode.FINAL,
        context.push()
            && RelTrees.contains(rank.getInput(), StreamWindowRankRule::procTimeWindows));
  }

  /** A window table function over a processing-time column. */
  private static boolean procTimeWindows(RelNode node) {
    return node instanceof TableFunctionScan function
        && function.getInputs().size() == 1
        && function.getCall() instanceof RexCall call
        && WindowCalls.isWindowTableFunction(call)
        && TimeAttributes.of(function.getInputs().get(0), WindowCalls.descriptorColumn(call))
            == TimeAttributes.Kind.PROC_TIME;
  }
}
