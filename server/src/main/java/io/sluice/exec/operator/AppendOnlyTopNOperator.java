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
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Top-N by {@code ROW_NUMBER} over an insert-only input (Flink's append-only top-N): each partition
 * keeps only its N best rows, held in column vectors by slot ({@link RowStore}), its partition
 * found from the batch's vectors ({@link VectorKeyTable}) and a row compared where it lies ({@link
 * VectorOrder}), so a row that does not enter its partition's top N costs a lookup and a
 * comparison, with nothing boxed; a row that enters is copied into the store only if it is still
 * ranked at the end of its batch. Emits what {@link RankOperator} emits for such a top-N, batch by
 * batch, and reads and writes its checkpoint format.
 */
public final class AppendOnlyTopNOperator implements Operator {
  private final Operator input;
  private final RankSpec spec;
  private final List<ColumnType> outputTypes;
  private final List<ColumnType> inputTypes;
  private final int inputWidth;
  private final OutputMode mode;
  private final boolean updateBefore;
  private final long stateTtlMillis;
  private final int rankEnd;
  private final VectorOrder order;

  // the partition key's columns in the input, their positions in partitionKeys (0, 1, …), and the
  // input's key vectors while a new partition's key is copied
  private final int[] keyColumns;
  private final int[] keyPositions;
  private final ColumnVector[] keyVectors;

  /** Each partition's key, in slot i of partition i. */
  private final RowStore partitionKeys;

  private final VectorKeyTable partitions;
  // per partition: its entries' slots in rank order, how many, when last touched
  private int[][] ranked = new int[16][];
  private int[] sizes = new int[16];
  private long[] lastAccess = new long[16];
  // per partition: the batch it was last touched in, and where its entries before that batch are
  private int[] touchedInBatch = new int[16];
  private int[] beforeStart = new int[16];
  private int[] beforeSize = new int[16];

  /** The rows held, in slots, and the arrival number of each (earlier first among peers). */
  private final RowStore entries;

  private long[] entrySeq = new long[16];
  private int[] freeEntries = new int[16];
  private int freeEntryCount;
  private int nextEntry;

  // the batch's touched partitions in the order first touched; their entries before the batch,
  // one after the other; entries that left a top N during the batch, freed once it is emitted
  private int[] touched = new int[16];
  private int touchedCount;
  private int[] before = new int[16];
  private int beforeCount;
  private int[] leaving = new int[16];
  private int leavingCount;
  private int batchNumber;

  private long seq;
  private long heldRows;

  /** With a {@code state.ttl}: the partitions, least recently touched first; else null. */
  private final SlotLru recency;

  public AppendOnlyTopNOperator(
      Operator input,
      RankSpec spec,
      List<ColumnType> outputTypes,
      OutputMode mode,
      boolean updateBefore,
      long stateTtlMillis) {
    this.input = requireNonNull(input, "input is null");
    this.spec = requireNonNull(spec, "spec is null");
    if (!supports(spec)) {
      throw new IllegalArgumentException("not an append-only ROW_NUMBER top-N: " + spec);
    }
    this.outputTypes = List.copyOf(outputTypes);
    this.inputWidth = spec.outputRankNumber() ? outputTypes.size() - 1 : outputTypes.size();
    this.inputTypes = this.outputTypes.subList(0, inputWidth);
    this.mode = requireNonNull(mode, "mode is null");
    this.updateBefore = updateBefore;
    this.stateTtlMillis = stateTtlMillis;
    this.rankEnd = (int) spec.rankEnd();
    this.order = new VectorOrder(spec.order());
    this.keyColumns = spec.partitionColumns();
    this.keyPositions = new int[keyColumns.length];
    this.keyVectors = new ColumnVector[keyColumns.length];
    List<ColumnType> keyTypes = new ArrayList<>();
    for (int k = 0; k < keyColumns.length; k++) {
      keyPositions[k] = k;
      keyTypes.add(inputTypes.get(keyColumns[k]));
    }
    this.partitionKeys = new RowStore(keyTypes);
    this.partitions = new VectorKeyTable(partitionKeys, keyPositions, keyColumns);
    this.entries = new RowStore(inputTypes);
    this.recency = stateTtlMillis > 0 ? new SlotLru() : null;
  }

