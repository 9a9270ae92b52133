package io.sluice.exec.operator;

import io.sluice.spi.batch.Batch;

/**
 * The runtime operator contract, shared by every operator.
 *
 * <ul>
 *   <li><b>Input batch.</b> Operators form a tree mirroring the physical plan. Once per micro-batch
 *       the driver calls {@link #next(MicroBatch)} on the root; each operator calls {@code next} on
 *       its inputs exactly once for the same micro-batch and transforms what they return. Leaves
 *       take their rows from the micro-batch (the rows the sources read).
 *   <li><b>Output batch.</b> {@code next} returns this operator's output for the micro-batch,
 *       possibly empty, never null. The returned batch belongs to the caller; inputs' batches are
 *       read-only.
 *   <li><b>Finish.</b> {@link #isFinished()} turns true when the operator will never produce
 *       another row whatever its input (a reached LIMIT, emitted VALUES); the driver then ends the
 *       query after delivering the current output.
 *   <li><b>Close.</b> {@link #close()} releases resources once the query ends, whether it finished,
 *       failed or was cancelled; it closes the operator's inputs too.
 * </ul>
 *
 * <p>An operator is driven by one thread at a time; it need not be thread-safe.
 */
public interface Operator extends AutoCloseable {
  Batch next(MicroBatch microBatch);

  default boolean isFinished() {
    return false;
  }

  /** Rows of state this operator and its inputs hold (groups, open windows), for progress. */
  default long stateRows() {
    return 0;
  }

  /** Estimated heap bytes of that state. */
  default long stateBytes() {
    return 0;
  }

  /**
   * The wall-clock time at which this operator needs a batch even if no input comes (a window over
   * processing time ending then), or {@link Long#MAX_VALUE}.
   */
  default long nextProcessingTimer() {
    return Long.MAX_VALUE;
  }

  /** Late rows this operator and its inputs dropped so far. */
  default long lateRows() {
    return 0;
  }

  /**
   * Writes this operator's own state, not its inputs' (a checkpoint gives each stateful operator a
   * section of its own, under its id; see {@link OperatorStates}). Stateless operators write
   * nothing.
   */
  default void snapshotState(java.io.DataOutputStream out) throws java.io.IOException {}

  /** Reads back what {@link #snapshotState} wrote, into an operator that holds no state yet. */
  default void restoreState(java.io.DataInputStream in) throws java.io.IOException {
    restoreState(in, StateOwnership.ALL);
  }

  /**
   * Adds to this operator's state the entries of what {@link #snapshotState} wrote that {@code
   * owned} gives this subtask. A query resuming at another parallelism calls it once with the
   * section of every subtask of the run that wrote the checkpoint, so each entry is read on its own
   * and kept or skipped by its key (see {@link StateOwnership}); nothing is cleared in between.
   */
  default void restoreState(java.io.DataInputStream in, StateOwnership owned)
      throws java.io.IOException {}

  @Override
  void close();
}
