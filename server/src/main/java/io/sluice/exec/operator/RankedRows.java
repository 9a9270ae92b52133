package io.sluice.exec.operator;

import static java.util.Objects.requireNonNull;

import io.sluice.plan.spec.RankSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One partition of a top-N: its best rows in rank order, never more than the ranks kept need. With
 * inserts only, a row pushed past the last rank kept can never come back, so it is dropped. Over an
 * updating input (a retract rank) every row is kept: when a ranked row is retracted, the next one
 * moves up into the top N.
 */
final class RankedRows {
  /** A row held, with its arrival number: among rows equal by the ORDER BY, earlier ranks first. */
  record Entry(Object[] row, long seq) {}

  /** A held row and its rank, as emitted. */
  record Ranked(Entry entry, long rank) {}

  private final RankSpec.Function function;
  private final long rankEnd;
  private final Comparator<Object[]> order;
  private final boolean keepAll;
  private final List<Entry> entries = new ArrayList<>();

  /** Processing time of the last row added, for {@code state.ttl}. */
  long lastAccess;

  /**
   * The ranked rows as they were before the batch being processed first touched this partition
   * (what its changes are diffed against); null when the batch has not touched it.
   */
  List<Ranked> rankedBefore;

  RankedRows(RankSpec.Function function, long rankEnd, Comparator<Object[]> order) {
    this(function, rankEnd, order, false);
  }

  /**
   * @param keepAll keep rows ranked past {@code rankEnd} (the input retracts rows, so they may come
   *     back into the top N)
   */
  RankedRows(
      RankSpec.Function function, long rankEnd, Comparator<Object[]> order, boolean keepAll) {
    this.function = requireNonNull(function, "function is null");
    this.rankEnd = rankEnd;
    this.order = requireNonNull(order, "order is null");
    this.keepAll = keepAll;
  }

  List<Entry> entries() {
    return entries;
  }

  int size() {
    return entries.size();
  }

  /**
   * Whether adding {@code row} now would change the rows kept: false when the top N is full and it
   * ranks after all of them (a row equal to the last ranks after it, arriving later).
   */
  boolean admits(Object[] row) {
    return keepAll
        || function != RankSpec.Function.ROW_NUMBER
        || entries.size() < rankEnd
        || order.compare(row, entries.get(entries.size() - 1).row()) < 0;
  }

  /** Adds a row; false when it ranks past what is kept and changes nothing. */
  boolean add(Entry entry) {
    if (!admits(entry.row())) {
      return false;
    }
    // after every row equal to it: ties keep arrival order
    int low = 0;
    int high = entries.size();
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (order.compare(entries.get(middle).row(), entry.row()) <= 0) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    entries.add(low, entry);
    if (!keepAll) {
      trim();
    }
    return true;
  }

  /**
   * Removes a row equal to {@code row} in every column (the one a -U or -D retracts); false when no
   * such row is held.
   */
  boolean remove(Object[] row) {
    // the first row not ordered before it, then its peers
    int low = 0;
    int high = entries.size();
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (order.compare(entries.get(middle).row(), row) < 0) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    for (int i = low; i < entries.size(); i++) {
      Object[] held = entries.get(i).row();
      if (order.compare(held, row) != 0) {
        return false;
      }
      if (sameValues(held, row)) {
        entries.remove(i);
        return true;
      }
    }
    return false;
  }

  private static boolean sameValues(Object[] held, Object[] row) {
    int width = Math.min(held.length, row.length);
    for (int c = 0; c < width; c++) {
      if (!Objects.equals(held[c], row[c])) {
        return false;
      }
    }
    return true;
  }

  /** Drops rows ranked past the last rank kept. */
  private void trim() {
    if (function == RankSpec.Function.ROW_NUMBER) {
      while (entries.size() > rankEnd) {
        entries.remove(entries.size() - 1);
      }
      return;
    }
    long rank = 0;
    for (int i = 0; i < entries.size(); i++) {
      rank = rankAt(i, rank);
      if (rank > rankEnd) {
        entries.subList(i, entries.size()).clear();
        return;
      }
    }
  }

  /** The rank of entry {@code i}, given the rank of entry {@code i - 1}. */
  private long rankAt(int i, long previousRank) {
    if (i == 0) {
      return 1;
    }
    boolean tie = order.compare(entries.get(i - 1).row(), entries.get(i).row()) == 0;
    return switch (function) {
      case ROW_NUMBER -> i + 1;
      case RANK -> tie ? previousRank : i + 1;
      case DENSE_RANK -> tie ? previousRank : previousRank + 1;
    };
  }

  /** The rows ranked {@code rankStart .. rankEnd}, in rank order. */
  List<Ranked> ranked(long rankStart) {
    List<Ranked> result = new ArrayList<>();
    long rank = 0;
    for (int i = 0; i < entries.size(); i++) {
      rank = rankAt(i, rank);
      if (rank > rankEnd) {
        break;
      }
      if (rank >= rankStart) {
        result.add(new Ranked(entries.get(i), rank));
      }
    }
    return result;
  }
}
