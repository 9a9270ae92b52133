package io.sluice.exec.operator;

import static java.util.Objects.requireNonNull;

import io.sluice.exec.codegen.CalcSplit;
import io.sluice.exec.codegen.CompiledCalc;
import io.sluice.exec.codegen.QueryDataContext;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.batch.ProjectedColumns;
import io.sluice.spi.changelog.RowKind;
import io.sluice.spi.error.ErrorCode;
import io.sluice.spi.error.SluiceException;
import io.sluice.spi.type.ColumnType;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Filter + projection. Output columns that are input columns reuse the input's vectors (gathered
 * when the filter drops rows); the others and the filter run through generated code ({@link
 * CompiledCalc}), one loop per batch.
 */
public final class CalcOperator extends SingleInputOperator {
  private final CompiledCalc kernels;
  private final int[] sources;
  private final int[] computedColumns;
  private final List<ColumnType> outputTypes;
  private final QueryDataContext context;
  private final String description;

  /**
   * For a filter over an updating input: the projections without the filter, and the filter alone,
   * so a key whose new row fails the filter can be retracted (-D) instead of left stale.
   */
  public record Retraction(CompiledCalc projectAll, CompiledCalc condition) {}

  private Retraction retraction;

  /** Enables retractions (see {@link Retraction}); only for calcs with a condition. */
  public CalcOperator withRetraction(Retraction retraction) {
    this.retraction = requireNonNull(retraction, "retraction is null");
    return this;
  }

  /**
   * @param kernels the computed outputs and the condition ({@link CalcSplit#computed()}), or null
   *     when there are none
   * @param sources per output column, the input column it hands on, or -1 when computed
   * @param description the expressions in SQL-like text, for error messages
   */
  public CalcOperator(
      Operator input,
      CompiledCalc kernels,
      int[] sources,
      List<ColumnType> outputTypes,
      QueryDataContext context,
      String description) {
    super(input);
    this.description = requireNonNull(description, "description is null");
    this.kernels = kernels;
    this.sources = sources.clone();
    this.outputTypes = List.copyOf(outputTypes);
    this.context = requireNonNull(context, "context is null");
    if (this.sources.length != this.outputTypes.size()) {
      throw new IllegalArgumentException(
          this.sources.length + " sources for " + this.outputTypes.size() + " output columns");
    }
    this.computedColumns =
        IntStream.range(0, this.sources.length).filter(c -> this.sources[c] < 0).toArray();
    if (kernels == null && computedColumns.length > 0) {
      throw new IllegalArgumentException("Computed columns without kernels");
    }
  }

  @Override
  public Batch next(MicroBatch microBatch) {
    Batch in = input.next(microBatch);
    int rows = in.rowCount();
    if (rows == 0) {
      return Batch.empty(outputTypes);
    }
    if (retraction != null && in.rowKinds() != null) {
      ColumnVector[] all = new ColumnVector[outputTypes.size()];
      for (int i = 0; i < all.length; i++) {
        all[i] = ColumnVector.allocate(outputTypes.get(i), rows);
      }
      return retracting(in, all);
    }
    if (kernels == null) {
      // a projection: the input's vectors, and its deferred columns still deferred
      return in.project(sources);
    }
    ColumnVector[] out = new ColumnVector[outputTypes.size()];
    int produced = rows;
    int[] selection = null;
    if (kernels != null) {
      ColumnVector[] computed = new ColumnVector[computedColumns.length];
      for (int i = 0; i < computed.length; i++) {
        computed[i] = ColumnVector.allocate(outputTypes.get(computedColumns[i]), rows);
        out[computedColumns[i]] = computed[i];
      }
      selection = new int[rows];
      try {
        produced = kernels.kernelFor(in).apply(context, in, computed, selection);
      } catch (SluiceException e) {
        throw e;
      } catch (RuntimeException e) {
        // A value the expressions cannot handle (a failed CAST, a division by zero): name them.
        throw new SluiceException(
            ErrorCode.QUERY_FAILED,
            "Cannot evaluate "
                + description
                + ": "
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()),
            e);
      }
    }
    // Every row kept means the selection is 0 .. rows-1: the input's vectors are the output's.
    boolean all = produced == rows;
    if (all && in.hasDeferredColumns()) {
      // the input's deferred columns (a join's) stay deferred: built only if read
      return new Batch(out, produced, in.rowKinds(), new ProjectedColumns(in, sources));
    }
    for (int c = 0; c < out.length; c++) {
      if (sources[c] >= 0) {
        // a deferred input column is read for the rows kept only
        out[c] = all ? in.column(sources[c]) : in.gather(sources[c], selection, produced);
      }
    }
    byte[] inKinds = in.rowKinds();
    if (inKinds == null) {
      return new Batch(out, produced);
    }
    if (all) {
      return new Batch(out, produced, inKinds);
    }
    byte[] kinds = new byte[produced];
    for (int i = 0; i < produced; i++) {
      kinds[i] = inKinds[selection[i]];
    }
    return new Batch(out, produced, kinds);
  }

  /** Rows passing the filter keep their kind; an update failing it becomes a delete. */
  private Batch retracting(Batch in, ColumnVector[] all) {
    int rows = in.rowCount();
    int[] selection = new int[rows];
    retraction.projectAll().kernelFor(in).apply(context, in, all, selection);
    int[] passing = new int[rows];
    int passed =
        retraction.condition().kernelFor(in).apply(context, in, new ColumnVector[0], passing);
    boolean[] pass = new boolean[rows];
    for (int i = 0; i < passed; i++) {
      pass[passing[i]] = true;
    }
    ColumnVector[] out = new ColumnVector[all.length];
    for (int c = 0; c < out.length; c++) {
      out[c] = ColumnVector.allocate(outputTypes.get(c), rows);
    }
    byte[] kinds = new byte[rows];
    int produced = 0;
    for (int row = 0; row < rows; row++) {
      RowKind kind = in.rowKind(row);
      if (!pass[row] && kind != RowKind.UPDATE_AFTER) {
        continue;
      }
      for (int c = 0; c < out.length; c++) {
        out[c].copyFrom(all[c], row, produced);
      }
      kinds[produced++] = (pass[row] ? kind : RowKind.DELETE).toByte();
    }
    return new Batch(out, produced, java.util.Arrays.copyOf(kinds, produced));
  }
}
