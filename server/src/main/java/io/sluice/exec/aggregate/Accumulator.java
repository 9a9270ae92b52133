package io.sluice.exec.aggregate;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;

/**
 * The state of one aggregate call for every group of an aggregate operator, kept column-wise in
 * arrays indexed by group id. Work is per batch: {@link #accumulate} folds a whole batch into the
 * groups with one call, so the per-row loop has no virtual dispatch.
 */
public abstract class Accumulator {
  private final int filterColumn;

  /**
   * @param filterColumn input column of the call's FILTER (WHERE …) flag, or -1
   */
  protected Accumulator(int filterColumn) {
    this.filterColumn = filterColumn;
  }

  /** Makes room for group ids below {@code groupCount}; new groups start empty. */
  public abstract void ensureGroups(int groupCount);

  /**
   * Folds {@code count} (row, group) pairs of {@code input} into their groups: row {@code rows[i]}
   * goes into group {@code groups[i]}. Rows the FILTER flag excludes are skipped.
   */
  public final void accumulate(Batch input, int[] rows, int[] groups, int count) {
    if (filterColumn < 0) {
      accumulate(input, rows, groups, count, null);
    } else {
      accumulate(input, rows, groups, count, input.column(filterColumn));
    }
  }

  protected abstract void accumulate(
      Batch input, int[] rows, int[] groups, int count, ColumnVector filter);

  /**
   * Whether {@link #retract} works: an aggregate over an updating input (an aggregate of an
   * aggregate, of a join or of a top-N) takes retracted rows back out of their groups.
   */
  public boolean canRetract() {
    return false;
  }

  /**
   * Takes {@code count} (row, group) pairs back out of their groups: the inverse of {@link
   * #accumulate} for rows an updating input retracts (-U, -D). Rows the FILTER flag excludes are
   * skipped, as they were when accumulated.
   */
  public final void retract(Batch input, int[] rows, int[] groups, int count) {
    if (filterColumn < 0) {
      retract(input, rows, groups, count, null);
    } else {
      retract(input, rows, groups, count, input.column(filterColumn));
    }
  }

  /** See {@link #retract(Batch, int[], int[], int)}; only called when {@link #canRetract}. */
  protected void retract(Batch input, int[] rows, int[] groups, int count, ColumnVector filter) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot retract");
  }

  protected static boolean passes(ColumnVector filter, int row) {
    return filter == null
        || !filter.isNull(row) && ((io.sluice.spi.batch.LongVector) filter).get(row) != 0;
  }

  /**
   * Folds group {@code from}'s state into group {@code into} (sessions merging); {@code from} is
   * then reset.
   */
  public abstract void merge(int from, int into);

  /**
   * Whether {@link #combine} works. A sliced window aggregate keeps one group per slice of the
   * window slide and combines the slices a window covers when it fires; a user-defined function's
   * merge may change the accumulators it is handed, so it cannot share a slice between windows.
   */
  public boolean canCombine() {
    return false;
  }

  /**
   * Folds group {@code from}'s state into group {@code into}, leaving {@code from} as it was: a
   * slice is combined into every window it belongs to. Only called when {@link #canCombine}.
   */
  public void combine(int from, int into) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot combine");
  }

  /** Writes one group's state for a checkpoint. */
  public abstract void writeState(java.io.DataOutputStream out, int group)
      throws java.io.IOException;

  /** Reads one group's state back into {@code group} (already sized and reset). */
  public abstract void readState(java.io.DataInputStream in, int group) throws java.io.IOException;

  /**
   * Reads one group's state and drops it (a resuming subtask skipping a group another subtask
   * takes), through group {@code scratch}: one past every group in use, left empty.
   */
  public final void skipState(java.io.DataInputStream in, int scratch) throws java.io.IOException {
    ensureGroups(scratch + 1);
    readState(in, scratch);
    reset(scratch);
  }

  /** Empties a group so its id can be reused. */
  public abstract void reset(int group);

  /** Writes the group's current result into {@code out} at {@code row}. */
  public abstract void write(int group, ColumnVector out, int row);

  /** Rough heap bytes one group's state takes, for state-size reporting. */
  public abstract long bytesPerGroup(int group);
}
