package io.sluice.exec.aggregate;

import static java.util.Objects.requireNonNull;

import io.sluice.exec.operator.MicroBatch;
import io.sluice.exec.operator.Operator;
import io.sluice.exec.operator.RowBatches;
import io.sluice.exec.operator.RowKey;
import io.sluice.exec.operator.StateOwnership;
import io.sluice.exec.operator.StateSnapshots;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.changelog.RowKind;
import io.sluice.spi.type.ColumnType;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * Aggregates OVER a frame ending at the current row. Rows wait per partition, ordered by the order
 * column, until the watermark passes them (or, for a snapshot, the input ends); then each comes out
 * with its frame's aggregates. The accumulators of a partition hold its frame: a row entering is
 * accumulated, a row falling out of a bounded frame is retracted, so each row costs the same
 * whatever the frame's size. In a RANGE frame, peers (equal order values) enter together and share
 * one result, as SQL defines.
 */
public final class OverAggregateOperator implements Operator {
  private static final Comparator<Object> ORDER =
      Comparator.nullsFirst(
          (left, right) -> {
            @SuppressWarnings("unchecked")
            Comparable<Object> comparable = (Comparable<Object>) left;
            return comparable.compareTo(right);
          });

  private final Operator input;
  private final List<ColumnType> inputTypes;
  private final List<ColumnType> outputTypes;
  private final int[] partitionColumns;
  private final int orderColumn;
  private final boolean rowsFrame;
  private final long preceding;
  private final boolean onWatermark;
  private final boolean everyBatch;
  private final Accumulator[] accumulators;

  private final Map<RowKey, Partition> partitions = new HashMap<>();
  private final Set<Partition> waiting = new LinkedHashSet<>();
  private final ArrayDeque<Integer> freeGroups = new ArrayDeque<>();
  private int nextGroup;
  private long lateRows;
  private final int[] oneRow = new int[1];
  private final int[] oneGroup = new int[1];

  /** One partition: its rows waiting to be emitted, and the rows its accumulators hold. */
  private static final class Partition {
    final RowKey key;
    final int group;
    final TreeMap<Object, List<Object[]>> pending = new TreeMap<>(ORDER);
    ArrayDeque<Object[]> frame = new ArrayDeque<>();

    Partition(RowKey key, int group) {
      this.key = key;
      this.group = group;
    }
  }

  /**
   * @param preceding rows (ROWS) or milliseconds (RANGE) the frame reaches back; -1 unbounded
   * @param onWatermark rows are ordered by event time: emit them as the watermark passes them and
   *     drop late ones; otherwise (a snapshot ordered by another column) emit at end of input
   * @param everyBatch rows are ordered by processing time: emit each batch's rows in that batch
   * @param accumulators one per call; able to retract when the frame is bounded
   */
  public OverAggregateOperator(
      Operator input,
      List<ColumnType> inputTypes,
      List<ColumnType> outputTypes,
      int[] partitionColumns,
      int orderColumn,
      boolean rowsFrame,
      long preceding,
      boolean onWatermark,
      boolean everyBatch,
      List<Accumulator> accumulators) {
    this.input = requireNonNull(input, "input is null");
    this.inputTypes = List.copyOf(inputTypes);
    this.outputTypes = List.copyOf(outputTypes);
    this.partitionColumns = partitionColumns.clone();
    this.orderColumn = orderColumn;
    this.rowsFrame = rowsFrame;
    this.preceding = preceding;
    this.onWatermark = onWatermark;
    this.everyBatch = everyBatch;
    this.accumulators = accumulators.toArray(new Accumulator[0]);
    for (Accumulator accumulator : this.accumulators) {
      if (preceding >= 0 && !accumulator.canRetract()) {
        throw new IllegalArgumentException("a bounded frame needs accumulators that retract");
      }
    }
  }