  /**
   * Whether this operator computes {@code spec} (else {@link RankOperator} does): ROW_NUMBER up to
   * a rank an array can index; the input must be insert-only too.
   */
  public static boolean supports(RankSpec spec) {
    return spec.function() == RankSpec.Function.ROW_NUMBER
        && spec.rankEnd() < Integer.MAX_VALUE / 2;
  }

  @Override
  public Batch next(MicroBatch microBatch) {
    Batch in = input.next(microBatch);
    if (in.rowKinds() != null) {
      throw SluiceErrors.unsupportedConstruct("Top-N over an updating input");
    }
    long now = microBatch.processingTime();
    // Expired state is gone before the batch looks at it: a partition idle past the TTL starts
    // over.
    expire(now);
    batchNumber++;
    touchedCount = 0;
    beforeCount = 0;
    leavingCount = 0;
    ColumnVector[] columns = keyAndOrderColumns(in);
    ColumnVector[] held = entries.columns();
    // An entry that arrives in this batch stays a reference to its batch row (~row) until the end
    // of the batch: of the rows that enter a busy partition, most are pushed out again within the
    // same batch, and only those still ranked at its end are copied into the store.
    for (int r = 0; r < in.rowCount(); r++) {
      int hash = partitions.hash(columns, r);
      int partition = partitions.find(columns, r, hash);
      if (partition < 0) {
        partition = newPartition(columns, r, hash);
      }
      lastAccess[partition] = now;
      if (recency != null) {
        recency.touch(partition);
      }
      int size = sizes[partition];
      int[] rows = ranked[partition];
      // most rows of a busy partition rank past its full top N: nothing to hold or emit; a row
      // equal to the last ranks after it, arriving later
      if (size == rankEnd) {
        int last = rows[size - 1];
        if (last >= 0
            ? order.compare(columns, r, held, last) >= 0
            : order.compare(columns, r, columns, ~last) >= 0) {
          continue;
        }
      }
      if (touchedInBatch[partition] != batchNumber) {
        touch(partition);
        rows = ranked[partition];
      }
      // after every row equal to it: ties keep arrival order
      int low = 0;
      int high = size;
      while (low < high) {
        int middle = (low + high) >>> 1;
        int ref = rows[middle];
        if (ref >= 0
            ? order.compare(held, ref, columns, r) <= 0
            : order.compare(columns, ~ref, columns, r) <= 0) {
          low = middle + 1;
        } else {
          high = middle;
        }
      }
      if (size == rankEnd) {
        if (rows[size - 1] >= 0) {
          leave(rows[size - 1]);
        }
        size--;
        heldRows--;
      } else if (size == rows.length) {
        rows = Arrays.copyOf(rows, Math.min(rankEnd, Math.max(4, size * 2)));
        ranked[partition] = rows;
      }
      System.arraycopy(rows, low, rows, low + 1, size - low);
      rows[low] = ~r;
      sizes[partition] = size + 1;
      heldRows++;
    }
    // the rows the batch's ~row refs point at: every column of the few rows still ranked
    Batch rows = in.hasDeferredColumns() ? entering(in) : in;
    Batch out = mode == OutputMode.FINAL ? finalRows(microBatch, rows) : changes(rows);
    store(rows.columns(), rows.rowCount());
    for (int i = 0; i < leavingCount; i++) {
      freeEntry(leaving[i]);
    }
    return out;
  }

  /**
   * The input's columns a row's partition and rank are found by; the others only where the input
   * has them at hand (a deferred column, a join's, is read later for the rows still ranked).
   */
  private ColumnVector[] keyAndOrderColumns(Batch in) {
    if (!in.hasDeferredColumns()) {
      return in.columns();
    }
    return Batches.readColumns(in, keyColumns, order.columns());
  }

