package io.sluice.exec.operator;

import static java.util.Objects.requireNonNull;

import io.sluice.error.SluiceErrors;
import io.sluice.plan.spec.OutputMode;
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
 * Keeps the first or the last row of each key by a time column. The first row over event time is
 * held until the watermark passes its time, when no earlier row can come, then emitted once (+I);
 * over processing time the first row to arrive is the first. The last row is emitted as it changes:
 * +I for a key's first row, +U (after -U when asked) for each newer one. Rows behind the watermark
 * are late and dropped; among rows of equal time the first to arrive is first (and the last the
 * last).
 */
public final class DeduplicateOperator implements Operator {
  /** A key's kept row and when it was last touched (processing time, for {@code state.ttl}). */
  private static final class Kept {
    Object[] row;
    long lastAccess;

    Kept(Object[] row, long lastAccess) {
      this.row = row;
      this.lastAccess = lastAccess;
    }
  }

  private final Operator input;
  private final int[] keyColumns;
  private final int timeColumn;
  private final boolean eventTime;
  private final boolean keepLast;
  private final List<ColumnType> types;
  private final OutputMode mode;
  private final boolean updateBefore;
  private final long stateTtlMillis;

  /**
   * Keys, least recently touched first: keeping the last row, each key's row; keeping the first,
   * the keys already emitted (their rows are not needed any more, so null).
   */
  private final LinkedHashMap<RowKey, Kept> keys = new LinkedHashMap<>(16, 0.75f, true);

  /** Keeping the first row over event time: each key's earliest row, until the watermark passes. */
  private final LinkedHashMap<RowKey, Object[]> pending = new LinkedHashMap<>();

  private long lateRows;

  public DeduplicateOperator(
      Operator input,
      int[] keyColumns,
      int timeColumn,
      boolean eventTime,
      boolean keepLast,
      List<ColumnType> types,
      OutputMode mode,
      boolean updateBefore,
      long stateTtlMillis) {
    this.input = requireNonNull(input, "input is null");
    this.keyColumns = keyColumns.clone();
    this.timeColumn = timeColumn;
    this.eventTime = eventTime;
    this.keepLast = keepLast;
    this.types = List.copyOf(types);
    this.mode = requireNonNull(mode, "mode is null");
    this.updateBefore = updateBefore;
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
    if (keepLast) {
      keepLast(in, microBatch, now, out);
    } else {
      keepFirst(in, microBatch, now, out);
    }
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
        keys.put(key, new Kept(null, now));
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
        keys.put(entry.getKey(), new Kept(null, now));
        iterator.remove();
      }
    }
  }

  private void keepLast(Batch in, MicroBatch microBatch, long now, RowBatches out) {
    Map<RowKey, Object[]> changedFrom = new LinkedHashMap<>();
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
      Kept kept = keys.get(key);
      if (kept == null) {
        keys.put(key, new Kept(row, now));
        changedFrom.putIfAbsent(key, null);
        continue;
      }
      kept.lastAccess = now;
      if (time >= (Long) kept.row[timeColumn]) {
        if (!changedFrom.containsKey(key)) {
          changedFrom.put(key, kept.row);
        }
        kept.row = row;
      }
    }
    if (mode == OutputMode.FINAL) {
      if (microBatch.endOfInput()) {
        keys.values().forEach(kept -> out.add(RowKind.INSERT, kept.row));
      }
      return;
    }
    for (Map.Entry<RowKey, Object[]> change : changedFrom.entrySet()) {
      Object[] latest = keys.get(change.getKey()).row;
      Object[] old = change.getValue();
      if (old == null) {
        out.add(RowKind.INSERT, latest);
      } else if (old != latest) {
        if (updateBefore) {
          out.add(RowKind.UPDATE_BEFORE, old);
        }
        out.add(RowKind.UPDATE_AFTER, latest);
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
      StateSnapshots.writeRow(out, keepLast ? entry.getValue().row : entry.getKey().values());
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
      if (!(keepLast ? owned.ownsRow(values, keyColumns) : owned.owns(values))) {
        continue;
      }
      if (keepLast) {
        keys.put(RowKey.of(values, keyColumns), new Kept(values, lastAccess));
      } else {
        keys.put(RowKey.of(values), new Kept(null, lastAccess));
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
    int width = keepLast ? types.size() : keyColumns.length;
    return 48L * keys.size() * Math.max(1, width)
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
