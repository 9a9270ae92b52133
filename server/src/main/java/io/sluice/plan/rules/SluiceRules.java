package io.sluice.plan.rules;

import io.sluice.plan.rules.logical.GroupWindowAggregateRule;
import io.sluice.plan.rules.logical.MlPredictNarrowingRule;
import io.sluice.plan.rules.logical.ProjectIntoScanRule;
import io.sluice.plan.rules.logical.RankRule;
import io.sluice.plan.rules.logical.SnapshotJoinRule;
import io.sluice.plan.rules.logical.WindowAggregateRule;
import io.sluice.plan.rules.physical.StreamCalcRule;
import io.sluice.plan.rules.physical.StreamCorrelateRule;
import io.sluice.plan.rules.physical.StreamDeduplicateRule;
import io.sluice.plan.rules.physical.StreamGroupAggregateRule;
import io.sluice.plan.rules.physical.StreamJoinRule;
import io.sluice.plan.rules.physical.StreamMlPredictRule;
import io.sluice.plan.rules.physical.StreamOverAggregateRule;
import io.sluice.plan.rules.physical.StreamRankRule;
import io.sluice.plan.rules.physical.StreamScanRule;
import io.sluice.plan.rules.physical.StreamSetOperationRule;
import io.sluice.plan.rules.physical.StreamSortRule;
import io.sluice.plan.rules.physical.StreamTemporalJoinRule;
import io.sluice.plan.rules.physical.StreamUnionRule;
import io.sluice.plan.rules.physical.StreamValuesRule;
import io.sluice.plan.rules.physical.StreamWindowAggregateRule;
import io.sluice.plan.rules.physical.StreamWindowRankRule;
import io.sluice.plan.rules.physical.StreamWindowTableFunctionRule;
import java.util.List;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rel.rules.FilterJoinRule;

/** Every rule Sluice's planner applies, registered in one place, in the order of its phases. */
public final class SluiceRules {
  private SluiceRules() {}

  /**
   * Logical, first: move conditions where they belong, so {@code FROM a, b WHERE a.k = b.k} becomes
   * an equi-join the runtime can execute; a join {@code FOR SYSTEM_TIME AS OF} a table becomes a
   * join with the table.
   */
  public static final List<RelOptRule> PUSH_DOWN =
      List.of(
          SnapshotJoinRule.Config.DEFAULT.toRule(),
          // plain joins only: a temporal join's condition applies to the version valid at a row's
          // time, so filtering the versions first would pick another one
          CoreRules.FILTER_INTO_JOIN
              .config
              .withOperandSupplier(
                  b0 ->
                      b0.operand(Filter.class)
                          .oneInput(b1 -> b1.operand(LogicalJoin.class).anyInputs()))
              .as(FilterJoinRule.FilterIntoJoinRule.FilterIntoJoinRuleConfig.class)
              .toRule(),
          CoreRules.JOIN_CONDITION_PUSH
              .config
              .withOperandSupplier(b0 -> b0.operand(LogicalJoin.class).anyInputs())
              .as(FilterJoinRule.JoinConditionPushRule.JoinConditionPushRuleConfig.class)
              .toRule());

  /**
   * Logical, before the others: UNION (distinct), INTERSECT and EXCEPT become aggregates over a
   * UNION ALL, counting each row per branch, as Flink plans them. Over streams their results update
   * (a row of EXCEPT leaves once the other side has it), which the aggregates' retraction carries.
   */
  public static final List<RelOptRule> SET_OPERATIONS =
      List.of(
          CoreRules.UNION_TO_DISTINCT,
          CoreRules.INTERSECT_TO_DISTINCT,
          CoreRules.MINUS_TO_DISTINCT);

  /** Logical, second: fuse filters and projections into calcs. */
  public static final List<RelOptRule> CALCS =
      List.of(
          CoreRules.FILTER_MERGE,
          CoreRules.PROJECT_MERGE,
          CoreRules.PROJECT_REMOVE,
          CoreRules.FILTER_TO_CALC,
          CoreRules.PROJECT_TO_CALC,
          CoreRules.CALC_MERGE,
          CoreRules.CALC_REMOVE);

  /**
   * Logical, third: aggregates over event-time windows become window aggregates, from group window
   * functions first, then from the window columns their input carries.
   */
  public static final List<RelOptRule> WINDOWS =
      List.of(
          GroupWindowAggregateRule.Config.DEFAULT.toRule(),
          WindowAggregateRule.Config.DEFAULT.toRule());

  /**
   * Logical, fourth: OVER expressions move out of calcs into windows, and a ranking window filtered
   * to its first ranks becomes a top-N.
   */
  public static final List<RelOptRule> OVER =
      List.of(
          CoreRules.CALC_TO_WINDOW,
          CoreRules.PROJECT_TO_CALC,
          CoreRules.CALC_MERGE,
          RankRule.Config.DEFAULT.toRule(),
          CoreRules.CALC_REMOVE);

  /**
   * Logical, last: scans read only the columns the calc above them uses, and a calc left projecting
   * exactly what its scan reads is dropped. Logical, last: ML_PREDICT keeps only the input columns
   * used above it and its features, scans read only the columns the calc above them uses, and a
   * calc left projecting exactly what its scan reads is dropped.
   */
  public static final List<RelOptRule> SCANS =
      List.of(
          MlPredictNarrowingRule.Config.DEFAULT.toRule(),
          ProjectIntoScanRule.Config.DEFAULT.toRule(),
          CoreRules.CALC_REMOVE);

  /** Physical: one converter rule per physical node, and the refusals of what has none yet. */
  public static final List<RelOptRule> PHYSICAL =
      List.of(
          StreamScanRule.DEFAULT.toRule(),
          StreamCalcRule.DEFAULT.toRule(),
          StreamUnionRule.DEFAULT.toRule(),
          StreamValuesRule.DEFAULT.toRule(),
          StreamSortRule.DEFAULT.toRule(),
          StreamGroupAggregateRule.DEFAULT.toRule(),
          StreamWindowAggregateRule.DEFAULT.toRule(),
          StreamWindowTableFunctionRule.DEFAULT.toRule(),
          StreamMlPredictRule.DEFAULT.toRule(),
          StreamJoinRule.DEFAULT.toRule(),
          StreamTemporalJoinRule.DEFAULT.toRule(),
          StreamRankRule.DEFAULT.toRule(),
          StreamDeduplicateRule.DEFAULT.toRule(),
          StreamWindowRankRule.DEFAULT.toRule(),
          StreamOverAggregateRule.DEFAULT.toRule(),
          StreamCorrelateRule.DEFAULT.toRule(),
          StreamSetOperationRule.INTERSECT.toRule(),
          StreamSetOperationRule.EXCEPT.toRule());
}