  /**
   * The rows of {@code in} still ranked after it, in arrival order, as a batch of their own, with
   * the ranked refs to them (~row) renumbered into it: the deferred columns are read for these rows
   * only.
   */
  private Batch entering(Batch in) {
    int[] position = new int[in.rowCount()];
    for (int t = 0; t < touchedCount; t++) {
      int partition = touched[t];
      int[] refs = ranked[partition];
      for (int i = 0; i < sizes[partition]; i++) {
        if (refs[i] < 0) {
          position[~refs[i]] = 1;
        }
      }
    }
    int count = 0;
    for (int row = 0; row < position.length; row++) {
      if (position[row] != 0) {
        position[row] = count++;
      } else {
        position[row] = -1;
      }
    }
    int[] rows = new int[count];
    for (int row = 0; row < position.length; row++) {
      if (position[row] >= 0) {
        rows[position[row]] = row;
      }
    }
    for (int t = 0; t < touchedCount; t++) {
      int partition = touched[t];
      int[] refs = ranked[partition];
      for (int i = 0; i < sizes[partition]; i++) {
        if (refs[i] < 0) {
          refs[i] = ~position[~refs[i]];
        }
      }
    }
    return Batches.select(in, rows, count);
  }

  private int newPartition(ColumnVector[] columns, int row, int hash) {
    int partition = partitions.add(hash);
    ensurePartition(partition);
    for (int k = 0; k < keyColumns.length; k++) {
      keyVectors[k] = columns[keyColumns[k]];
    }
    partitionKeys.copyColumns(keyVectors, row, partition, keyPositions);
    ranked[partition] = new int[Math.min(rankEnd, 4)];
    sizes[partition] = 0;
    touchedInBatch[partition] = 0;
    return partition;
  }

  private void ensurePartition(int partition) {
    if (partition >= sizes.length) {
      int length = Math.max(partition + 1, sizes.length * 2);
      ranked = Arrays.copyOf(ranked, length);
      sizes = Arrays.copyOf(sizes, length);
      lastAccess = Arrays.copyOf(lastAccess, length);
      touchedInBatch = Arrays.copyOf(touchedInBatch, length);
      beforeStart = Arrays.copyOf(beforeStart, length);
      beforeSize = Arrays.copyOf(beforeSize, length);
    }
  }

  /** Copies the batch's rows still ranked at its end into the store, in arrival order. */
  private void store(ColumnVector[] columns, int rowCount) {
    int count = 0;
    for (int t = 0; t < touchedCount; t++) {
      int partition = touched[t];
      for (int i = 0; i < sizes[partition]; i++) {
        if (ranked[partition][i] < 0) {
          count++;
        }
      }
    }
    if (count == 0) {
      return;
    }
    int[] rows = new int[count];
    int[] slots = new int[count];
    int n = 0;
    for (int t = 0; t < touchedCount; t++) {
      int partition = touched[t];
      int[] refs = ranked[partition];
      for (int i = 0; i < sizes[partition]; i++) {
        if (refs[i] < 0) {
          int entry = newEntry();
          rows[n] = ~refs[i];
          slots[n++] = entry;
          refs[i] = entry;
        }
      }
    }
    // arrival numbers in row order, as if each row had been numbered when it arrived
    int[] slotOfRow = new int[rowCount];
    Arrays.fill(slotOfRow, -1);
    for (int i = 0; i < count; i++) {
      slotOfRow[rows[i]] = slots[i];
    }
    for (int slot : slotOfRow) {
      if (slot >= 0) {
        entrySeq[slot] = seq++;
      }
    }
    entries.copyRows(columns, rows, slots, count);
  }

  /** Notes a partition's ranked entries before the batch changes them, for the diff. */
  private void touch(int partition) {
    touchedInBatch[partition] = batchNumber;
    if (touchedCount == touched.length) {
      touched = Arrays.copyOf(touched, touchedCount * 2);
    }
    touched[touchedCount++] = partition;
    int size = sizes[partition];
    if (beforeCount + size > before.length) {
      before = Arrays.copyOf(before, Math.max(beforeCount + size, before.length * 2));
    }
    System.arraycopy(ranked[partition], 0, before, beforeCount, size);
    beforeStart[partition] = beforeCount;
    beforeSize[partition] = size;
    beforeCount += size;
  }

  private int newEntry() {
    int entry = freeEntryCount > 0 ? freeEntries[--freeEntryCount] : nextEntry++;
    if (entry >= entrySeq.length) {
      entrySeq = Arrays.copyOf(entrySeq, Math.max(entry + 1, entrySeq.length * 2));
    }
    return entry;
  }

