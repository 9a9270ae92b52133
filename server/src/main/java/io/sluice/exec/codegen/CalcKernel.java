package io.sluice.exec.codegen;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import org.apache.calcite.DataContext;

/** Generated code for one calc: filters and projects a whole batch in one loop. */
public interface CalcKernel {
  /**
   * Evaluates the calc over every row of {@code input}, writing kept rows to {@code output} from
   * row 0 and each kept row's input index to {@code selection}; returns how many rows were written.
   * {@code output} vectors and {@code selection} hold at least {@code input.rowCount()} rows.
   */
  int apply(DataContext root, Batch input, ColumnVector[] output, int[] selection);
}
