package io.sluice.plan.rules.physical;

import io.sluice.plan.logical.LogicalRank;
import io.sluice.plan.logical.TimeAttributes;
import io.sluice.plan.metadata.SluiceRelMetadataQuery;
import io.sluice.plan.metadata.WindowColumn;
import io.sluice.plan.metadata.WindowProperties;
import io.sluice.plan.spec.RankSpec;
import java.util.Optional;

/**
 * Which runtime a top-N gets, as Flink chooses between its rank nodes: a window top-N when it is
 * partitioned by a window's start and end, a deduplication when it keeps the first or last row per
 * key by a time attribute, the general top-N otherwise. The converter rules' conditions, in one
 * place so they stay exclusive.
 */
final class RankStrategies {
  private RankStrategies() {}

  /** The input column of the window end among the partition keys, or -1. */
  static int windowEndColumn(LogicalRank rank) {
    WindowProperties windows =
        SluiceRelMetadataQuery.of(rank.getCluster().getMetadataQuery())
            .windowProperties(rank.getInput());
    int end = -1;
    boolean start = false;
    for (int key : rank.spec().partitionKeys()) {
      Optional<WindowColumn> window = windows.of(key);
      if (window.isPresent() && window.get().role() == WindowColumn.Role.END) {
        end = key;
      } else if (window.isPresent()) {
        start = true;
      }
    }
    return start && end >= 0 ? end : -1;
  }

  static boolean isWindowRank(LogicalRank rank) {
    return windowEndColumn(rank) >= 0;
  }

  static boolean isDeduplicate(LogicalRank rank) {
    RankSpec spec = rank.spec();
    return !isWindowRank(rank)
        && spec.function() == RankSpec.Function.ROW_NUMBER
        && spec.rankStart() == 1
        && spec.rankEnd() == 1
        && !spec.outputRankNumber()
        && spec.order().size() == 1
        && timeOf(rank) != TimeAttributes.Kind.NONE;
  }

  static boolean isGeneralRank(LogicalRank rank) {
    return !isWindowRank(rank) && !isDeduplicate(rank);
  }

  /** What time the rank orders by, when it orders by one column. */
  static TimeAttributes.Kind timeOf(LogicalRank rank) {
    if (rank.spec().order().size() != 1) {
      return TimeAttributes.Kind.NONE;
    }
    return TimeAttributes.of(rank.getInput(), rank.spec().order().get(0).column());
  }
}
