package io.sluice.exec.operator;

import static java.util.Objects.requireNonNull;

import io.sluice.error.ErrorCode;
import io.sluice.error.SluiceException;
import io.sluice.exec.batch.Batch;
import io.sluice.exec.batch.ColumnType;
import io.sluice.exec.batch.ColumnVector;
import io.sluice.exec.codegen.CompiledCalc;
import io.sluice.exec.codegen.QueryDataContext;
import java.util.List;

/** Filter + projection through generated code ({@link CompiledCalc}), one loop per batch. */
public final class CalcOperator implements Operator {
  private final Operator input;
  private final CompiledCalc kernels;
  private final List<ColumnType> outputTypes;
  private final QueryDataContext context;
  private final String description;

  /** @param description the expressions in SQL-like text, for error messages */
  public CalcOperator(Operator input, CompiledCalc kernels, List<ColumnType> outputTypes,
      QueryDataContext context, String description) {
    this.description = requireNonNull(description, "description is null");
    this.input = requireNonNull(input, "input is null");
    this.kernels = requireNonNull(kernels, "kernels is null");
    this.outputTypes = List.copyOf(outputTypes);
    this.context = requireNonNull(context, "context is null");
  }

  @Override public Batch next(MicroBatch microBatch) {
    Batch in = input.next(microBatch);
    if (in.rowCount() == 0) {
      return Batch.empty(outputTypes);
    }
    ColumnVector[] out = new ColumnVector[outputTypes.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ColumnVector.allocate(outputTypes.get(i), in.rowCount());
    }
    int[] selection = new int[in.rowCount()];
    int produced;
    try {
      produced = kernels.kernelFor(in).apply(context, in, out, selection);
    } catch (SluiceException e) {
      throw e;
    } catch (RuntimeException e) {
      // A value the expressions cannot handle (a failed CAST, a division by zero): name them.
      throw new SluiceException(ErrorCode.QUERY_FAILED, "Cannot evaluate " + description
          + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    }
    byte[] inKinds = in.rowKinds();
    if (inKinds == null) {
      return new Batch(out, produced);
    }
    byte[] kinds = new byte[produced];
    for (int i = 0; i < produced; i++) {
      kinds[i] = inKinds[selection[i]];
    }
    return new Batch(out, produced, kinds);
  }

  @Override public boolean isFinished() {
    return input.isFinished();
  }

  @Override public long stateRows() {
    return input.stateRows();
  }

  @Override public long stateBytes() {
    return input.stateBytes();
  }

  @Override public long lateRows() {
    return input.lateRows();
  }

  @Override public void snapshotState(java.io.DataOutputStream out) throws java.io.IOException {
    input.snapshotState(out);
  }

  @Override public void restoreState(java.io.DataInputStream in) throws java.io.IOException {
    input.restoreState(in);
  }

  @Override public void close() {
    input.close();
  }
}
