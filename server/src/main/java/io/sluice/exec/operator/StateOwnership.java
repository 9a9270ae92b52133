package io.sluice.exec.operator;

/**
 * Which entries of a checkpointed operator state a subtask takes when a query resumes at another
 * parallelism than the run that wrote the checkpoint (Flink's key-group redistribution).
 *
 * <p>Every keyed operator's input is hashed by the columns its node requires (see the planner's
 * exchange insertion), so each state entry belongs to the key group of those columns' values and
 * goes to the subtask that owns that key group now: rows of the key arrive there from now on. An
 * operator whose input is on one subtask (no key: a global aggregate, a limit) kept its state on
 * subtask 0, which takes it again; the other subtasks' sections of such an operator are empty of
 * meaning and skipped.
 */
public final class StateOwnership {
  /** Takes everything: a resume at the parallelism that wrote the checkpoint. */
  public static final StateOwnership ALL = new StateOwnership(true, 0, 0, 1);

  private final boolean everything;
  private final int writer;
  private final int subtask;
  private final int parallelism;

  private StateOwnership(boolean everything, int writer, int subtask, int parallelism) {
    this.everything = everything;
    this.writer = writer;
    this.subtask = subtask;
    this.parallelism = parallelism;
  }

  /**
   * What subtask {@code subtask} of {@code parallelism} takes from the section subtask {@code
   * writer} of the earlier run wrote.
   */
  public static StateOwnership of(int writer, int subtask, int parallelism) {
    if (subtask < 0 || subtask >= parallelism) {
      throw new IllegalArgumentException("subtask " + subtask + " of " + parallelism);
    }
    return new StateOwnership(false, writer, subtask, parallelism);
  }

  /**
   * Whether this subtask takes the entry whose hashed key is {@code hashedValues}: the values of
   * the columns its operator's input is hashed by, in their order; none for state of an operator
   * whose input is on one subtask.
   */
  public boolean owns(Object... hashedValues) {
    if (everything) {
      return true;
    }
    if (hashedValues.length == 0) {
      return writer == 0 && subtask == 0;
    }
    int hash = 1;
    for (Object value : hashedValues) {
      hash = 31 * hash + (value == null ? 0 : value.hashCode());
    }
    return KeyGroups.subtask(KeyGroups.keyGroup(hash), parallelism) == subtask;
  }

  /** {@link #owns(Object...)} of the values of {@code row} in {@code columns}. */
  public boolean ownsRow(Object[] row, int[] columns) {
    if (everything) {
      return true;
    }
    Object[] values = new Object[columns.length];
    for (int i = 0; i < columns.length; i++) {
      values[i] = row[columns[i]];
    }
    return owns(values);
  }
}