  /** An entry pushed out of its top N: still needed until the batch's -U or -D is emitted. */
  private void leave(int entry) {
    if (leavingCount == leaving.length) {
      leaving = Arrays.copyOf(leaving, leavingCount * 2);
    }
    leaving[leavingCount++] = entry;
  }

  private void freeEntry(int entry) {
    entries.clear(entry);
    if (freeEntryCount == freeEntries.length) {
      freeEntries = Arrays.copyOf(freeEntries, freeEntryCount * 2);
    }
    freeEntries[freeEntryCount++] = entry;
  }

  /** Collects output rows (entry slots, kinds and ranks) and gathers them into a batch. */
  private final class Output {
    int[] refs = new int[16];
    byte[] kinds = new byte[16];
    long[] ranks = new long[16];
    int count;
    boolean updating;

    void add(RowKind kind, int entry, long rank) {
      if (count == refs.length) {
        refs = Arrays.copyOf(refs, count * 2);
        kinds = Arrays.copyOf(kinds, count * 2);
        ranks = Arrays.copyOf(ranks, count * 2);
      }
      refs[count] = entry;
      kinds[count] = kind.toByte();
      ranks[count] = rank;
      count++;
      updating |= kind != RowKind.INSERT;
    }

    /** The rows, from the store or (not stored yet) from the batch {@code in}. */
    Batch build(Batch in) {
      ColumnVector[] out = new ColumnVector[outputTypes.size()];
      for (int c = 0; c < inputWidth; c++) {
        out[c] = entries.gather(c, in.column(c), refs, count);
      }
      if (spec.outputRankNumber()) {
        LongVector rankColumn = new LongVector(count);
        System.arraycopy(ranks, 0, rankColumn.values(), 0, count);
        out[inputWidth] = rankColumn;
      }
      return new Batch(out, count, updating ? Arrays.copyOf(kinds, count) : null);
    }
  }

  /** The changes of the partitions the batch touched, each diffed against its rows before. */
  private Batch changes(Batch in) {
    Output out = new Output();
    int rankStart = (int) spec.rankStart();
    for (int t = 0; t < touchedCount; t++) {
      int partition = touched[t];
      int[] after = ranked[partition];
      int afterSize = sizes[partition];
      int start = beforeStart[partition];
      int oldSize = beforeSize[partition];
      if (spec.outputRankNumber()) {
        // ranks are positions: the row at a rank changed, arrived or left
        for (int i = rankStart - 1; i < Math.max(oldSize, afterSize); i++) {
          // entries are refs (a stored slot, or ~row of the batch), any int: presence is by size
          boolean hasOld = i < oldSize;
          boolean hasNow = i < afterSize;
          int old = hasOld ? before[start + i] : 0;
          int now = hasNow ? after[i] : 0;
          if (hasOld && hasNow) {
            if (old == now) {
              continue;
            }
            if (updateBefore) {
              out.add(RowKind.UPDATE_BEFORE, old, i + 1);
            }
            out.add(RowKind.UPDATE_AFTER, now, i + 1);
          } else if (hasNow) {
            out.add(RowKind.INSERT, now, i + 1);
          } else {
            out.add(RowKind.DELETE, old, i + 1);
          }
        }
        continue;
      }
      for (int i = rankStart - 1; i < oldSize; i++) {
        if (!contains(after, rankStart - 1, afterSize, before[start + i])) {
          out.add(RowKind.DELETE, before[start + i], i + 1);
        }
      }
      for (int i = rankStart - 1; i < afterSize; i++) {
        if (!contains(before, start + rankStart - 1, start + oldSize, after[i])) {
          out.add(RowKind.INSERT, after[i], i + 1);
        }
      }
    }
    return out.build(in);
  }

  private static boolean contains(int[] slots, int from, int to, int entry) {
    for (int i = from; i < to; i++) {
      if (slots[i] == entry) {
        return true;
      }
    }
    return false;
  }

