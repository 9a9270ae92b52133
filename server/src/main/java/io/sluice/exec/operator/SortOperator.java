package io.sluice.exec.operator;

import static java.util.Objects.requireNonNull;

import io.sluice.plan.spec.SortField;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.type.ColumnType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Buffers every input row and, at end of input, emits them sorted (then OFFSET / LIMIT). */
public final class SortOperator implements Operator {
  private final Operator input;
  private final List<ColumnType> types;
  private final Comparator<Object[]> order;
  private final long offset;
  private final long fetch;
  private final List<Object[]> rows = new ArrayList<>();
  private boolean done;

  public SortOperator(
      Operator input, List<ColumnType> types, List<SortField> collations, long offset, long fetch) {
    this.input = requireNonNull(input, "input is null");
    this.types = List.copyOf(types);
    this.order = RowComparators.of(collations);
    this.offset = offset;
    this.fetch = fetch;
  }

  @Override
  public Batch next(MicroBatch microBatch) {
    Batch in = input.next(microBatch);
    rows.addAll(in.rows());
    if (!microBatch.endOfInput() || done) {
      return Batch.empty(types);
    }
    done = true;
    rows.sort(order);
    int from = (int) Math.min(rows.size(), offset);
    int to = fetch < 0 ? rows.size() : (int) Math.min(rows.size(), from + fetch);
    ColumnVector[] out = new ColumnVector[types.size()];
    for (int c = 0; c < out.length; c++) {
      out[c] = ColumnVector.allocate(types.get(c), to - from);
    }
    for (int r = from; r < to; r++) {
      for (int c = 0; c < out.length; c++) {
        out[c].setObject(r - from, rows.get(r)[c]);
      }
    }
    rows.clear();
    return new Batch(out, to - from);
  }

  @Override
  public boolean isFinished() {
    return done;
  }

  @Override
  public long stateRows() {
    return rows.size() + input.stateRows();
  }

  @Override
  public long stateBytes() {
    return 64L * rows.size() * Math.max(1, types.size()) + input.stateBytes();
  }

  @Override
  public long lateRows() {
    return input.lateRows();
  }

  @Override
  public void close() {
    input.close();
  }
}
