package io.sluice.plan;

import java.util.List;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.rel.rules.CoreRules;

/** Every Calcite rule Sluice's planner applies, registered in one place. */
public final class SluiceRules {
  private SluiceRules() {
  }

  /** Logical rewrites applied before physical planning: fuse filters and projections into calcs. */
  public static final List<RelOptRule> LOGICAL = List.of(
      CoreRules.FILTER_MERGE,
      CoreRules.PROJECT_MERGE,
      CoreRules.PROJECT_REMOVE,
      CoreRules.FILTER_TO_CALC,
      CoreRules.PROJECT_TO_CALC,
      CoreRules.CALC_MERGE,
      CoreRules.CALC_REMOVE);
}