  @Override
  public Batch next(MicroBatch microBatch) {
    Batch in = input.next(microBatch);
    long watermark = microBatch.watermarkBefore();
    for (int row = 0; row < in.rowCount(); row++) {
      Object[] values = in.row(row);
      Object order = values[orderColumn];
      if (onWatermark) {
        if (order == null) {
          continue;
        }
        if ((Long) order < watermark) {
          lateRows++;
          continue;
        }
      }
      Partition partition =
          partitions.computeIfAbsent(RowKey.of(values, partitionColumns), this::newPartition);
      partition.pending.computeIfAbsent(order, o -> new ArrayList<>(1)).add(values);
      waiting.add(partition);
    }
    if (microBatch.endOfInput() || everyBatch) {
      return emit(null);
    }
    if (!onWatermark) {
      return new Batch(emptyColumns(0), 0, null);
    }
    return emit(microBatch.watermarkAfter());
  }

  private Partition newPartition(RowKey key) {
    int group = freeGroups.isEmpty() ? nextGroup++ : freeGroups.poll();
    for (Accumulator accumulator : accumulators) {
      accumulator.ensureGroups(nextGroup);
      accumulator.reset(group);
    }
    return new Partition(key, group);
  }

  /** Emits the waiting rows ordered before {@code closedUpTo} (all of them when null). */
  private Batch emit(Long closedUpTo) {
    RowBatches work = new RowBatches(inputTypes);
    List<Partition> ready = new ArrayList<>();
    List<List<List<Object[]>>> peersOf = new ArrayList<>();
    int outputRows = 0;
    for (Iterator<Partition> it = waiting.iterator(); it.hasNext(); ) {
      Partition partition = it.next();
      NavigableMap<Object, List<Object[]>> due =
          closedUpTo == null ? partition.pending : partition.pending.headMap(closedUpTo, false);
      if (due.isEmpty()) {
        continue;
      }
      for (Object[] row : partition.frame) {
        work.add(RowKind.INSERT, row);
      }
      List<List<Object[]>> peers = new ArrayList<>(due.values());
      for (List<Object[]> group : peers) {
        for (Object[] row : group) {
          work.add(RowKind.INSERT, row);
          outputRows++;
        }
      }
      due.clear();
      if (partition.pending.isEmpty()) {
        it.remove();
      }
      ready.add(partition);
      peersOf.add(peers);
    }
    ColumnVector[] columns = emptyColumns(outputRows);
    if (outputRows == 0) {
      return new Batch(columns, 0, null);
    }
    Batch rows = work.build();
    int position = 0;
    int out = 0;
    for (int p = 0; p < ready.size(); p++) {
      Partition partition = ready.get(p);
      ArrayDeque<Integer> held = new ArrayDeque<>();
      for (int i = 0; i < partition.frame.size(); i++) {
        held.addLast(position++);
      }
      for (List<Object[]> peers : peersOf.get(p)) {
        int first = position;
        for (int i = 0; i < peers.size(); i++) {
          int row = position++;
          accumulate(row, partition.group, rows);
          if (preceding >= 0) {
            held.addLast(row);
          }
          if (rowsFrame) {
            while (preceding >= 0 && held.size() > preceding + 1) {
              retract(held.removeFirst(), partition.group, rows);
            }
            out = write(rows, row, partition.group, columns, out);
          }
        }
        if (!rowsFrame) {
          if (preceding >= 0) {
            long lower = (Long) peers.get(0)[orderColumn] - preceding;
            while (!held.isEmpty() && orderOf(rows, held.peekFirst()) < lower) {
              retract(held.removeFirst(), partition.group, rows);
            }
          }
          for (int row = first; row < position; row++) {
            out = write(rows, row, partition.group, columns, out);
          }
        }
      }
      ArrayDeque<Object[]> frame = new ArrayDeque<>(held.size());
      for (int row : held) {
        frame.addLast(rows.row(row));
      }
      partition.frame = frame;
    }
    return new Batch(columns, out, null);
  }

  private ColumnVector[] emptyColumns(int capacity) {
    ColumnVector[] columns = new ColumnVector[outputTypes.size()];
    for (int c = 0; c < columns.length; c++) {
      columns[c] = ColumnVector.allocate(outputTypes.get(c), capacity);
    }
    return columns;
  }

