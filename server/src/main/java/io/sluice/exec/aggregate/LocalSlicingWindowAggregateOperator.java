package io.sluice.exec.aggregate;

import static java.util.Objects.requireNonNull;

import io.sluice.error.SluiceErrors;
import io.sluice.exec.operator.MicroBatch;
import io.sluice.exec.operator.Operator;
import io.sluice.exec.operator.SingleInputOperator;
import io.sluice.plan.spec.WindowInfo;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.batch.LongVector;
import io.sluice.spi.batch.ObjectVector;
import io.sluice.spi.type.ColumnType;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/**
 * The local phase of a TUMBLE or HOP window aggregate without keys but the window (Flink's
 * local-global window aggregation): each subtask folds its rows of a batch into one partial
 * accumulator per slice, and only those partials cross the exchange to the subtask that keeps the
 * windows ({@link SlicingWindowAggregateOperator#mergingPartials}), instead of every row. Holds
 * nothing between batches. Rows older than the watermark are late here, and counted here.
 *
 * <p>Its batches have two columns: the slice end ({@link ColumnType#BIGINT}) and the slice's state,
 * each call's {@link Accumulator#writeState} in call order, as a {@code byte[]} in an object
 * vector.
 */
public final class LocalSlicingWindowAggregateOperator extends SingleInputOperator {
  private final Accumulator[] accumulators;
  private final WindowInfo window;
  private final SliceAssigner assigner;
  private final Long2IntOpenHashMap groupOfSliceEnd = new Long2IntOpenHashMap();

  /**
   * @param accumulators one per call, each {@link Accumulator#canCombine}; their state is this
   *     operator's alone
   * @param window a TUMBLE or HOP window assigned from the input's time column
   */
  public LocalSlicingWindowAggregateOperator(
      Operator input, List<Accumulator> accumulators, WindowInfo window) {
    super(input);
    this.accumulators = accumulators.toArray(new Accumulator[0]);
    this.window = requireNonNull(window, "window is null");
    if (!SlicingWindowAggregateOperator.canSlice(window, accumulators)) {
      throw new IllegalArgumentException("not a sliceable window aggregate: " + window);
    }
    this.assigner = new SliceAssigner(window);
  }

  @Override
  public Batch next(MicroBatch microBatch) {
    Batch in = input.next(microBatch);
    if (in.rowKinds() != null) {
      throw SluiceErrors.unsupportedConstruct("Aggregation over an updating (upsert) input");
    }
    // Rows over processing time are stamped with the batch's time: none is ever late.
    long watermark = window.procTime() ? Long.MIN_VALUE : microBatch.watermarkBefore();
    int rowCount = in.rowCount();
    int[] rows = new int[rowCount];
    long[] rowSliceEnds = new long[rowCount];
    int pairs = assigner.assign(in, watermark, rows, rowSliceEnds);
    int[] groups = new int[pairs];
    long[] sliceEnds = new long[Math.min(pairs, 16)];
    groupOfSliceEnd.clear();
    for (int i = 0; i < pairs; i++) {
      long sliceEnd = rowSliceEnds[i];
      int group = groupOfSliceEnd.getOrDefault(sliceEnd, -1);
      if (group < 0) {
        group = groupOfSliceEnd.size();
        groupOfSliceEnd.put(sliceEnd, group);
        if (group == sliceEnds.length) {
          sliceEnds = Arrays.copyOf(sliceEnds, group * 2);
        }
        sliceEnds[group] = sliceEnd;
        for (Accumulator accumulator : accumulators) {
          accumulator.ensureGroups(group + 1);
          accumulator.reset(group);
        }
      }
      groups[i] = group;
    }
    for (Accumulator accumulator : accumulators) {
      accumulator.accumulate(in, rows, groups, pairs);
    }
    return partials(sliceEnds, groupOfSliceEnd.size());
  }

  private Batch partials(long[] sliceEnds, int count) {
    LongVector ends = (LongVector) ColumnVector.allocate(ColumnType.BIGINT, count);
    ObjectVector states = (ObjectVector) ColumnVector.allocate(ColumnType.VARCHAR, count);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int group = 0; group < count; group++) {
      bytes.reset();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        for (Accumulator accumulator : accumulators) {
          accumulator.writeState(out, group);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Writing to memory failed", e);
      }
      ends.set(group, sliceEnds[group]);
      states.set(group, bytes.toByteArray());
    }
    // only once every call wrote: calls may share state (COUNT(DISTINCT)s differing in FILTER),
    // which the first call's reset empties for all
    for (int group = 0; group < count; group++) {
      for (Accumulator accumulator : accumulators) {
        accumulator.reset(group);
      }
    }
    return new Batch(new ColumnVector[] {ends, states}, count);
  }

  @Override
  public long lateRows() {
    return assigner.lateRows() + input.lateRows();
  }
}
