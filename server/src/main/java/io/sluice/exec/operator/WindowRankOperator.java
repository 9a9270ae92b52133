package io.sluice.exec.operator;

import static java.util.Objects.requireNonNull;

import io.sluice.error.SluiceErrors;
import io.sluice.plan.spec.RankSpec;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.changelog.RowKind;
import io.sluice.spi.type.ColumnType;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Window top-N: rows are ranked within their window and partition as they arrive, keeping only the
 * top N of each; once the watermark passes a window's end (or the input ends), its top N are
 * emitted, once, as inserts, and the window is dropped.
 */
public final class WindowRankOperator implements Operator {
  private final Operator input;
  private final RankSpec spec;
  private final int[] partitionColumns;
  private final int windowEndColumn;
  private final Comparator<Object[]> order;
  private final List<ColumnType> outputTypes;
  private final int inputWidth;

  /** Window end → partitions of the window. */
  private final TreeMap<Long, Map<RowKey, RankedRows>> windows = new TreeMap<>();

  private final boolean procTime;
  private long seq;
  private long heldRows;

  /**
   * @param procTime windows over processing time: a window closes when the wall clock passes its
   *     end (the driver runs a batch then, with or without input), not the watermark
   */
  public WindowRankOperator(
      Operator input,
      RankSpec spec,
      int windowEndColumn,
      List<ColumnType> outputTypes,
      boolean procTime) {
    this.procTime = procTime;
    this.input = requireNonNull(input, "input is null");
    this.spec = requireNonNull(spec, "spec is null");
    this.partitionColumns = spec.partitionColumns();
    this.windowEndColumn = windowEndColumn;
    this.order = RowComparators.of(spec.order());
    this.outputTypes = List.copyOf(outputTypes);
    this.inputWidth = spec.outputRankNumber() ? outputTypes.size() - 1 : outputTypes.size();
  }

  @Override
  public Batch next(MicroBatch microBatch) {
    Batch in = input.next(microBatch);
    if (in.rowKinds() != null) {
      throw SluiceErrors.unsupportedConstruct("Window top-N over an updating input");
    }
    for (Object[] row : in.rows()) {
      add(row, seq++);
    }
    RowBatches out = new RowBatches(outputTypes);
    long closed =
        microBatch.endOfInput()
            ? Long.MAX_VALUE
            : procTime ? microBatch.processingTime() : microBatch.watermarkAfter();
    Map<Long, Map<RowKey, RankedRows>> done = windows.headMap(closed, true);
    for (Map<RowKey, RankedRows> partitions : done.values()) {
      for (RankedRows partition : partitions.values()) {
        for (RankedRows.Ranked ranked : partition.ranked(spec.rankStart())) {
          out.add(RowKind.INSERT, output(ranked));
        }
        heldRows -= partition.size();
      }
    }
    done.clear();
    return out.build();
  }

  @Override
  public long nextProcessingTimer() {
    return procTime && !windows.isEmpty() ? windows.firstKey() : Long.MAX_VALUE;
  }

  private void add(Object[] row, long entrySeq) {
    Long end = (Long) row[windowEndColumn];
    RankedRows partition =
        windows
            .computeIfAbsent(end, unused -> new HashMap<>())
            .computeIfAbsent(
                RowKey.of(row, partitionColumns),
                unused -> new RankedRows(spec.function(), spec.rankEnd(), order));
    int size = partition.size();
    partition.add(new RankedRows.Entry(row, entrySeq));
    heldRows += partition.size() - size;
  }

  private Object[] output(RankedRows.Ranked ranked) {
    if (!spec.outputRankNumber()) {
      return ranked.entry().row();
    }
    Object[] row = Arrays.copyOf(ranked.entry().row(), inputWidth + 1);
    row[inputWidth] = ranked.rank();
    return row;
  }

  @Override
  public void snapshotState(DataOutputStream out) throws IOException {
    out.writeLong(seq);
    out.writeLong(heldRows);
    for (Map<RowKey, RankedRows> partitions : windows.values()) {
      for (RankedRows partition : partitions.values()) {
        for (RankedRows.Entry entry : partition.entries()) {
          out.writeLong(entry.seq());
          for (int c = 0; c < inputWidth; c++) {
            StateSnapshots.writeValue(out, entry.row()[c]);
          }
        }
      }
    }
  }

  @Override
  public void restoreState(DataInputStream in, StateOwnership owned) throws IOException {
    seq = Math.max(seq, in.readLong());
    long rows = in.readLong();
    for (long r = 0; r < rows; r++) {
      long entrySeq = in.readLong();
      Object[] row = new Object[inputWidth];
      for (int c = 0; c < inputWidth; c++) {
        row[c] = StateSnapshots.readValue(in);
      }
      if (owned.ownsRow(row, partitionColumns)) {
        add(row, entrySeq);
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
