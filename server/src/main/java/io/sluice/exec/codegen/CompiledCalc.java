package io.sluice.exec.codegen;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.batch.Batch;

/**
 * A calc compiled twice: once for inputs that may hold NULLs, and once assuming none do, which lets
 * the generated code read primitives straight from the vectors without boxing or null checks. Each
 * batch takes the second whenever the columns the calc reads have no NULLs.
 */
public final class CompiledCalc {
  private final CalcKernel general;
  private final CalcKernel withoutNulls;
  private final int[] inputsRead;

  CompiledCalc(CalcKernel general, CalcKernel withoutNulls, int[] inputsRead) {
    this.general = requireNonNull(general, "general is null");
    this.withoutNulls = requireNonNull(withoutNulls, "withoutNulls is null");
    this.inputsRead = inputsRead.clone();
  }

  /** The input columns the calc reads; it leaves the others untouched. */
  public int[] inputsRead() {
    return inputsRead.clone();
  }

  /** The kernel for this batch. */
  public CalcKernel kernelFor(Batch input) {
    for (int column : inputsRead) {
      if (input.column(column).hasNulls()) {
        return general;
      }
    }
    return withoutNulls;
  }
}
