package io.sluice.spi.changelog;

import static java.util.Objects.requireNonNull;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which changelog kinds a stream of rows carries, as Flink's {@code ChangelogMode}: only inserts,
 * upserts by key (+I, +U, -D), or retractions (+I, -U, +U, -D). A {@code complete} stream instead
 * carries the whole result table again each batch, as inserts (Spark's complete output mode).
 *
 * @param kinds the row kinds that occur
 * @param completeEachBatch every batch is the whole result table, replacing the previous one
 */
public record ChangelogMode(Set<RowKind> kinds, boolean completeEachBatch) {
  /** Only +I: every row is final and new. */
  public static final ChangelogMode INSERT_ONLY =
      new ChangelogMode(EnumSet.of(RowKind.INSERT), false);

  /** +I, +U, -D: a row replaces the earlier row of its key, a -D removes it. */
  public static final ChangelogMode UPSERT =
      new ChangelogMode(EnumSet.of(RowKind.INSERT, RowKind.UPDATE_AFTER, RowKind.DELETE), false);

  /** +I, -U, +U, -D: an update retracts the old row before it adds the new one. */
  public static final ChangelogMode RETRACT =
      new ChangelogMode(EnumSet.allOf(RowKind.class), false);

  /** +I of every row of the result table, again each batch. */
  public static final ChangelogMode COMPLETE = new ChangelogMode(EnumSet.of(RowKind.INSERT), true);

  public ChangelogMode {
    requireNonNull(kinds, "kinds is null");
    if (kinds.isEmpty()) {
      throw new IllegalArgumentException("a changelog mode has at least one row kind");
    }
    kinds = Set.copyOf(kinds);
  }

  /** Whether every row is a new, final insert. */
  public boolean isInsertOnly() {
    return kinds.equals(Set.of(RowKind.INSERT)) && !completeEachBatch;
  }

  /** Whether rows may change or remove earlier rows. */
  public boolean isUpdating() {
    return !isInsertOnly();
  }

  /** What EXPLAIN shows, e.g. {@code [+I,+U,-D]}. */
  public String label() {
    String list =
        EnumSet.copyOf(kinds).stream().map(RowKind::shortString).collect(Collectors.joining(","));
    return "[" + list + (completeEachBatch ? " complete table each batch" : "") + "]";
  }

  @Override
  public String toString() {
    return label();
  }
}
