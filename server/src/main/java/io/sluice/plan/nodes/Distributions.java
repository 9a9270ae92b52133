package io.sluice.plan.nodes;

import java.util.Arrays;
import java.util.List;
import org.apache.calcite.rel.RelDistribution;
import org.apache.calcite.rel.RelDistributions;

/** The distributions keyed operators require of their inputs. */
public final class Distributions {
  private Distributions() {}

  /**
   * Rows hashed by {@code keys}, so each subtask holds every row of its keys; with no keys, all
   * rows on one subtask (a global aggregate, a top-N of everything).
   */
  public static RelDistribution byKeys(int[] keys) {
    return keys.length == 0
        ? RelDistributions.SINGLETON
        : RelDistributions.hash(Arrays.stream(keys).boxed().toList());
  }

  public static RelDistribution byKeys(List<Integer> keys) {
    return keys.isEmpty() ? RelDistributions.SINGLETON : RelDistributions.hash(keys);
  }
}
