package io.sluice.plan.rules.physical;

import io.sluice.error.SluiceErrors;
import io.sluice.plan.PlannerContext;
import io.sluice.plan.logical.TemporalJoin;
import io.sluice.plan.nodes.SluiceRel;
import io.sluice.plan.nodes.StreamJoin;
import io.sluice.plan.spec.JoinSpec;
import io.sluice.plan.spec.JoinSpec.IntervalBounds;
import io.sluice.plan.spec.JoinSpec.JoinKind;
import io.sluice.plan.spec.JoinSpec.JoinTime;
import io.sluice.plan.spec.JoinSpec.Strategy;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rex.RexNode;

/**
 * A {@link TemporalJoin} → {@link StreamJoin} of strategy {@link Strategy#TEMPORAL}, keyed by its
 * equi-keys. Refused without an equality on keys (the versions are looked up by it) and in snapshot
 * queries, where no watermark says which versions are complete.
 */
public final class StreamTemporalJoinRule extends ConverterRule {
  public static final Config DEFAULT =
      Config.INSTANCE
          .withConversion(
              TemporalJoin.class, Convention.NONE, SluiceRel.CONVENTION, "StreamTemporalJoinRule")
          .withRuleFactory(StreamTemporalJoinRule::new);

  private StreamTemporalJoinRule(Config config) {
    super(config);
  }

  @Override
  public RelNode convert(RelNode rel) {
    TemporalJoin join = (TemporalJoin) rel;
    if (!PlannerContext.of(join).push()) {
      throw SluiceErrors.unsupportedConstruct(
          "FOR SYSTEM_TIME AS OF a stream in a snapshot query (a temporal join runs as a push"
              + " query: SELECT STREAM, a sink or a materialized view)");
    }
    JoinInfo info = join.analyzeCondition();
    if (info.leftKeys.isEmpty()) {
      throw SluiceErrors.unsupportedConstruct(
          "FOR SYSTEM_TIME AS OF without an equality on keys (versions are found by key)");
    }
    RexNode remaining = info.getRemaining(join.getCluster().getRexBuilder());
    JoinSpec spec =
        new JoinSpec(
            JoinKind.valueOf(join.getJoinType().name()),
            Strategy.TEMPORAL,
            info.leftKeys.toIntArray(),
            info.rightKeys.toIntArray(),
            false,
            new IntervalBounds(
                JoinTime.eventTime(join.leftTime()), JoinTime.eventTime(join.rightTime()), 0, 0));
    return new StreamJoin(
        join.getCluster(),
        join.getTraitSet().replace(SluiceRel.CONVENTION),
        convert(join.getLeft(), SluiceRel.CONVENTION),
        convert(join.getRight(), SluiceRel.CONVENTION),
        join.getCondition(),
        join.getJoinType(),
        spec,
        remaining.isAlwaysTrue() ? null : remaining);
  }
}
