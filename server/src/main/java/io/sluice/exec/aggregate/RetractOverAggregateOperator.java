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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Aggregates OVER a frame ending at the current row, over an updating input (a top-N, an aggregate,
 * an outer join): each partition keeps its current rows in order (by the order column, peers in
 * arrival order) with the result last emitted for each. A row coming in is +I with its frame's
 * aggregates; a row retracted (-U, -D) goes out as -D of its last result; every later row whose
 * frame changed is updated (-U of its last result, +U of the new one). Only the rows a change can
 * reach are recomputed: the {@code n} following rows of a ROWS frame, the rest of the partition for
 * RANGE and unbounded frames.
 */
public final class RetractOverAggregateOperator implements Operator {
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
  private final Accumulator[] accumulators;
  private final int[] oneRow = new int[1];
  private final int[] oneGroup = new int[1];

  private final Map<RowKey, Partition> partitions = new HashMap<>();
  private long seq;
  private long heldRows;
  private long unknownRetractions;

  /** A row held, its arrival number (orders peers) and the output row last emitted for it. */
  private static final class Entry {
    final Object[] row;
    final long seq;
    Object[] emitted;

    Entry(Object[] row, long seq) {
      this.row = row;
      this.seq = seq;
    }
  }

  /** A partition's rows in order, and the span of order values a batch changed. */
  private static final class Partition {
    final RowKey key;
    final List<Entry> entries = new ArrayList<>();
    boolean changed;
    Object lowestChange;
    Object highestChange;

    Partition(RowKey key) {
      this.key = key;
    }
  }

  /**
   * @param preceding rows (ROWS) or milliseconds (RANGE) the frame reaches back; -1 unbounded
   * @param accumulators one per call, able to retract
   */
  public RetractOverAggregateOperator(
      Operator input,
      List<ColumnType> inputTypes,
      List<ColumnType> outputTypes,
      int[] partitionColumns,
      int orderColumn,
      boolean rowsFrame,
      long preceding,
      List<Accumulator> accumulators) {
    this.input = requireNonNull(input, "input is null");
    this.inputTypes = List.copyOf(inputTypes);
    this.outputTypes = List.copyOf(outputTypes);
    this.partitionColumns = partitionColumns.clone();
    this.orderColumn = orderColumn;
    this.rowsFrame = rowsFrame;
    this.preceding = preceding;
    this.accumulators = accumulators.toArray(new Accumulator[0]);
    for (Accumulator accumulator : this.accumulators) {
      if (!accumulator.canRetract()) {
        throw new IllegalArgumentException("an OVER over updates needs accumulators that retract");
      }
      accumulator.ensureGroups(1);
    }
  }

  /** Retracted rows that were not held (a retraction of a row never received). */
  public long unknownRetractions() {
    return unknownRetractions;
  }

  @Override
  public Batch next(MicroBatch microBatch) {
    Batch in = input.next(microBatch);
    RowBatches out = new RowBatches(outputTypes);
    List<Partition> touched = new ArrayList<>();
    List<Object[]> rows = in.rows();
    for (int r = 0; r < rows.size(); r++) {
      Object[] row = rows.get(r);
      RowKey key = RowKey.of(row, partitionColumns);
      Partition partition = partitions.get(key);
      if (!in.rowKind(r).isAdditive()) {
        Entry removed = partition == null ? null : remove(partition, row);
        if (removed == null) {
          unknownRetractions++;
          continue;
        }
        heldRows--;
        if (removed.emitted != null) {
          out.add(RowKind.DELETE, removed.emitted);
        }
      } else {
        if (partition == null) {
          partition = new Partition(key);
          partitions.put(key, partition);
        }
        insert(partition, new Entry(row, seq++));
        heldRows++;
      }
      if (!partition.changed) {
        partition.changed = true;
        partition.lowestChange = row[orderColumn];
        partition.highestChange = row[orderColumn];
        touched.add(partition);
      } else {
        if (ORDER.compare(row[orderColumn], partition.lowestChange) < 0) {
          partition.lowestChange = row[orderColumn];
        }
        if (ORDER.compare(row[orderColumn], partition.highestChange) > 0) {
          partition.highestChange = row[orderColumn];
        }
      }
    }
    for (Partition partition : touched) {
      partition.changed = false;
      if (partition.entries.isEmpty()) {
        partitions.remove(partition.key);
        continue;
      }
      recompute(partition, out);
    }
    return out.build();
  }

