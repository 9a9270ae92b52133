package io.sluice.exec.operator;

import static java.util.Objects.requireNonNull;

import io.sluice.error.SluiceErrors;
import io.sluice.plan.spec.OutputMode;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.batch.LongVector;
import io.sluice.spi.changelog.RowKind;
import io.sluice.spi.type.ColumnType;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Keeps the last row of each key by a time column ({@code ROW_NUMBER() OVER (PARTITION BY k ORDER
 * BY ts DESC) = 1}), emitted as it changes: +I for a key's first row, +U (after -U when asked) for
 * each newer one, one change per key and batch. Rows behind the watermark are late and dropped;
 * among rows of equal time the last to arrive wins. Each key's row lives in column vectors by slot
 * ({@link RowStore}), found from the batch's vectors ({@link VectorKeyTable}): no boxed row or key
 * per input row.
 */
public final class DeduplicateLastOperator implements Operator {
  // what a changed key's entry in the batch's change list says about its row before the batch
  private static final int NEW_KEY = 0;
  private static final int REPLACED = 1;

  private final Operator input;
  private final int[] keyColumns;
  private final int timeColumn;
  private final boolean eventTime;
  private final List<ColumnType> types;
  private final OutputMode mode;
  private final boolean updateBefore;
  private final long stateTtlMillis;

  private final RowStore kept;
  private final VectorKeyTable keys;
  private long[] keptTimes = new long[16];
  private long[] lastAccess = new long[16];

  // the batch's changed keys in the order they first changed, each one's latest row in the batch
  // and whether it replaces a row; per slot, the batch it last changed in and its place in the list
  private int[] changedSlots = new int[16];
  private int[] latestRows = new int[16];
  private int[] changeKinds = new int[16];
  private int changedCount;
  private int[] changedInBatch = new int[16];
  private int[] changedIndex = new int[16];
  private int batchNumber;

  /** With a {@code state.ttl}: the keys, least recently touched first; else null. */
  private final SlotLru recency;

  private long lateRows;

  public DeduplicateLastOperator(
      Operator input,
      int[] keyColumns,
      int timeColumn,
      boolean eventTime,
      List<ColumnType> types,
      OutputMode mode,
      boolean updateBefore,
      long stateTtlMillis) {
    this.input = requireNonNull(input, "input is null");
    this.keyColumns = keyColumns.clone();
    this.timeColumn = timeColumn;
    this.eventTime = eventTime;
    this.types = List.copyOf(types);
    this.mode = requireNonNull(mode, "mode is null");
    this.updateBefore = updateBefore;
    this.stateTtlMillis = stateTtlMillis;
    this.kept = new RowStore(types);
    this.keys = new VectorKeyTable(kept, keyColumns);
    this.recency = stateTtlMillis > 0 ? new SlotLru() : null;
  }

  @Override
  public Batch next(MicroBatch microBatch) {
    Batch in = input.next(microBatch);
    if (in.rowKinds() != null) {
      throw SluiceErrors.unsupportedConstruct("Deduplication over an updating input");
    }
    long now = microBatch.processingTime();
    // Expired state is gone before the batch looks at it: a key idle past the TTL starts over.
    expire(now);
    batchNumber++;
    changedCount = 0;
    boolean deferred = in.hasDeferredColumns();
    ColumnVector[] columns =
        deferred ? Batches.readColumns(in, keyColumns, new int[] {timeColumn}) : in.columns();
    LongVector times = (LongVector) in.column(timeColumn);
    long watermark = microBatch.watermarkBefore();
    // A changed key's row is written into the store once, at the end of the batch, from its latest
    // row in the batch; until then the store holds its row before the batch, the -U to emit.
    for (int r = 0; r < in.rowCount(); r++) {
      if (times.isNull(r)) {
        continue;
      }
      long time = times.get(r);
      if (eventTime && time < watermark) {
        lateRows++;
        continue;
      }
      int hash = keys.hash(columns, r);
      int slot = keys.find(columns, r, hash);
      if (slot < 0) {
        slot = keys.add(hash);
        ensureSlot(slot);
        kept.copyColumns(columns, r, slot, keyColumns);
        changed(slot, r, NEW_KEY, time, now);
      } else {
        touch(slot, now);
        if (time < keptTimes[slot]) {
          continue;
        }
        if (changedInBatch[slot] == batchNumber) {
          latestRows[changedIndex[slot]] = r;
          keptTimes[slot] = time;
        } else {
          changed(slot, r, REPLACED, time, now);
        }
      }
    }
    // the rows the changes read: every column of each changed key's latest row only
    Batch rows = deferred ? latest(in) : in;
    Batch out = mode == OutputMode.FINAL ? finalRows(microBatch, rows) : changes(rows);
    kept.copyRows(rows.columns(), latestRows, changedSlots, changedCount);
    return out;
  }

  /**
   * The changed keys' latest rows of {@code in} as a batch of their own, in change order, with
   * {@link #latestRows} renumbered into it.
   */
  private Batch latest(Batch in) {
    Batch latest = Batches.select(in, Arrays.copyOf(latestRows, changedCount), changedCount);
    for (int i = 0; i < changedCount; i++) {
      latestRows[i] = i;
    }
    return latest;
  }

  private void changed(int slot, int row, int what, long time, long now) {
    if (changedCount == changedSlots.length) {
      changedSlots = Arrays.copyOf(changedSlots, changedCount * 2);
      latestRows = Arrays.copyOf(latestRows, changedCount * 2);
      changeKinds = Arrays.copyOf(changeKinds, changedCount * 2);
    }
    changedSlots[changedCount] = slot;
    latestRows[changedCount] = row;
    changeKinds[changedCount] = what;
    changedInBatch[slot] = batchNumber;
    changedIndex[slot] = changedCount;
    changedCount++;
    keptTimes[slot] = time;
    touch(slot, now);
  }

