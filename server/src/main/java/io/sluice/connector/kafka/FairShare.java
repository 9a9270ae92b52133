package io.sluice.connector.kafka;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Splits a per-trigger budget of offsets fairly across partitions (max-min fairness): each
 * partition gets an equal share, and what a partition with less backlog leaves unused goes to the
 * others. The result depends only on its inputs, so the same backlog always splits the same.
 */
public final class FairShare {
  private FairShare() {}

  /**
   * How many offsets to take from each partition.
   *
   * @param available backlog per partition (non-negative)
   * @param budget most offsets to take in total (positive)
   * @return per partition of {@code available}, at most its backlog; sums to {@code min(budget,
   *     total backlog)}
   */
  public static Map<Integer, Long> split(Map<Integer, Long> available, long budget) {
    requireNonNull(available, "available is null");
    if (budget <= 0) {
      throw new IllegalArgumentException("budget must be positive: " + budget);
    }
    List<Map.Entry<Integer, Long>> bySize = new ArrayList<>(available.entrySet());
    // smallest backlog first, so its unused share is known before the larger ones are sized
    bySize.sort(
        Map.Entry.<Integer, Long>comparingByValue()
            .thenComparing(Map.Entry.comparingByKey(Comparator.naturalOrder())));
    Map<Integer, Long> taken = new TreeMap<>();
    long left = budget;
    for (int i = 0; i < bySize.size(); i++) {
      long backlog = bySize.get(i).getValue();
      if (backlog < 0) {
        throw new IllegalArgumentException(
            "negative backlog " + backlog + " for partition " + bySize.get(i).getKey());
      }
      // what integer division leaves over carries on to the larger backlogs, which sort last
      long share = left / (bySize.size() - i);
      long take = Math.min(backlog, share);
      taken.put(bySize.get(i).getKey(), take);
      left -= take;
    }
    return taken;
  }
}