  /** First index whose order value is not before {@code order}. */
  private int lowerBound(List<Entry> entries, Object order) {
    int low = 0;
    int high = entries.size();
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (ORDER.compare(entries.get(middle).row[orderColumn], order) < 0) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  /** First index whose order value is after {@code order}. */
  private int upperBound(List<Entry> entries, Object order) {
    int low = 0;
    int high = entries.size();
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (ORDER.compare(entries.get(middle).row[orderColumn], order) <= 0) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  /** After every peer: ties keep arrival order. */
  private void insert(Partition partition, Entry entry) {
    partition.entries.add(upperBound(partition.entries, entry.row[orderColumn]), entry);
  }

  /** Takes out a held row equal to {@code row} in every column, or returns null. */
  private Entry remove(Partition partition, Object[] row) {
    List<Entry> entries = partition.entries;
    for (int i = lowerBound(entries, row[orderColumn]); i < entries.size(); i++) {
      Entry entry = entries.get(i);
      if (ORDER.compare(entry.row[orderColumn], row[orderColumn]) != 0) {
        return null;
      }
      if (sameValues(entry.row, row)) {
        return entries.remove(i);
      }
    }
    return null;
  }

  private boolean sameValues(Object[] held, Object[] row) {
    for (int c = 0; c < inputTypes.size(); c++) {
      if (!Objects.equals(held[c], row[c])) {
        return false;
      }
    }
    return true;
  }

  /** Recomputes the rows a batch's changes reach and emits those whose result changed. */
  private void recompute(Partition partition, RowBatches out) {
    List<Entry> entries = partition.entries;
    int from = lowerBound(entries, partition.lowestChange);
    int to = entries.size() - 1;
    if (rowsFrame && preceding >= 0) {
      long reach = (long) upperBound(entries, partition.highestChange) - 1 + preceding;
      to = (int) Math.min(to, reach);
    }
    if (from > to) {
      return;
    }
    int start;
    if (rowsFrame) {
      start = preceding >= 0 ? (int) Math.max(0, from - preceding) : 0;
    } else {
      Object fromOrder = entries.get(from).row[orderColumn];
      start =
          preceding >= 0 && fromOrder != null
              ? lowerBound(entries, (Long) fromOrder - preceding)
              : 0;
    }
    RowBatches frameRows = new RowBatches(inputTypes);
    for (int i = start; i <= to; i++) {
      frameRows.add(RowKind.INSERT, entries.get(i).row);
    }
    Batch batch = frameRows.build();
    ColumnVector[] results = new ColumnVector[accumulators.length];
    int inputWidth = inputTypes.size();
    for (int a = 0; a < accumulators.length; a++) {
      accumulators[a].reset(0);
      results[a] = ColumnVector.allocate(outputTypes.get(inputWidth + a), to - from + 1);
    }
    if (rowsFrame) {
      int head = start;
      for (int i = start; i <= to; i++) {
        apply(batch, i - start, true);
        if (preceding >= 0 && i - head > preceding) {
          apply(batch, head - start, false);
          head++;
        }
        if (i >= from) {
          write(results, i - from);
        }
      }
    } else {
      int head = start;
      int i = start;
      while (i <= to) {
        Object order = entries.get(i).row[orderColumn];
        int last = i;
        while (last + 1 <= to
            && ORDER.compare(entries.get(last + 1).row[orderColumn], order) == 0) {
          last++;
        }
        for (int k = i; k <= last; k++) {
          apply(batch, k - start, true);
        }
        if (preceding >= 0 && order != null) {
          long lower = (Long) order - preceding;
          while (head <= last
              && (entries.get(head).row[orderColumn] == null
                  || (Long) entries.get(head).row[orderColumn] < lower)) {
            apply(batch, head - start, false);
            head++;
          }
        }
        for (int k = i; k <= last; k++) {
          if (k >= from) {
            write(results, k - from);
          }
        }
        i = last + 1;
      }
    }
    for (int i = from; i <= to; i++) {
      Entry entry = entries.get(i);
      Object[] result = Arrays.copyOf(entry.row, outputTypes.size());
      for (int a = 0; a < accumulators.length; a++) {
        result[inputWidth + a] = results[a].getObject(i - from);
      }
      if (entry.emitted == null) {
        out.add(RowKind.INSERT, result);
      } else if (!Arrays.equals(entry.emitted, result)) {
        out.add(RowKind.UPDATE_BEFORE, entry.emitted);
        out.add(RowKind.UPDATE_AFTER, result);
      } else {
        continue;
      }
      entry.emitted = result;
    }
  }

  private void apply(Batch batch, int row, boolean add) {
    oneRow[0] = row;
    oneGroup[0] = 0;
    for (Accumulator accumulator : accumulators) {
      if (add) {
        accumulator.accumulate(batch, oneRow, oneGroup, 1);
      } else {
        accumulator.retract(batch, oneRow, oneGroup, 1);
      }
    }
  }

  private void write(ColumnVector[] results, int row) {
    for (int a = 0; a < accumulators.length; a++) {
      accumulators[a].write(0, results[a], row);
    }
  }

  @Override
  public void snapshotState(DataOutputStream out) throws IOException {
    out.writeLong(seq);
    out.writeInt(partitions.size());
    for (Partition partition : partitions.values()) {
      out.writeInt(partition.entries.size());
      for (Entry entry : partition.entries) {
        out.writeLong(entry.seq);
        StateSnapshots.writeRow(out, entry.row);
        out.writeBoolean(entry.emitted != null);
        if (entry.emitted != null) {
          StateSnapshots.writeRow(out, entry.emitted);
        }
      }
    }
  }

  @Override
  public void restoreState(DataInputStream in, StateOwnership owned) throws IOException {
    // entries of every section are ordered by one sequence, so it goes on after the highest
    seq = Math.max(seq, in.readLong());
    int count = in.readInt();
    for (int p = 0; p < count; p++) {
      List<Entry> entries = new ArrayList<>();
      int rows = in.readInt();
      for (int r = 0; r < rows; r++) {
        long entrySeq = in.readLong();
        Entry entry = new Entry(StateSnapshots.readRow(in), entrySeq);
        if (in.readBoolean()) {
          entry.emitted = StateSnapshots.readRow(in);
        }
        entries.add(entry);
      }
      if (!entries.isEmpty() && owned.ownsRow(entries.get(0).row, partitionColumns)) {
        Partition partition = new Partition(RowKey.of(entries.get(0).row, partitionColumns));
        partition.entries.addAll(entries);
        partitions.put(partition.key, partition);
        heldRows += rows;
      }
    }
  }

  @Override
  public long stateRows() {
    return heldRows + input.stateRows();
  }

  @Override
  public long stateBytes() {
    return 2 * 48L * heldRows * Math.max(1, outputTypes.size()) + input.stateBytes();
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
