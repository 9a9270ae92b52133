package io.sluice.exec.operator;

import static java.util.Objects.requireNonNull;

import io.sluice.error.SluiceErrors;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.batch.LongVector;
import io.sluice.spi.type.ColumnType;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Keeps the first row of each key by a time column ({@code ROW_NUMBER() OVER (PARTITION BY k ORDER
 * BY ts) = 1}). The first row over event time is held until the watermark passes its time, when no
 * earlier row can come, then emitted once (+I); over processing time the first row to arrive is the
 * first. Rows behind the watermark are late and dropped; among rows of equal time the first to
 * arrive is first. The last row of each key is {@link DeduplicateLastOperator}'s.
 *
 * <p>Keys live in column vectors by slot ({@link VectorKeyTable} over a {@link RowStore} of the key
 * columns), found from the batch's vectors, so a row of a key already emitted costs a lookup, with
 * nothing boxed; a key's earliest row waiting for the watermark is held in a second store, only
 * while it waits. Emits what the row-per-key algorithm it replaced emitted, in the same order, and
 * reads and writes its checkpoint format.
 */
public final class DeduplicateFirstOperator implements Operator {
  private final Operator input;
  private final int[] keyColumns;
  private final int timeColumn;
  private final boolean eventTime;
  private final List<ColumnType> types;
  private final long stateTtlMillis;

  /** Each key's values, in slot {@code k} of key slot {@code k}. */
  private final RowStore keyValues;

  private final int[] keyPositions;
  private final VectorKeyTable keys;
  // per key slot: whether its row was emitted (else its earliest row waits), when it was last
  // touched, the waiting row's time, the waiting store's slot holding it (-1: none yet), and the
  // batch's row that replaces it at the end of the batch (-1: none)
  private boolean[] emitted = new boolean[16];
  private long[] lastAccess = new long[16];
  private long[] waitingTime = new long[16];
  private int[] waitingSlot = new int[16];
  private int[] batchRow = new int[16];
  private int emittedCount;

  /** The waiting keys, in the order they first waited: the order they are emitted in. */
  private int[] waitingOrder = new int[16];

  private int waitingCount;

  /** The rows waiting for the watermark, each in a slot of its own while it waits. */
  private final RowStore waitingRows;

  private int[] freeWaitingSlots = new int[16];
  private int freeWaitingCount;
  private int nextWaitingSlot;

  /** With a {@code state.ttl}: the emitted keys, least recently touched first; else null. */
  private final SlotLru recency;

  private long lateRows;