  /** A snapshot query's result: the top N of every partition, once, at the end of input. */
  private Batch finalRows(MicroBatch microBatch, Batch in) {
    Output out = new Output();
    if (microBatch.endOfInput()) {
      int rankStart = (int) spec.rankStart();
      for (int partition : livePartitions()) {
        for (int i = rankStart - 1; i < sizes[partition]; i++) {
          out.add(RowKind.INSERT, ranked[partition][i], i + 1);
        }
      }
    }
    return out.build(in);
  }

  /** Forgets partitions idle for longer than {@code state.ttl}, least recently touched first. */
  private void expire(long now) {
    if (recency == null) {
      return;
    }
    for (int partition = recency.first(); partition >= 0; partition = recency.first()) {
      if (now - lastAccess[partition] <= stateTtlMillis) {
        break;
      }
      removePartition(partition);
    }
  }

  /** The partitions held: with a TTL least recently touched first, else by slot. */
  private int[] livePartitions() {
    return recency != null ? recency.slots() : partitions.liveSlots();
  }

  private void removePartition(int partition) {
    for (int i = 0; i < sizes[partition]; i++) {
      freeEntry(ranked[partition][i]);
    }
    heldRows -= sizes[partition];
    sizes[partition] = 0;
    ranked[partition] = null;
    partitions.remove(partition);
    partitionKeys.clear(partition);
    if (recency != null) {
      recency.remove(partition);
    }
  }

  @Override
  public void snapshotState(DataOutputStream out) throws IOException {
    // RankOperator's format: the sequence, then per partition (least recently touched first: its
    // TTL expiry stops at the first partition still fresh) its last access and its entries in rank
    // order, each its arrival number and its values
    out.writeLong(seq);
    int[] order = livePartitions();
    out.writeInt(order.length);
    for (int partition : order) {
      out.writeLong(lastAccess[partition]);
      out.writeInt(sizes[partition]);
      for (int i = 0; i < sizes[partition]; i++) {
        int entry = ranked[partition][i];
        out.writeLong(entrySeq[entry]);
        for (Object value : entries.row(entry)) {
          StateSnapshots.writeValue(out, value);
        }
      }
    }
  }

  @Override
  public void restoreState(DataInputStream in, StateOwnership owned) throws IOException {
    seq = Math.max(seq, in.readLong());
    int count = in.readInt();
    for (int p = 0; p < count; p++) {
      long access = in.readLong();
      int rows = in.readInt();
      Object[][] values = new Object[rows][];
      long[] seqs = new long[rows];
      for (int r = 0; r < rows; r++) {
        seqs[r] = in.readLong();
        values[r] = new Object[inputWidth];
        for (int c = 0; c < inputWidth; c++) {
          values[r][c] = StateSnapshots.readValue(in);
        }
      }
      if (rows == 0) {
        continue;
      }
      Object[] key = new Object[keyColumns.length];
      for (int k = 0; k < key.length; k++) {
        key[k] = values[0][keyColumns[k]];
      }
      if (!owned.owns(key)) {
        continue;
      }
      restorePartition(key, access, values, seqs);
    }
  }

  private void restorePartition(Object[] key, long access, Object[][] values, long[] seqs) {
    int probe = partitions.slotLimit();
    partitionKeys.setRow(key, probe);
    int hash = partitions.hashOfSlot(probe);
    int existing = partitions.findSlot(probe, hash);
    if (existing >= 0) {
      // as a map would: the later section's rows for a key replace the earlier's
      removePartition(existing);
    }
    int partition = partitions.add(hash);
    if (partition != probe) {
      partitionKeys.setRow(key, partition);
      partitionKeys.clear(probe);
    }
    ensurePartition(partition);
    // an older run may have kept more than this top N (a plan that changed N is refused earlier)
    int rows = Math.min(values.length, rankEnd);
    ranked[partition] = new int[Math.max(1, Math.min(rankEnd, Math.max(4, rows)))];
    for (int r = 0; r < rows; r++) {
      int entry = newEntry();
      entries.setRow(values[r], entry);
      entrySeq[entry] = seqs[r];
      ranked[partition][r] = entry;
    }
    sizes[partition] = rows;
    lastAccess[partition] = access;
    // read least recently touched first: touching each in turn rebuilds the order
    if (recency != null) {
      recency.touch(partition);
    }
    touchedInBatch[partition] = 0;
    heldRows += rows;
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