  private void touch(int slot, long now) {
    lastAccess[slot] = now;
    if (recency != null) {
      recency.touch(slot);
    }
  }

  private void ensureSlot(int slot) {
    if (slot >= keptTimes.length) {
      int length = Math.max(slot + 1, keptTimes.length * 2);
      keptTimes = Arrays.copyOf(keptTimes, length);
      lastAccess = Arrays.copyOf(lastAccess, length);
      changedInBatch = Arrays.copyOf(changedInBatch, length);
      changedIndex = Arrays.copyOf(changedIndex, length);
    }
  }

  /**
   * The batch's changes, before the store takes them: per changed key its row before the batch (-U,
   * when asked) from the store and its latest row (+I or +U) from the batch.
   */
  private Batch changes(Batch in) {
    boolean withBefore = updateBefore;
    int count = changedCount;
    boolean updating = false;
    for (int i = 0; i < changedCount; i++) {
      if (changeKinds[i] == REPLACED) {
        updating = true;
        count += withBefore ? 1 : 0;
      }
    }
    int[] refs = new int[count];
    byte[] kinds = updating ? new byte[count] : null;
    int row = 0;
    for (int i = 0; i < changedCount; i++) {
      boolean replaced = changeKinds[i] == REPLACED;
      if (replaced && withBefore) {
        refs[row] = changedSlots[i];
        kinds[row++] = RowKind.UPDATE_BEFORE.toByte();
      }
      refs[row] = ~latestRows[i];
      if (kinds != null) {
        kinds[row] = (replaced ? RowKind.UPDATE_AFTER : RowKind.INSERT).toByte();
      }
      row++;
    }
    ColumnVector[] out = new ColumnVector[types.size()];
    for (int c = 0; c < out.length; c++) {
      out[c] = kept.gather(c, in.column(c), refs, count);
    }
    return new Batch(out, count, kinds);
  }

  /**
   * A snapshot query's result: every key's last row, once, at the end of input (the batch's changes
   * are not in the store yet: a changed key's row comes from the batch).
   */
  private Batch finalRows(MicroBatch microBatch, Batch in) {
    if (!microBatch.endOfInput()) {
      return new Batch(allocate(0), 0);
    }
    int[] refs = new int[keys.size()];
    int count = 0;
    for (int slot : liveSlots()) {
      refs[count++] = changedInBatch[slot] == batchNumber ? ~latestRows[changedIndex[slot]] : slot;
    }
    ColumnVector[] out = new ColumnVector[types.size()];
    for (int c = 0; c < out.length; c++) {
      out[c] = kept.gather(c, in.column(c), refs, count);
    }
    return new Batch(out, count);
  }

  private ColumnVector[] allocate(int rows) {
    ColumnVector[] out = new ColumnVector[types.size()];
    for (int c = 0; c < out.length; c++) {
      out[c] = ColumnVector.allocate(types.get(c), rows);
    }
    return out;
  }

  /** Forgets keys idle for longer than {@code state.ttl}, least recently touched first. */
  private void expire(long now) {
    if (recency == null) {
      return;
    }
    for (int slot = recency.first(); slot >= 0; slot = recency.first()) {
      if (now - lastAccess[slot] <= stateTtlMillis) {
        break;
      }
      recency.remove(slot);
      keys.remove(slot);
      kept.clear(slot);
    }
  }

  @Override
  public void snapshotState(DataOutputStream out) throws IOException {
    // as the row-per-key operator wrote it: keys with their last access and row, least recently
    // touched first (its TTL expiry stops at the first key still fresh), then the rows waiting for
    // the watermark (none when keeping the last row)
    int[] live = liveSlots();
    out.writeInt(live.length);
    for (int slot : live) {
      out.writeLong(lastAccess[slot]);
      StateSnapshots.writeRow(out, kept.row(slot));
    }
    out.writeInt(0);
  }

  /** The slots of the keys held: with a TTL least recently touched first, else by slot. */
  private int[] liveSlots() {
    return recency != null ? recency.slots() : keys.liveSlots();
  }

  @Override
  public void restoreState(DataInputStream in, StateOwnership owned) throws IOException {
    int count = in.readInt();
    for (int k = 0; k < count; k++) {
      long access = in.readLong();
      Object[] values = StateSnapshots.readRow(in);
      if (!owned.ownsRow(values, keyColumns)) {
        continue;
      }
      restore(values, access);
    }
    int waiting = in.readInt();
    for (int p = 0; p < waiting; p++) {
      // a keep-first operator's pending rows never reach this one; read past them all the same
      StateSnapshots.readRow(in);
    }
  }

  private void restore(Object[] values, long access) {
    // the row goes into a spare slot first, to look its key up from the store's own vectors
    int probe = keys.slotLimit();
    kept.setRow(values, probe);
    int hash = keys.hashOfSlot(probe);
    int slot = keys.findSlot(probe, hash);
    if (slot < 0) {
      slot = keys.add(hash);
      ensureSlot(slot);
    }
    if (slot != probe) {
      kept.setRow(values, slot);
      kept.clear(probe);
    }
    keptTimes[slot] = (Long) values[timeColumn];
    // read least recently touched first: touching each in turn rebuilds the order
    touch(slot, access);
  }

  @Override
  public long stateRows() {
    return keys.size() + input.stateRows();
  }

  @Override
  public long stateBytes() {
    // per key: each column's value and null flag, time, last access, hash and table position;
    // an object column's value counted as a small object
    long perKey = 32;
    for (ColumnType type : types) {
      perKey += type.vectorKind() == ColumnType.VectorKind.OBJECT ? 57 : 9;
    }
    return perKey * keys.size() + input.stateBytes();
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
