package io.sluice.exec.operator;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.type.ColumnType;
import java.util.ArrayList;
import java.util.List;

/** UNION ALL: concatenates its inputs' batches. */
public final class UnionOperator implements Operator {
  private final List<Operator> inputs;
  private final List<ColumnType> types;

  public UnionOperator(List<Operator> inputs, List<ColumnType> types) {
    this.inputs = List.copyOf(inputs);
    this.types = List.copyOf(types);
  }

  @Override
  public Batch next(MicroBatch microBatch) {
    List<Batch> parts = new ArrayList<>(inputs.size());
    int total = 0;
    for (Operator input : inputs) {
      Batch part = input.next(microBatch);
      parts.add(part);
      total += part.rowCount();
    }
    ColumnVector[] out = new ColumnVector[types.size()];
    for (int c = 0; c < out.length; c++) {
      out[c] = ColumnVector.allocate(types.get(c), total);
    }
    boolean changelog = parts.stream().anyMatch(part -> part.rowKinds() != null);
    byte[] kinds = changelog ? new byte[total] : null;
    int offset = 0;
    for (Batch part : parts) {
      for (int c = 0; c < out.length; c++) {
        out[c].copyRange(part.column(c), 0, offset, part.rowCount());
      }
      if (part.rowKinds() != null) {
        System.arraycopy(part.rowKinds(), 0, kinds, offset, part.rowCount());
      }
      offset += part.rowCount();
    }
    return new Batch(out, total, kinds);
  }

  @Override
  public boolean isFinished() {
    for (Operator input : inputs) {
      if (!input.isFinished()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public long stateRows() {
    return inputs.stream().mapToLong(Operator::stateRows).sum();
  }

  @Override
  public long stateBytes() {
    return inputs.stream().mapToLong(Operator::stateBytes).sum();
  }

  @Override
  public long lateRows() {
    return inputs.stream().mapToLong(Operator::lateRows).sum();
  }

  @Override
  public void close() {
    for (Operator input : inputs) {
      input.close();
    }
  }
}