  public DeduplicateFirstOperator(
      Operator input,
      int[] keyColumns,
      int timeColumn,
      boolean eventTime,
      List<ColumnType> types,
      long stateTtlMillis) {
    this.input = requireNonNull(input, "input is null");
    this.keyColumns = keyColumns.clone();
    this.timeColumn = timeColumn;
    this.eventTime = eventTime;
    this.types = List.copyOf(types);
    this.stateTtlMillis = stateTtlMillis;
    List<ColumnType> keyTypes = new ArrayList<>();
    this.keyPositions = new int[keyColumns.length];
    for (int k = 0; k < keyColumns.length; k++) {
      keyPositions[k] = k;
      keyTypes.add(this.types.get(keyColumns[k]));
    }
    this.keyValues = new RowStore(keyTypes);
    this.keys = new VectorKeyTable(keyValues, keyPositions, this.keyColumns);
    this.waitingRows = new RowStore(this.types);
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
    // a deferred column (a join's output, a generator's padding) is read for the rows held only
    boolean deferred = in.hasDeferredColumns();
    ColumnVector[] columns =
        deferred ? Batches.readColumns(in, keyColumns, new int[] {timeColumn}) : in.columns();
    ColumnVector[] keyVectors = new ColumnVector[keyColumns.length];
    for (int k = 0; k < keyColumns.length; k++) {
      keyVectors[k] = columns[keyColumns[k]];
    }
    LongVector times = (LongVector) in.column(timeColumn);
    long watermark = microBatch.watermarkBefore();
    // over processing time: the batch's rows emitted, as ~row refs
    int[] firsts = eventTime ? null : new int[Math.max(1, in.rowCount())];
    int firstCount = 0;
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
      if (slot >= 0) {
        if (emitted[slot]) {
          touch(slot, now);
        } else if (time < waitingTime[slot]) {
          // an earlier row of a waiting key: the first among equal times stays
          waitingTime[slot] = time;
          batchRow[slot] = r;
        }
        continue;
      }
      slot = keys.add(hash);
      ensureSlot(slot);
      keyValues.copyColumns(keyVectors, r, slot, keyPositions);
      waitingSlot[slot] = -1;
      batchRow[slot] = -1;
      if (eventTime) {
        emitted[slot] = false;
        startWaiting(slot, time);
        batchRow[slot] = r;
      } else {
        emit(slot, now);
        firsts[firstCount++] = ~r;
      }
    }
    if (!eventTime) {
      return deferred ? firstRows(in, firsts, firstCount) : rows(in, firsts, firstCount);
    }
    holdWaitingRows(in, columns, deferred);
    long closed = microBatch.endOfInput() ? Long.MAX_VALUE : microBatch.watermarkAfter();
    return emitClosed(in, closed, now);
  }

  private void ensureSlot(int slot) {
    if (slot >= emitted.length) {
      int length = Math.max(slot + 1, emitted.length * 2);
      emitted = Arrays.copyOf(emitted, length);
      lastAccess = Arrays.copyOf(lastAccess, length);
      waitingTime = Arrays.copyOf(waitingTime, length);
      waitingSlot = Arrays.copyOf(waitingSlot, length);
      batchRow = Arrays.copyOf(batchRow, length);
    }
  }

  private void touch(int slot, long now) {
    lastAccess[slot] = now;
    if (recency != null) {
      recency.touch(slot);
    }
  }

  private void emit(int slot, long now) {
    if (!emitted[slot]) {
      emitted[slot] = true;
      emittedCount++;
    }
    touch(slot, now);
  }

  /** Key {@code slot} starts waiting, last in the order of waiting keys. */
  private void startWaiting(int slot, long time) {
    waitingTime[slot] = time;
    if (waitingCount == waitingOrder.length) {
      waitingOrder = Arrays.copyOf(waitingOrder, waitingCount * 2);
    }
    waitingOrder[waitingCount++] = slot;
  }

  /** The waiting store's slot of waiting key {@code slot}, taken now if it has none. */
  private int heldSlot(int slot) {
    if (waitingSlot[slot] < 0) {
      waitingSlot[slot] =
          freeWaitingCount > 0 ? freeWaitingSlots[--freeWaitingCount] : nextWaitingSlot++;
    }
    return waitingSlot[slot];
  }

  /**
   * Copies the waiting rows the batch replaced or added into the waiting store, from {@code
   * columns} or, when {@code in} defers some, from those rows read alone.
   */
  private void holdWaitingRows(Batch in, ColumnVector[] columns, boolean deferred) {
    int[] rows = new int[waitingCount];
    int[] slots = new int[waitingCount];
    int count = 0;
    for (int i = 0; i < waitingCount; i++) {
      int slot = waitingOrder[i];
      if (batchRow[slot] >= 0) {
        rows[count] = batchRow[slot];
        slots[count++] = heldSlot(slot);
        batchRow[slot] = -1;
      }
    }
    if (deferred) {
      columns = Batches.select(in, rows, count).columns();
      for (int i = 0; i < count; i++) {
        rows[i] = i;
      }
    }
    waitingRows.copyRows(columns, rows, slots, count);
  }

  /** The rows {@code ~refs[i]} of {@code in}, read alone (its deferred columns for them only). */
  private static Batch firstRows(Batch in, int[] refs, int count) {
    int[] rows = new int[count];
    for (int i = 0; i < count; i++) {
      rows[i] = ~refs[i];
    }
    return Batches.select(in, rows, count);
  }

  /**
   * Emits the waiting keys whose row's time the watermark passed ({@code closed}), in the order
   * they first waited, and frees their rows.
   */
  private Batch emitClosed(Batch in, long closed, long now) {
    int[] refs = new int[Math.max(1, waitingCount)];
    int count = 0;
    int still = 0;
    for (int i = 0; i < waitingCount; i++) {
      int slot = waitingOrder[i];
      if (waitingTime[slot] <= closed) {
        refs[count++] = waitingSlot[slot];
        waitingSlot[slot] = -1;
        emit(slot, now);
      } else {
        waitingOrder[still++] = slot;
      }
    }
    waitingCount = still;
    Batch out = rows(in, refs, count);
    for (int i = 0; i < count; i++) {
      freeWaitingSlot(refs[i]);
    }
    return out;
  }

  /** The rows {@code refs} (a waiting slot, or ~row of {@code in}), as a batch. */
  private Batch rows(Batch in, int[] refs, int count) {
    ColumnVector[] out = new ColumnVector[types.size()];
    ColumnVector[] held = waitingRows.columns();
    for (int c = 0; c < out.length; c++) {
      out[c] = waitingRows.gather(c, eventTime ? held[c] : in.column(c), refs, count);
    }
    return new Batch(out, count);
  }

  /** Forgets emitted keys idle for longer than {@code state.ttl}, least recently touched first. */
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
      keyValues.clear(slot);
      emitted[slot] = false;
      emittedCount--;
    }
  }

  @Override
  public void snapshotState(DataOutputStream out) throws IOException {
    // as the row-per-key operator wrote it: the emitted keys with their last access, least
    // recently touched first (its TTL expiry stops at the first key still fresh), then the rows
    // waiting for the watermark in the order they first waited
    int[] live = recency != null ? recency.slots() : keys.liveSlots();
    out.writeInt(emittedCount);
    for (int slot : live) {
      if (emitted[slot]) {
        out.writeLong(lastAccess[slot]);
        StateSnapshots.writeRow(out, keyValues.row(slot));
      }
    }
    out.writeInt(waitingCount);
    for (int i = 0; i < waitingCount; i++) {
      StateSnapshots.writeRow(out, waitingRows.row(waitingSlot[waitingOrder[i]]));
    }
  }

  @Override
  public void restoreState(DataInputStream in, StateOwnership owned) throws IOException {
    int count = in.readInt();
    for (int k = 0; k < count; k++) {
      long access = in.readLong();
      Object[] key = StateSnapshots.readRow(in);
      if (!owned.owns(key)) {
        continue;
      }
      int slot = restoreKey(key);
      if (waitingSlot[slot] >= 0) {
        // emitted by one writer, waiting in an earlier one's section (only a checkpoint this
        // server did not write has that): its row was emitted, so it waits no more
        stopWaiting(slot);
      }
      // read least recently touched first: touching each in turn rebuilds the order
      emit(slot, access);
    }
    int waiting = in.readInt();
    for (int p = 0; p < waiting; p++) {
      Object[] row = StateSnapshots.readRow(in);
      if (!owned.ownsRow(row, keyColumns)) {
        continue;
      }
      Object[] key = new Object[keyColumns.length];
      for (int k = 0; k < key.length; k++) {
        key[k] = row[keyColumns[k]];
      }
      int slot = restoreKey(key);
      if (emitted[slot]) {
        // emitted already (in an earlier section): its first row went out, this one never will
        continue;
      }
      long time = (Long) row[timeColumn];
      if (waitingSlot[slot] < 0) {
        startWaiting(slot, time);
      } else {
        // as a map would: a later row for the key replaces its row and keeps its place
        waitingTime[slot] = time;
      }
      waitingRows.setRow(row, heldSlot(slot));
    }
  }

  /** Takes waiting key {@code slot} out of the waiting keys and frees its waiting row. */
  private void stopWaiting(int slot) {
    int still = 0;
    for (int i = 0; i < waitingCount; i++) {
      if (waitingOrder[i] != slot) {
        waitingOrder[still++] = waitingOrder[i];
      }
    }
    waitingCount = still;
    freeWaitingSlot(waitingSlot[slot]);
    waitingSlot[slot] = -1;
  }

  private void freeWaitingSlot(int held) {
    waitingRows.clear(held);
    if (freeWaitingCount == freeWaitingSlots.length) {
      freeWaitingSlots = Arrays.copyOf(freeWaitingSlots, freeWaitingCount * 2);
    }
    freeWaitingSlots[freeWaitingCount++] = held;
  }

  /** The slot of {@code key}, added (neither emitted nor waiting) if it is new. */
  private int restoreKey(Object[] key) {
    // the key goes into a spare slot first, to look it up from the store's own vectors
    int probe = keys.slotLimit();
    keyValues.setRow(key, probe);
    int hash = keys.hashOfSlot(probe);
    int slot = keys.findSlot(probe, hash);
    if (slot < 0) {
      slot = keys.add(hash);
      ensureSlot(slot);
      emitted[slot] = false;
      waitingSlot[slot] = -1;
      batchRow[slot] = -1;
    }
    if (slot != probe) {
      keyValues.setRow(key, slot);
      keyValues.clear(probe);
    }
    return slot;
  }

  @Override
  public long stateRows() {
    return emittedCount + waitingCount + input.stateRows();
  }

  @Override
  public long stateBytes() {
    return 48L * emittedCount * Math.max(1, keyColumns.length)
        + 48L * waitingCount * types.size()
        + input.stateBytes();
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
