package io.sluice.plan;

import java.util.List;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.rel.rules.CoreRules;

/** Every Calcite rule Sluice's planner applies, registered in one place. */
public final class SluiceRules {
  private SluiceRules() {}

  /**
   * First phase: move conditions where they belong, so {@code FROM a, b WHERE a.k = b.k} becomes an
   * equi-join the runtime can execute.
   */
  public static final List<RelOptRule> PUSH_DOWN =
      List.of(CoreRules.FILTER_INTO_JOIN, CoreRules.JOIN_CONDITION_PUSH);

  /** Second phase, before physical planning: fuse filters and projections into calcs. */
  public static final List<RelOptRule> LOGICAL =
      List.of(
          CoreRules.FILTER_MERGE,
          CoreRules.PROJECT_MERGE,
          CoreRules.PROJECT_REMOVE,
          CoreRules.FILTER_TO_CALC,
          CoreRules.PROJECT_TO_CALC,
          CoreRules.CALC_MERGE,
          CoreRules.CALC_REMOVE);

  /**
   * Third phase, once calcs are fused: scans read only the columns the calc above them uses, and a
   * calc left projecting exactly what its scan reads is dropped.
   */
  public static final List<RelOptRule> SCAN =
      List.of(ProjectIntoScanRule.Config.DEFAULT.toRule(), CoreRules.CALC_REMOVE);
}
