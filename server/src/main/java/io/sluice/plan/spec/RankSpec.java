package io.sluice.plan.spec;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A top-N: {@code ROW_NUMBER() | RANK() | DENSE_RANK() OVER (PARTITION BY … ORDER BY …)} filtered
 * to the ranks {@code rankStart .. rankEnd}, as Flink's rank node.
 *
 * @param partitionKeys input columns the rows are ranked within
 * @param order the ORDER BY of the ranking, over input columns
 * @param rankStart lowest rank kept, from 1
 * @param rankEnd highest rank kept
 * @param outputRankNumber whether the rank is an output column (the last one)
 */
public record RankSpec(
    Function function,
    List<Integer> partitionKeys,
    List<SortField> order,
    long rankStart,
    long rankEnd,
    boolean outputRankNumber) {
  /** The ranking function. */
  public enum Function {
    /** 1, 2, 3, … whatever the ties. */
    ROW_NUMBER,
    /** Ties share a rank; the next rank skips as many as tied (1, 1, 3). */
    RANK,
    /** Ties share a rank; the next rank follows on (1, 1, 2). */
    DENSE_RANK
  }

  public RankSpec {
    requireNonNull(function, "function is null");
    partitionKeys = List.copyOf(partitionKeys);
    order = List.copyOf(order);
    if (rankStart < 1 || rankEnd < rankStart) {
      throw new IllegalArgumentException("ranks " + rankStart + " .. " + rankEnd);
    }
  }

  /** Input columns of the partition keys, as an array. */
  public int[] partitionColumns() {
    return partitionKeys.stream().mapToInt(Integer::intValue).toArray();
  }

  @Override
  public String toString() {
    String by =
        order.stream()
            .map(f -> "$" + f.column() + (f.descending() ? " DESC" : ""))
            .collect(Collectors.joining(", "));
    String partition = partitionKeys.stream().map(k -> "$" + k).collect(Collectors.joining(", "));
    return function
        + " OVER (PARTITION BY "
        + partition
        + " ORDER BY "
        + by
        + ") IN "
        + rankStart
        + ".."
        + rankEnd
        + (outputRankNumber ? "" : " (rank not selected)");
  }
}