  private long orderOf(Batch rows, int row) {
    return (Long) rows.column(orderColumn).getObject(row);
  }

  private void accumulate(int row, int group, Batch rows) {
    oneRow[0] = row;
    oneGroup[0] = group;
    for (Accumulator accumulator : accumulators) {
      accumulator.accumulate(rows, oneRow, oneGroup, 1);
    }
  }

  private void retract(int row, int group, Batch rows) {
    oneRow[0] = row;
    oneGroup[0] = group;
    for (Accumulator accumulator : accumulators) {
      accumulator.retract(rows, oneRow, oneGroup, 1);
    }
  }

  /** Writes input row {@code row} and its frame's aggregates as output row {@code out}. */
  private int write(Batch rows, int row, int group, ColumnVector[] columns, int out) {
    int inputColumns = inputTypes.size();
    for (int c = 0; c < inputColumns; c++) {
      columns[c].setObject(out, rows.column(c).getObject(row));
    }
    for (int a = 0; a < accumulators.length; a++) {
      accumulators[a].write(group, columns[inputColumns + a], out);
    }
    return out + 1;
  }

  @Override
  public void snapshotState(DataOutputStream out) throws IOException {
    out.writeInt(partitions.size());
    for (Partition partition : partitions.values()) {
      StateSnapshots.writeRow(out, partition.key.values());
      for (Accumulator accumulator : accumulators) {
        accumulator.writeState(out, partition.group);
      }
      out.writeInt(partition.frame.size());
      for (Object[] row : partition.frame) {
        StateSnapshots.writeRow(out, row);
      }
      int pending = 0;
      for (List<Object[]> rows : partition.pending.values()) {
        pending += rows.size();
      }
      out.writeInt(pending);
      for (List<Object[]> rows : partition.pending.values()) {
        for (Object[] row : rows) {
          StateSnapshots.writeRow(out, row);
        }
      }
    }
  }

  @Override
  public void restoreState(DataInputStream in, StateOwnership owned) throws IOException {
    int count = in.readInt();
    for (int p = 0; p < count; p++) {
      Object[] keyValues = StateSnapshots.readRow(in);
      if (!owned.owns(keyValues)) {
        for (Accumulator accumulator : accumulators) {
          accumulator.skipState(in, nextGroup);
        }
        for (int rows = in.readInt(), i = 0; i < rows; i++) {
          StateSnapshots.readRow(in);
        }
        for (int rows = in.readInt(), i = 0; i < rows; i++) {
          StateSnapshots.readRow(in);
        }
        continue;
      }
      RowKey key = RowKey.of(keyValues);
      Partition partition = newPartition(key);
      partitions.put(key, partition);
      for (Accumulator accumulator : accumulators) {
        accumulator.readState(in, partition.group);
      }
      int frame = in.readInt();
      for (int i = 0; i < frame; i++) {
        partition.frame.addLast(StateSnapshots.readRow(in));
      }
      int pending = in.readInt();
      for (int i = 0; i < pending; i++) {
        Object[] row = StateSnapshots.readRow(in);
        partition.pending.computeIfAbsent(row[orderColumn], o -> new ArrayList<>(1)).add(row);
      }
      if (pending > 0) {
        waiting.add(partition);
      }
    }
  }

  @Override
  public long stateRows() {
    long rows = 0;
    for (Partition partition : partitions.values()) {
      rows += partition.frame.size() + 1;
      for (List<Object[]> pending : partition.pending.values()) {
        rows += pending.size();
      }
    }
    return rows + input.stateRows();
  }

  @Override
  public long stateBytes() {
    long bytes = 0;
    for (Partition partition : partitions.values()) {
      for (Accumulator accumulator : accumulators) {
        bytes += accumulator.bytesPerGroup(partition.group);
      }
    }
    return bytes + 64L * (stateRows() - input.stateRows()) * inputTypes.size() + input.stateBytes();
  }

  @Override
  public long lateRows() {
    return lateRows + input.lateRows();
  }

  @Override
  public void close() {
    input.close();
  }
}
