package io.sluice.exec.operator;

import static java.util.Objects.requireNonNull;

import io.sluice.error.SluiceErrors;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.changelog.RowKind;
import io.sluice.spi.type.ColumnType;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The row-per-key keep-first deduplication {@link DeduplicateFirstOperator} replaced, kept as the
 * reference its tests compare with. Keeps the first row of each key by a time column ({@code
 * ROW_NUMBER() OVER (PARTITION BY k ORDER BY ts) = 1}). The first row over event time is held until
 * the watermark passes its time, when no earlier row can come, then emitted once (+I); over
 * processing time the first row to arrive is the first. Rows behind the watermark are late and
 * dropped; among rows of equal time the first to arrive is first. The last row of each key is
 * {@link DeduplicateLastOperator}'s.
 */
final class RowDeduplicateFirstOperator implements Operator {
  /** When a key was last touched (processing time, for {@code state.ttl}). */
  private static final class Kept {
    long lastAccess;

    Kept(long lastAccess) {
      this.lastAccess = lastAccess;
    }
  }

  private final Operator input;
  private final int[] keyColumns;
  private final int timeColumn;
  private final boolean eventTime;
  private final List<ColumnType> types;
  private final long stateTtlMillis;

  /** The keys already emitted, least recently touched first. */
  private final LinkedHashMap<RowKey, Kept> keys = new LinkedHashMap<>(16, 0.75f, true);

  /** Keeping the first row over event time: each key's earliest row, until the watermark passes. */
  private final LinkedHashMap<RowKey, Object[]> pending = new LinkedHashMap<>();

  private long lateRows;

  RowDeduplicateFirstOperator(
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
    RowBatches out = new RowBatches(types);
    keepFirst(in, microBatch, now, out);
    return out.build();
  }

  private void keepFirst(Batch in, MicroBatch microBatch, long now, RowBatches out) {
    for (Object[] row : in.rows()) {
      Long time = (Long) row[timeColumn];
      if (time == null) {
        continue;
      }
      if (eventTime && time < microBatch.watermarkBefore()) {
        lateRows++;
        continue;
      }
      RowKey key = RowKey.of(row, keyColumns);
      Kept seen = keys.get(key);
      if (seen != null) {
        seen.lastAccess = now;
        continue;
      }
      if (!eventTime) {
        keys.put(key, new Kept(now));
        out.add(RowKind.INSERT, row);
        continue;
      }
      Object[] earliest = pending.get(key);
      if (earliest == null || time < (Long) earliest[timeColumn]) {
        pending.put(key, row);
      }
    }
    long closed = microBatch.endOfInput() ? Long.MAX_VALUE : microBatch.watermarkAfter();
    Iterator<Map.Entry<RowKey, Object[]>> iterator = pending.entrySet().iterator();
    while (iterator.hasNext()) {
      Map.Entry<RowKey, Object[]> entry = iterator.next();
      if ((Long) entry.getValue()[timeColumn] <= closed) {
        out.add(RowKind.INSERT, entry.getValue());
        keys.put(entry.getKey(), new Kept(now));
        iterator.remove();
      }
    }
  }

  /** Forgets keys idle for longer than {@code state.ttl}. */
  private void expire(long now) {
    if (stateTtlMillis <= 0) {
      return;
    }
    Iterator<Kept> iterator = keys.values().iterator();
    while (iterator.hasNext()) {
      if (now - iterator.next().lastAccess <= stateTtlMillis) {
        break;
      }
      iterator.remove();
    }
  }

  @Override
  public void snapshotState(DataOutputStream out) throws IOException {
    out.writeInt(keys.size());
    for (Map.Entry<RowKey, Kept> entry : keys.entrySet()) {
      out.writeLong(entry.getValue().lastAccess);
      StateSnapshots.writeRow(out, entry.getKey().values());
    }
    out.writeInt(pending.size());
    for (Object[] row : pending.values()) {
      StateSnapshots.writeRow(out, row);
    }
  }

  @Override
  public void restoreState(DataInputStream in, StateOwnership owned) throws IOException {
    int count = in.readInt();
    for (int k = 0; k < count; k++) {
      long lastAccess = in.readLong();
      Object[] values = StateSnapshots.readRow(in);
      if (owned.owns(values)) {
        keys.put(RowKey.of(values), new Kept(lastAccess));
      }
    }
    int waiting = in.readInt();
    for (int p = 0; p < waiting; p++) {
      Object[] row = StateSnapshots.readRow(in);
      if (owned.ownsRow(row, keyColumns)) {
        pending.put(RowKey.of(row, keyColumns), row);
      }
    }
  }

  @Override
  public long stateRows() {
    return keys.size() + pending.size() + input.stateRows();
  }

  @Override
  public long stateBytes() {
    return 48L * keys.size() * Math.max(1, keyColumns.length)
        + 48L * pending.size() * types.size()
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
