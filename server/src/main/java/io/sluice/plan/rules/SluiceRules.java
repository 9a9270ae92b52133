package io.sluice.plan.rules;

import io.sluice.plan.rules.logical.GroupWindowAggregateRule;
import io.sluice.plan.rules.logical.ProjectIntoScanRule;
import io.sluice.plan.rules.logical.WindowAggregateRule;
import io.sluice.plan.rules.physical.StreamCalcRule;
import io.sluice.plan.rules.physical.StreamCorrelateRule;
import io.sluice.plan.rules.physical.StreamGroupAggregateRule;
import io.sluice.plan.rules.physical.StreamJoinRule;
import io.sluice.plan.rules.physical.StreamScanRule;
import io.sluice.plan.rules.physical.StreamSortRule;
import io.sluice.plan.rules.physical.StreamUnionRule;
import io.sluice.plan.rules.physical.StreamValuesRule;
import io.sluice.plan.rules.physical.StreamWindowAggregateRule;
import io.sluice.plan.rules.physical.StreamWindowTableFunctionRule;
import io.sluice.plan.rules.physical.UnsupportedRule;
import java.util.List;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.rel.logical.LogicalIntersect;
import org.apache.calcite.rel.logical.LogicalMinus;
import org.apache.calcite.rel.logical.LogicalWindow;
import org.apache.calcite.rel.rules.CoreRules;

/** Every rule Sluice's planner applies, registered in one place, in the order of its phases. */
public final class SluiceRules {
  private SluiceRules() {}

  /**
   * Logical, first: move conditions where they belong, so {@code FROM a, b WHERE a.k = b.k} becomes
   * an equi-join the runtime can execute.
   */
  public static final List<RelOptRule> PUSH_DOWN =
      List.of(CoreRules.FILTER_INTO_JOIN, CoreRules.JOIN_CONDITION_PUSH);

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
   * Logical, last: scans read only the columns the calc above them uses, and a calc left projecting
   * exactly what its scan reads is dropped.
   */
  public static final List<RelOptRule> SCANS =
      List.of(ProjectIntoScanRule.Config.DEFAULT.toRule(), CoreRules.CALC_REMOVE);

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
          StreamJoinRule.DEFAULT.toRule(),
          StreamCorrelateRule.DEFAULT.toRule(),
          UnsupportedRule.of(
              LogicalWindow.class, "OVER windows (ROW_NUMBER, RANK, aggregates OVER)"),
          UnsupportedRule.of(LogicalMinus.class, "EXCEPT / INTERSECT"),
          UnsupportedRule.of(LogicalIntersect.class, "EXCEPT / INTERSECT"));
}
