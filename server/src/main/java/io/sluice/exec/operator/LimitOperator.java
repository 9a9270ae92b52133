package io.sluice.exec.operator;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.type.ColumnType;
import java.util.List;

/** LIMIT/OFFSET over the stream of rows across micro-batches; finished once the limit is met. */
public final class LimitOperator extends SingleInputOperator {
  private final List<ColumnType> types;
  private long toSkip;
  private long remaining;

  /**
   * @param fetch rows to pass; negative for unlimited
   */
  public LimitOperator(Operator input, List<ColumnType> types, long offset, long fetch) {
    super(input);
    this.types = List.copyOf(types);
    this.toSkip = offset;
    this.remaining = fetch < 0 ? Long.MAX_VALUE : fetch;
  }

  @Override
  public Batch next(MicroBatch microBatch) {
    Batch in = input.next(microBatch);
    int skip = (int) Math.min(toSkip, in.rowCount());
    toSkip -= skip;
    int take = (int) Math.min(remaining, in.rowCount() - skip);
    remaining -= take;
    if (skip == 0 && take == in.rowCount()) {
      return in;
    }
    ColumnVector[] out = new ColumnVector[types.size()];
    for (int c = 0; c < out.length; c++) {
      out[c] = ColumnVector.allocate(types.get(c), take);
      out[c].copyRange(in.column(c), skip, 0, take);
    }
    byte[] kinds =
        in.rowKinds() == null
            ? null
            : java.util.Arrays.copyOfRange(in.rowKinds(), skip, skip + take);
    return new Batch(out, take, kinds);
  }

  @Override
  public boolean isFinished() {
    return remaining == 0 || input.isFinished();
  }

  @Override
  public void snapshotState(java.io.DataOutputStream out) throws java.io.IOException {
    out.writeLong(toSkip);
    out.writeLong(remaining);
  }

  @Override
  public void restoreState(java.io.DataInputStream in, StateOwnership owned)
      throws java.io.IOException {
    long skip = in.readLong();
    long left = in.readLong();
    // every row reaches a limit on subtask 0, which alone counted them
    if (owned.owns()) {
      toSkip = skip;
      remaining = left;
    }
  }
}
