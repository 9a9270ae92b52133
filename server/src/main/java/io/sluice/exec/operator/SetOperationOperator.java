package io.sluice.exec.operator;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.changelog.RowKind;
import io.sluice.spi.type.ColumnType;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code INTERSECT ALL} and {@code EXCEPT ALL}: a count per distinct row and input, updated by each
 * input row (+I and +U add one, -U and -D take one away). A row's multiplicity in the result is the
 * smallest of its counts (INTERSECT ALL) or the first input's count minus the others' (EXCEPT ALL,
 * never below zero). A push query emits, per batch, one +I per copy a row gained and one -D per
 * copy it lost; a snapshot emits the result once, at end of input.
 *
 * <p>Chosen over a rewrite to aggregates and a row-repeating table function (Flink's plan): the
 * same counting, but one operator instead of three, no internal table function to register, and a
 * changelog of plain +I/-D rows instead of -U/+U pairs of a count that a function then expands.
 */
public final class SetOperationOperator implements Operator {
  private final List<Operator> inputs;
  private final boolean except;
  private final boolean push;
  private final List<ColumnType> types;

  /** Each distinct row's counts, one per input. */
  private final Map<RowKey, long[]> counts = new HashMap<>();

  private boolean done;

  public SetOperationOperator(
      List<Operator> inputs, boolean except, boolean push, List<ColumnType> types) {
    this.inputs = List.copyOf(inputs);
    this.except = except;
    this.push = push;
    this.types = List.copyOf(requireNonNull(types, "types is null"));
  }

  @Override
  public Batch next(MicroBatch microBatch) {
    // multiplicity of each changed row before this batch, in the order rows first changed
    Map<RowKey, Long> before = new LinkedHashMap<>();
    for (int i = 0; i < inputs.size(); i++) {
      Batch batch = inputs.get(i).next(microBatch);
      for (int r = 0; r < batch.rowCount(); r++) {
        RowKey row = RowKey.of(batch.row(r));
        long[] rowCounts = counts.get(row);
        if (!before.containsKey(row)) {
          before.put(row, rowCounts == null ? 0 : multiplicity(rowCounts));
        }
        if (rowCounts == null) {
          rowCounts = new long[inputs.size()];
          counts.put(row, rowCounts);
        }
        rowCounts[i] += batch.rowKind(r).isAdditive() ? 1 : -1;
      }
    }
    if (!push) {
      if (!microBatch.endOfInput() || done) {
        return Batch.empty(types);
      }
      done = true;
      List<Object[]> rows = new ArrayList<>();
      for (Map.Entry<RowKey, long[]> entry : counts.entrySet()) {
        for (long n = multiplicity(entry.getValue()); n > 0; n--) {
          rows.add(entry.getKey().values());
        }
      }
      counts.clear();
      return toBatch(rows, null);
    }
    List<Object[]> rows = new ArrayList<>();
    List<RowKind> kinds = new ArrayList<>();
    boolean deletes = false;
    for (Map.Entry<RowKey, Long> change : before.entrySet()) {
      long[] rowCounts = counts.get(change.getKey());
      long after = multiplicity(rowCounts);
      long delta = after - change.getValue();
      RowKind kind = delta > 0 ? RowKind.INSERT : RowKind.DELETE;
      deletes |= delta < 0;
      for (long n = Math.abs(delta); n > 0; n--) {
        rows.add(change.getKey().values());
        kinds.add(kind);
      }
      if (isEmpty(rowCounts)) {
        counts.remove(change.getKey());
      }
    }
    byte[] rowKinds = null;
    if (deletes) {
      rowKinds = new byte[kinds.size()];
      for (int r = 0; r < rowKinds.length; r++) {
        rowKinds[r] = kinds.get(r).toByte();
      }
    }
    return toBatch(rows, rowKinds);
  }

  private long multiplicity(long[] rowCounts) {
    if (except) {
      long result = rowCounts[0];
      for (int i = 1; i < rowCounts.length; i++) {
        result -= rowCounts[i];
      }
      return Math.max(0, result);
    }
    long result = Long.MAX_VALUE;
    for (long count : rowCounts) {
      result = Math.min(result, count);
    }
    return Math.max(0, result);
  }

  private static boolean isEmpty(long[] rowCounts) {
    for (long count : rowCounts) {
      if (count != 0) {
        return false;
      }
    }
    return true;
  }

  private Batch toBatch(List<Object[]> rows, byte[] kinds) {
    ColumnVector[] columns = new ColumnVector[types.size()];
    for (int c = 0; c < columns.length; c++) {
      columns[c] = ColumnVector.allocate(types.get(c), rows.size());
    }
    for (int r = 0; r < rows.size(); r++) {
      Object[] row = rows.get(r);
      for (int c = 0; c < columns.length; c++) {
        columns[c].setObject(r, row[c]);
      }
    }
    return kinds == null ? new Batch(columns, rows.size()) : new Batch(columns, rows.size(), kinds);
  }

  @Override
  public boolean isFinished() {
    if (!push) {
      return done;
    }
    for (Operator input : inputs) {
      if (!input.isFinished()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public long stateRows() {
    return counts.size() + inputs.stream().mapToLong(Operator::stateRows).sum();
  }

  @Override
  public long stateBytes() {
    return counts.size() * (48L + 24L * types.size() + 8L * inputs.size())
        + inputs.stream().mapToLong(Operator::stateBytes).sum();
  }

  @Override
  public long lateRows() {
    return inputs.stream().mapToLong(Operator::lateRows).sum();
  }

  @Override
  public void snapshotState(DataOutputStream out) throws IOException {
    out.writeInt(counts.size());
    for (Map.Entry<RowKey, long[]> entry : counts.entrySet()) {
      for (Object value : entry.getKey().values()) {
        StateSnapshots.writeValue(out, value);
      }
      for (long count : entry.getValue()) {
        out.writeLong(count);
      }
    }
  }

  @Override
  public void restoreState(DataInputStream in, StateOwnership owned) throws IOException {
    int size = in.readInt();
    for (int e = 0; e < size; e++) {
      Object[] row = new Object[types.size()];
      for (int c = 0; c < row.length; c++) {
        row[c] = StateSnapshots.readValue(in);
      }
      long[] rowCounts = new long[inputs.size()];
      for (int i = 0; i < rowCounts.length; i++) {
        rowCounts[i] = in.readLong();
      }
      if (owned.owns(row)) {
        counts.put(RowKey.of(row), rowCounts);
      }
    }
  }

  @Override
  public void close() {
    for (Operator input : inputs) {
      input.close();
    }
  }
}
