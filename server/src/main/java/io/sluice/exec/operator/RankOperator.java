package io.sluice.exec.operator;

import static java.util.Objects.requireNonNull;

import io.sluice.error.SluiceErrors;
import io.sluice.plan.spec.OutputMode;
import io.sluice.plan.spec.RankSpec;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.batch.LongVector;
import io.sluice.spi.changelog.RowKind;
import io.sluice.spi.type.ColumnType;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Top-N: each partition's best rows, and each batch the change of the partitions it touched.
 * Numbered by ROW_NUMBER with the rank selected, a rank whose row changes is an update of that rank
 * (+U, after -U when asked); otherwise rows entering the top N are +I and rows leaving it -D. In a
 * snapshot query the top N of every partition is emitted once, at end of input. Over inserts a
 * partition keeps only its top N; over an updating input (a retract rank, as Flink's) it keeps
 * every row, since a -U or -D of a ranked row lets the next one in.
 */
public final class RankOperator implements Operator {
  private final Operator input;
  private final RankSpec spec;
  private final int[] partitionColumns;
  private final Comparator<Object[]> order;
  private final List<ColumnType> outputTypes;
  private final int inputWidth;
  private final OutputMode mode;
  private final boolean updateBefore;
  private final long stateTtlMillis;
  private final boolean retract;

  /**
   * Partitions by key, least recently touched first when there is a {@code state.ttl} (without one
   * the order is never read, and keeping it would relink an entry for every row).
   */
  private final LinkedHashMap<RowKey, RankedRows> partitions;

  /**
   * The same partitions by their key's long value, when the partition key is one column stored as
   * longs and there is no {@code state.ttl}: a lookup without a key object per row; else null.
   */
  private final Long2ObjectOpenHashMap<RankedRows> partitionsByLong;

  /** The partition and ORDER BY columns: what a row is first read for. */
  private final int[] rankColumns;

  private final boolean[] isRankColumn;

  private long seq;
  private long heldRows;
  private long unknownRetractions;

  /**
   * @param retract the input updates or deletes rows it emitted: keep every row, and take the ones
   *     retracted (-U, -D) back out
   */
  public RankOperator(
      Operator input,
      RankSpec spec,
      List<ColumnType> outputTypes,
      OutputMode mode,
      boolean updateBefore,
      long stateTtlMillis,
      boolean retract) {
    this.input = requireNonNull(input, "input is null");
    this.spec = requireNonNull(spec, "spec is null");
    this.partitionColumns = spec.partitionColumns();
    this.order = RowComparators.of(spec.order());
    java.util.SortedSet<Integer> ranked = new java.util.TreeSet<>();
    for (int column : partitionColumns) {
      ranked.add(column);
    }
    spec.order().forEach(field -> ranked.add(field.column()));
    this.rankColumns = ranked.stream().mapToInt(Integer::intValue).toArray();
    this.outputTypes = List.copyOf(outputTypes);
    this.inputWidth = spec.outputRankNumber() ? outputTypes.size() - 1 : outputTypes.size();
    this.isRankColumn = new boolean[inputWidth];
    for (int column : rankColumns) {
      isRankColumn[column] = true;
    }
    this.mode = requireNonNull(mode, "mode is null");
    this.updateBefore = updateBefore;
    this.stateTtlMillis = stateTtlMillis;
    this.retract = retract;
    this.partitions = new LinkedHashMap<>(16, 0.75f, stateTtlMillis > 0);
    this.partitionsByLong =
        partitionColumns.length == 1
                && stateTtlMillis <= 0
                && outputTypes.get(partitionColumns[0]).vectorKind() == ColumnType.VectorKind.LONG
            ? new Long2ObjectOpenHashMap<>()
            : null;
  }

  private RankedRows newPartition() {
    return new RankedRows(spec.function(), spec.rankEnd(), order, retract);
  }

  /** Retracted rows that were not held (their partition expired by {@code state.ttl}). */
  public long unknownRetractions() {
    return unknownRetractions;
  }

  @Override
  public Batch next(MicroBatch microBatch) {
    Batch in = input.next(microBatch);
    if (in.rowKinds() != null && !retract) {
      throw SluiceErrors.unsupportedConstruct("Top-N over an updating input");
    }
    long now = microBatch.processingTime();
    // Expired state is gone before the batch looks at it: a partition idle past the TTL starts
    // over.
    expire(now);
    List<RankedRows> touched = new ArrayList<>();
    ColumnVector longKeys = partitionsByLong == null ? null : in.column(partitionColumns[0]);
    Object[] row = new Object[inputWidth];
    for (int r = 0; r < in.rowCount(); r++) {
      // only the columns that decide whether the row enters its partition's top N, at first:
      // most rows of a busy partition do not, and need no more (nor an array of their own)
      for (int column : rankColumns) {
        row[column] = in.column(column).getObject(r);
      }
      boolean byLong = longKeys != null && !longKeys.isNull(r);
      long longKey = byLong ? ((LongVector) longKeys).get(r) : 0;
      RankedRows partition = byLong ? partitionsByLong.get(longKey) : partitions.get(keyOf(row));
      boolean retraction = in.rowKinds() != null && !in.rowKind(r).isAdditive();
      if (partition == null) {
        if (retraction) {
          // as Flink's retract rank: state expired under it; the row is not there to take out
          unknownRetractions++;
          continue;
        }
        partition = newPartition();
        partitions.put(keyOf(row), partition);
        if (byLong) {
          partitionsByLong.put(longKey, partition);
        }
      }
      partition.lastAccess = now;
      if (!retraction && !partition.admits(row)) {
        // most rows of a busy partition rank past its full top N: nothing to diff or emit
        continue;
      }
      Object[] admitted = row;
      row = new Object[inputWidth];
      fillOtherColumns(in, r, admitted);
      if (mode != OutputMode.FINAL && partition.rankedBefore == null) {
        partition.rankedBefore = partition.ranked(spec.rankStart());
        touched.add(partition);
      }
      int size = partition.size();
      if (retraction) {
        if (!partition.remove(admitted)) {
          unknownRetractions++;
        }
      } else {
        partition.add(new RankedRows.Entry(admitted, seq++));
      }
      heldRows += partition.size() - size;
    }
    return emit(microBatch, touched);
  }

  private RowKey keyOf(Object[] row) {
    return RowKey.of(row, partitionColumns);
  }

  /** Reads the columns of row {@code r} that the admission check did not. */
  private void fillOtherColumns(Batch in, int r, Object[] row) {
    for (int column = 0; column < row.length; column++) {
      if (!isRankColumn[column]) {
        row[column] = in.column(column).getObject(r);
      }
    }
  }

  /** The batch's output: the changes of the partitions it touched, or all ranks at the end. */
  private Batch emit(MicroBatch microBatch, List<RankedRows> touched) {
    RowBatches out = new RowBatches(outputTypes);
    if (mode == OutputMode.FINAL) {
      if (microBatch.endOfInput()) {
        for (RankedRows partition : partitions.values()) {
          for (RankedRows.Ranked ranked : partition.ranked(spec.rankStart())) {
            out.add(RowKind.INSERT, output(ranked));
          }
        }
      }
      return out.build();
    }
    for (RankedRows partition : touched) {
      emitChanges(partition.rankedBefore, partition.ranked(spec.rankStart()), out);
      partition.rankedBefore = null;
    }
    return out.build();
  }

  private void emitChanges(
      List<RankedRows.Ranked> before, List<RankedRows.Ranked> after, RowBatches out) {
    if (spec.outputRankNumber() && spec.function() == RankSpec.Function.ROW_NUMBER) {
      // ranks are positions: the row at a rank changed, arrived or left
      for (int i = 0; i < Math.max(before.size(), after.size()); i++) {
        RankedRows.Ranked old = i < before.size() ? before.get(i) : null;
        RankedRows.Ranked now = i < after.size() ? after.get(i) : null;
        if (old != null && now != null && old.entry().seq() == now.entry().seq()) {
          continue;
        }
        if (old != null && now != null) {
          if (updateBefore) {
            out.add(RowKind.UPDATE_BEFORE, output(old));
          }
          out.add(RowKind.UPDATE_AFTER, output(now));
        } else if (now != null) {
          out.add(RowKind.INSERT, output(now));
        } else {
          out.add(RowKind.DELETE, output(old));
        }
      }
      return;
    }
    for (RankedRows.Ranked old : before) {
      if (!contains(after, old)) {
        out.add(RowKind.DELETE, output(old));
      }
    }
    for (RankedRows.Ranked now : after) {
      if (!contains(before, now)) {
        out.add(RowKind.INSERT, output(now));
      }
    }
  }

  private boolean contains(List<RankedRows.Ranked> rows, RankedRows.Ranked wanted) {
    for (RankedRows.Ranked row : rows) {
      if (row.entry().seq() == wanted.entry().seq()
          && (!spec.outputRankNumber() || row.rank() == wanted.rank())) {
        return true;
      }
    }
    return false;
  }

  private Object[] output(RankedRows.Ranked ranked) {
    if (!spec.outputRankNumber()) {
      return ranked.entry().row();
    }
    Object[] row = java.util.Arrays.copyOf(ranked.entry().row(), inputWidth + 1);
    row[inputWidth] = ranked.rank();
    return row;
  }

  /** Forgets partitions idle for longer than {@code state.ttl}. */
  private void expire(long now) {
    if (stateTtlMillis <= 0) {
      return;
    }
    Iterator<RankedRows> iterator = partitions.values().iterator();
    while (iterator.hasNext()) {
      RankedRows partition = iterator.next();
      if (now - partition.lastAccess <= stateTtlMillis) {
        break;
      }
      heldRows -= partition.size();
      iterator.remove();
    }
  }

  @Override
  public void snapshotState(DataOutputStream out) throws IOException {
    out.writeLong(seq);
    out.writeInt(partitions.size());
    for (RankedRows partition : partitions.values()) {
      out.writeLong(partition.lastAccess);
      out.writeInt(partition.size());
      for (RankedRows.Entry entry : partition.entries()) {
        out.writeLong(entry.seq());
        for (int c = 0; c < inputWidth; c++) {
          StateSnapshots.writeValue(out, entry.row()[c]);
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
      RankedRows partition = newPartition();
      partition.lastAccess = in.readLong();
      int rows = in.readInt();
      RowKey key = null;
      for (int r = 0; r < rows; r++) {
        long entrySeq = in.readLong();
        Object[] row = new Object[inputWidth];
        for (int c = 0; c < inputWidth; c++) {
          row[c] = StateSnapshots.readValue(in);
        }
        partition.entries().add(new RankedRows.Entry(row, entrySeq));
        key = RowKey.of(row, partitionColumns);
      }
      if (key != null && owned.owns(key.values())) {
        partitions.put(key, partition);
        if (partitionsByLong != null && key.values()[0] instanceof Number value) {
          partitionsByLong.put(value.longValue(), partition);
        }
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
    return 48L * heldRows * Math.max(1, inputWidth) + input.stateBytes();
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
